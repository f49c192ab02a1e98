"""Fit a document's pages so that its last page is not nearly empty.

In: a function that lays a document out with a fit class on <body> (None for
the default spacing; see the fit-* rules at the end of layouts/print.css).
Out: the laid-out WeasyPrint document to write. The default is kept when its
last page is full enough (and tighter spacing does not save a whole page
when the gaps at the foot of the other pages add up to the last page's
content); otherwise tighter spacing is tried (pulling a short
tail back onto the page before), then looser spacing, more lines carried over
with a paragraph, and the last item or paragraph moved to the last page (each
pushing more onto it). Tighter spacing is not tried when the first layout shows
it cannot pull the last page back (`_may_pull_back`: the room the pages before
could make, at most, is less than the last page's content): every layout
costs as much as the first. The first that ends well without adding a page wins,
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
from functools import cache
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
    pull_back = _may_pull_back(first)  # tighter spacing might save the last page
    if _ends_well(first):
        if pull_back and _slack(first) >= last_page_fill(first):  # the gaps above might hold it
            for count, variant in enumerate(VARIANTS[:2], start=2):
                tighter = lay_out(variant)
                if len(tighter.pages) < len(first.pages) and _ends_well(tighter):
                    return tighter, Fit(variant, count)
            return first, Fit(None, 3)
        return first, Fit(None, 1)
    tried: list[tuple[str | None, Any]] = [(None, first)]
    # Pulling the tail back is tried first, unless it cannot work: then the search starts
    # by pushing more onto the last page (looser spacing and the rest).
    order = VARIANTS if pull_back else VARIANTS[2:]
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
# and 90% of a writing line's height; type, padding, borders and other margins never
# change. So it frees at most 55% of the vertical margins of the blocks a stylesheet
# rule spaces with --space (see _spaced) and 10% of the height of empty blocks (writing
# lines, answer space), and never more than the page leaves uncovered by lines of text
# and drawings.
MARGIN_FREED = 1 - 0.45
EMPTY_FREED = 1 - 0.9
# What the estimate may miss (a margin dropped at a new page break), in pages: a line.
ALLOWANCE = 0.02


def _may_pull_back(document: Any) -> bool:
    """Whether tighter spacing might move the last page's content onto the pages before.
    False only when it cannot: when the last page's content, less what tighter spacing
    frees on it, is taller than the room the pages before can make (their foot gaps and
    what tighter spacing frees on them), counting only the pages after the last break
    that nothing can cross (the first line, or unbreakable block, of the next page is
    taller than all the room made before it)."""
    if len(document.pages) < 2:
        return False
    spaced = _spaced(document)
    pages = [_measure(page, spaced) for page in document.pages]
    room = 0.0
    for before, after in zip(pages, pages[1:], strict=False):
        room += 1 - before.fill + before.freed
        if after.first_piece > room + ALLOWANCE:
            room = 0.0  # nothing crosses this break: the room above it is of no use
    last = pages[-1]
    return last.fill - last.freed <= room + ALLOWANCE


def _ends_well(document: Any) -> bool:
    return len(document.pages) == 1 or last_page_fill(document) >= TARGET


def _slack(document: Any) -> float:
    """The empty space left at the foot of every page but the last, in pages."""
    return sum(1 - page_fill(page) for page in document.pages[:-1])


def last_page_fill(document: Any) -> float:
    return page_fill(document.pages[-1])


Span = tuple[float, float]  # a vertical extent on the page: top, bottom


@dataclass(frozen=True)
class _Measured:
    """A laid-out page, in pages: how far down its content reaches, the most the tightest
    spacing could free on it (see MARGIN_FREED), and a lower bound of its first piece's
    height (its first line, or the lines of the unbreakable block it opens)."""

    fill: float
    freed: float
    first_piece: float


def _measure(laid_out_page: Any, spaced: Callable[[Any], bool]) -> _Measured:
    """`spaced`: whether a box's element has its margins scaled by --space."""
    page = laid_out_page._page_box
    fill = page_fill(laid_out_page)
    if not page.height:
        return _Measured(fill, 0.0, 0.0)
    height = float(page.height)
    spans: list[Span] = []
    margins: list[Span] = []
    empty = 0.0
    within: dict[int, list[Span]] = {}  # the line spans of each block, by id
    first: tuple[Span, tuple[Any, ...]] | None = None  # the top line and its blocks, outer first
    stack: list[tuple[Any, tuple[Any, ...]]] = [(child, ()) for child in page.children]
    while stack:
        box, blocks = stack.pop()
        if type(box).__name__ == "MarginBox" or not _in_flow(box):
            continue
        if _is_line(box):
            span = (box.position_y, box.position_y + box.margin_height())
            spans.append(span)
            for block in blocks:
                within.setdefault(id(block), []).append(span)
            if first is None or span[0] < first[0][0]:
                first = (span, blocks)
        elif _is_block_container(box):
            if spaced(box):  # margins that collapse overlap: their union counts once
                bottom = box.position_y + box.margin_height()
                margins += [
                    (box.position_y, box.position_y + box.margin_top),
                    (bottom - box.margin_bottom, bottom),
                ]
            if not box.children:
                empty += box.height
            stack.extend((child, (*blocks, box)) for child in box.children)
    uncovered = max(0.0, fill * height - _covered(spans))
    freed = min(uncovered, MARGIN_FREED * _covered(margins) + EMPTY_FREED * empty) / height
    if first is None:
        return _Measured(fill, freed, 0.0)
    line, blocks = first
    return _Measured(fill, freed, _covered(_first_piece(line, blocks, within)) / height)


