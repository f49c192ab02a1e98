"""The fit search (generator/render/fit.py) on small documents laid out with the real
print.css: which spacing it chooses and how many layouts it takes to choose it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from generator.render.fit import TARGET, VARIANTS, Fit, fitted, last_page_fill, page_fill
from generator.spec.files import LAYOUTS

PAGE = "@page { size: letter; margin: 18mm; @bottom-right { content: none } @top-left { content: none } }"


def lay_out_with_log(body: str) -> tuple[Callable[[str | None], Any], list[str | None]]:
    """A lay_out function for `fitted` over `body` with print.css, and the list of the
    fit classes it was asked for, in order."""
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=str(LAYOUTS / "print.css")), CSS(string=PAGE)]
    asked: list[str | None] = []

    def lay_out(fit: str | None) -> Any:
        asked.append(fit)
        page = f'<html><body class="{fit or ""}" style="font: 14pt/1.4 \'DejaVu Sans\'">{body}</body></html>'
        return HTML(string=page).render(stylesheets=stylesheets)

    return lay_out, asked


def paragraphs(count: int) -> str:
    """Passage paragraphs of one line each, with the spacing between them that the fit
    classes scale (.passage .para)."""
    return (
        '<div class="passage">' + "".join(f'<p class="para">Line {n}.</p>' for n in range(count)) + "</div>"
    )


def lines(count: int) -> str:
    """Lines of text and nothing between them: no spacing class can make them shorter."""
    return "<div>" + "<br>".join(f"Line {n}." for n in range(count)) + "</div>"


def test_a_document_that_ends_well_is_laid_out_once() -> None:
    lay_out, asked = lay_out_with_log(paragraphs(5))
    document, fit = fitted(lay_out)
    assert len(document.pages) == 1
    assert fit == Fit(None, 1)
    assert asked == [None]


def test_a_short_tail_that_tighter_spacing_pulls_back_is_pulled_back() -> None:
    # The default spacing leaves a line or two on a second page; tighter spacing holds them.
    lay_out, asked = lay_out_with_log(paragraphs(27))
    first = lay_out(None)
    assert len(first.pages) == 2 and last_page_fill(first) < TARGET
    asked.clear()
    document, fit = fitted(lay_out)
    assert len(document.pages) == 1
    assert fit.variant in ("fit-tight", "fit-tighter")
    assert asked[0] is None and asked[1] == "fit-tight"
    assert fit.layouts == len(asked)


def test_a_tail_no_spacing_can_pull_back_is_pushed_without_trying_tighter_spacing() -> None:
    # Lines with no space between them: tighter spacing frees nothing, so the search
    # goes straight to the variants that put more on the last page.
    lay_out, asked = lay_out_with_log(lines(38))
    first = lay_out(None)
    assert len(first.pages) == 2 and last_page_fill(first) < TARGET
    asked.clear()
    document, fit = fitted(lay_out)
    assert "fit-tight" not in asked and "fit-tighter" not in asked
    assert asked[1] == VARIANTS[2]  # looser spacing first
    assert fit.layouts == len(asked)
    assert len(document.pages) == 2


def kept(count: int) -> str:
    """Lines that keep together (break-inside: avoid)."""
    return f'<div style="break-inside: avoid">{lines(count)}</div>'


@pytest.mark.parametrize(
    "last",
    [
        kept(17),  # a block that keeps together
        # A heading that stays with such a block (print.css), opening the third of four pages.
        "<h2>Heading</h2>" + kept(16) + kept(20),
    ],
)
def test_a_document_that_ends_well_and_whose_last_page_cannot_move_back_is_laid_out_once(last: str) -> None:
    # The gaps at the foot of the first two pages add up to more than the last page holds
    # (the search used to try tighter spacing here), but each page opens with a piece
    # that cannot break and is taller than the gap before it: nothing can move back.
    lay_out, asked = lay_out_with_log(lines(30) + kept(20) + last)
    first = lay_out(None)
    gaps = sum(1 - page_fill(page) for page in first.pages[:-1])
    assert len(first.pages) >= 3 and TARGET <= last_page_fill(first) <= gaps
    asked.clear()
    document, fit = fitted(lay_out)
    assert fit == Fit(None, 1)
    assert asked == [None]
    assert len(document.pages) == len(first.pages)
