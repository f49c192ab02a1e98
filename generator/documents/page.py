"""Which paper a printed page is, from its size: the bridge from a PDF back to the
`PageGeometry` (paper size and margins, generator/config.py) it was set on.

In: a page's width and height in points. Out: its `PageGeometry`, or None for a
size the build does not make.
"""

from __future__ import annotations

from generator.config import PAPERS, PageGeometry

PT_PER_MM = 72 / 25.4


def paper_of(width_pt: float, height_pt: float) -> PageGeometry | None:
    for page in PAPERS.values():
        if abs(width_pt - page.width_mm * PT_PER_MM) < 2 and abs(height_pt - page.height_mm * PT_PER_MM) < 2:
            return page
    return None
