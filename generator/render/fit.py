"""Fit a document's pages so that its last page is not nearly empty.

In: a function that lays a document out with a fit class on <body> (None for
the default spacing; see the fit-* rules at the end of layouts/print.css).
Out: the laid-out WeasyPrint document to write. The default is kept when its
last page is full enough (and tighter spacing does not save a whole page
when the gaps at the foot of the other pages add up to the last page's
content); otherwise tighter spacing is tried (pulling a short
tail back onto the page before), then looser spacing, more lines carried over
with a paragraph, and the last item or paragraph moved to the last page (each
pushing more onto it). The first that ends well without adding a page wins,
or else the fullest ending. Type size never changes: only the space between
blocks, the height of writing lines and where pages break, within the limits
the CSS classes set.

A known choice (`Fit`, as an earlier search over the same content and
rendering inputs returned it) is laid out once: layout is deterministic, so
it gives the very document the search would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The layout check fails a last page under 25% full; the fit aims higher, because
# it measures layout boxes and the check measures ink.
TARGET = 0.30
VARIANTS = (
    "fit-tight",
    "fit-tighter",
    "fit-loose",
    "fit-looser",
    "fit-widows",
    "fit-push",
    "fit-push-more",
    "fit-push-section",
)


@dataclass(frozen=True)
class Fit:
    """What a fit search chose: the class for <body> (None: the default spacing), and
    how many layouts it took to find it."""

    variant: str | None
    layouts: int = 1


def fitted(lay_out: Callable[[str | None], Any], known: Fit | None = None) -> tuple[Any, Fit]:
    """The laid-out document to write and the choice made. With `known`, that choice is
    laid out once instead of searched for."""
    if known is not None:
        return lay_out(known.variant), Fit(known.variant, 1)
    first = lay_out(None)
    if _ends_well(first):
        if _slack(first) >= last_page_fill(first):  # the gaps above might hold the last page
            for count, variant in enumerate(VARIANTS[:2], start=2):
                tighter = lay_out(variant)
                if len(tighter.pages) < len(first.pages) and _ends_well(tighter):
                    return tighter, Fit(variant, count)
            return first, Fit(None, 3)
        return first, Fit(None, 1)
    tried: list[tuple[str | None, Any]] = [(None, first)]
    # Pulling the tail back is tried first, unless it cannot work: then the search starts
    # by pushing more onto the last page (looser spacing and the rest).
    order = VARIANTS if _may_pull_back(first) else VARIANTS[2:]
    for count, variant in enumerate(order, start=2):
        document = lay_out(variant)
        if len(document.pages) > len(first.pages):
            continue  # never a page more
        if _ends_well(document):
            return document, Fit(variant, count)
        tried.append((variant, document))
    chosen, best = max(tried, key=lambda t: (last_page_fill(t[1]), -len(t[1].pages)))
    return best, Fit(chosen, 1 + len(order))


# The tightest spacing (fit-tighter in print.css) keeps 45% of the space between blocks
# and 90% of a writing line's height: the most it can free is 55% of whatever a page's
# content height holds besides lines of text and drawings (type never changes size).
MOST_FREED = 1 - 0.45


def _may_pull_back(document: Any) -> bool:
    """Whether tighter spacing might move the last page's content onto the pages before:
    False only when that content is taller than the gaps at the foot of those pages and
    the most tighter spacing could free on every page together."""
    if len(document.pages) < 2:
        return False
    pages = document.pages
    freed = MOST_FREED * sum(_spacing(page) for page in pages)
    return last_page_fill(document) <= _slack(document) + freed


def _ends_well(document: Any) -> bool:
    return len(document.pages) == 1 or last_page_fill(document) >= TARGET


def _slack(document: Any) -> float:
    """The empty space left at the foot of every page but the last, in pages."""
    return sum(1 - page_fill(page) for page in document.pages[:-1])


def last_page_fill(document: Any) -> float:
    return page_fill(document.pages[-1])


def _spacing(laid_out_page: Any) -> float:
    """The part of a page's content height (in pages) that no line of text or drawing
    covers: margins, padding, writing lines, the gaps that spacing classes scale. Lines
    side by side (columns, fields on one row) cover their height once."""
    from weasyprint.formatting_structure import boxes

    page = laid_out_page._page_box
    if not page.height:
        return 0.0
    spans = []
    stack = [child for child in page.children if not isinstance(child, boxes.MarginBox)]
    while stack:
        box = stack.pop()
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)):
            spans.append((box.position_y, box.position_y + box.margin_height()))
        elif isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.InlineBox):
            stack.extend(box.children)
    covered, reached = 0.0, float("-inf")
    for top, bottom in sorted(spans):
        covered += max(0.0, bottom - max(top, reached))
        reached = max(reached, bottom)
    height = float(page.height)
    return max(0.0, page_fill(laid_out_page) * height - covered) / height


def page_fill(laid_out_page: Any) -> float:
    """How far down its content box a page's content reaches (0-1)."""
    from weasyprint.formatting_structure import boxes

    page = laid_out_page._page_box
    top = page.content_box_y()
    bottom = top
    for child in page.children:
        if isinstance(child, boxes.MarginBox):
            continue  # the running header and footer
        for box in child.descendants():
            if box.style["visibility"] != "visible":
                continue
            drawn = (
                isinstance(box, (boxes.LineBox, boxes.ReplacedBox)) or box.style["border_bottom_width"] > 0
            )
            if drawn:
                bottom = max(bottom, box.position_y + box.margin_height() - box.margin_bottom)
    return (bottom - top) / page.height if page.height else 0.0