AVOID = ("avoid", "avoid-page")


def _first_piece(line: Span, blocks: tuple[Any, ...], within: dict[int, list[Span]]) -> list[Span]:
    """The lines of a page's first piece, at least: its first line, or all the lines of the
    outermost block around it that keeps together; then, from each block (inner to outer)
    the piece holds whole, on through the next blocks it must not be parted from
    (break-after or break-before: avoid: a heading and its first paragraph)."""
    outer = next((block for block in blocks if _unbreakable(block)), None)
    piece = list(within[id(outer)]) if outer is not None else [line]
    for depth in range(len(blocks) - 1, 0, -1):
        parent, block = blocks[depth - 1], blocks[depth]
        siblings = [child for child in parent.children if _is_block_container(child) and _in_flow(child)]
        index = next((i for i, child in enumerate(siblings) if child is block), None)
        while index is not None and set(within.get(id(siblings[index]), [])) <= set(piece):
            if index + 1 == len(siblings):
                break
            before, after = siblings[index], siblings[index + 1]
            if before.style["break_after"] not in AVOID and after.style["break_before"] not in AVOID:
                break
            piece += _lead(after, within)
            index += 1
    return piece


def _lead(box: Any, within: dict[int, list[Span]]) -> list[Span]:
    """The lines of a block's first piece, at least: all of them when it keeps together,
    else those of its first child's lead, or its first line."""
    while not _unbreakable(box):
        children = [child for child in box.children if id(child) in within or _is_line(child)]
        if not children:
            return []  # no line of its own on this page
        box = children[0]
        if _is_line(box):
            return [(box.position_y, box.position_y + box.margin_height())]
    return within.get(id(box), [])


def _spaced(document: Any) -> Callable[[Any], bool]:
    """Whether a laid-out box's element is matched by a rule of the layouts' stylesheets
    whose margins use --space (any of them, print options' too: counting a margin that
    does not scale only makes the estimate higher)."""
    import cssselect2  # type: ignore[import-untyped]  # WeasyPrint's own dependency, untyped

    html = document.pages[0]._page_box.children[0].element
    wrappers = {id(w.etree_element): w for w in cssselect2.ElementWrapper.from_html_root(html).iter_subtree()}
    verdicts: dict[int, bool] = {}

    def spaced(box: Any) -> bool:
        element = getattr(box, "element", None)
        if element is None or id(element) not in wrappers:
            return False
        key = id(element)
        if key not in verdicts:
            verdicts[key] = any(s.test(wrappers[key]) for s in _spacing_selectors())
        return verdicts[key]

    return spaced


@cache
def _spacing_selectors() -> tuple[Any, ...]:
    """The compiled selectors (no pseudo-elements) of the layouts' rules that set a margin
    with var(--space)."""
    import cssselect2
    import tinycss2  # type: ignore[import-untyped]  # the same

    from generator.spec.files import LAYOUTS

    found = []
    for path in sorted(LAYOUTS.glob("*.css")):
        rules = tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), True, True)
        for rule in rules:
            if rule.type != "qualified-rule":
                continue  # @page and @media screen rules space no printed block
            declarations = tinycss2.parse_declaration_list(rule.content, True, True)
            if any(
                d.type == "declaration"
                and d.lower_name.startswith("margin")
                and "--space" in tinycss2.serialize(d.value)
                for d in declarations
            ):
                found += [s for s in cssselect2.compile_selector_list(rule.prelude) if not s.pseudo_element]
    return tuple(found)


def _in_flow(box: Any) -> bool:
    """Not out of the flow (paragraph numbers) or hidden (the running strings' carriers)."""
    return bool(box.style["position"] != "absolute" and box.style["visibility"] == "visible")


def _is_line(box: Any) -> bool:
    from weasyprint.formatting_structure import boxes

    return isinstance(box, (boxes.LineBox, boxes.ReplacedBox))


def _is_block_container(box: Any) -> bool:
    from weasyprint.formatting_structure import boxes

    return isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.InlineBox)


def _unbreakable(box: Any) -> bool:
    """A block that keeps together (break-inside: avoid) and starts on this page."""
    return box.style["break_inside"] in ("avoid", "avoid-page") and "top" not in box.remove_decoration_sides


def _covered(spans: list[Span]) -> float:
    """The height the union of these vertical spans covers."""
    covered, reached = 0.0, float("-inf")
    for top, bottom in sorted(spans):
        covered += max(0.0, bottom - max(top, reached))
        reached = max(reached, bottom)
    return covered


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
