"""The page a document is set on: paper size, margins and the content box.

In: a paper name ("letter", "a4"). Out: a `PageBox` in millimetres. The
margins are read from the `@page` rule of layouts/print.css, so composing
(the timeline drawing's size) and checking (generator.layoutcheck) use the
very margins the renderer applies. One place to wire the build's paper
setting into composition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from generator.spec.files import LAYOUTS

PT_PER_MM = 72 / 25.4
# (width, height) in mm.
PAPER_MM: dict[str, tuple[float, float]] = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
_MARGIN = re.compile(r"@page\s*\{[^}]*?margin:\s*([^;]+);", re.S)


@dataclass(frozen=True)
class PageBox:
    paper: str
    width: float  # mm
    height: float
    top: float  # margins, mm
    right: float
    bottom: float
    left: float

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def content_height(self) -> float:
        return self.height - self.top - self.bottom


@cache
def margins_mm() -> tuple[float, float, float, float]:
    """Top, right, bottom, left margins of print.css's @page rule (CSS shorthand order)."""
    found = _MARGIN.search((LAYOUTS / "print.css").read_text(encoding="utf-8"))
    if not found:
        raise ValueError(f"no margin in the @page rule of {LAYOUTS / 'print.css'}")
    v = [float(value.removesuffix("mm")) for value in found.group(1).split()]
    top = v[0]
    right = v[1] if len(v) > 1 else top
    bottom = v[2] if len(v) > 2 else top
    left = v[3] if len(v) > 3 else right
    return top, right, bottom, left


def page_box(paper: str) -> PageBox:
    if paper not in PAPER_MM:
        raise ValueError(f"expected a paper of {', '.join(PAPER_MM)}, found '{paper}'")
    width, height = PAPER_MM[paper]
    return PageBox(paper, width, height, *margins_mm())


def paper_of(width_pt: float, height_pt: float) -> str | None:
    """The paper whose size a PDF page has (portrait), or None."""
    for name, (w, h) in PAPER_MM.items():
        if abs(width_pt - w * PT_PER_MM) < 2 and abs(height_pt - h * PT_PER_MM) < 2:
            return name
    return None


def common_box() -> tuple[float, float]:
    """The content width and height that fit on every paper: what a document
    composed without knowing its paper may fill."""
    boxes = [page_box(p) for p in PAPER_MM]
    return min(b.content_width for b in boxes), min(b.content_height for b in boxes)
