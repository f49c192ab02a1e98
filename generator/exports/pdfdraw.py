"""Draw `Page` values with ReportLab: exact coordinates, many near-identical pages, fast.

In: pages (see pages.py) and the document's title and subject. Out: PDF bytes
that are the same for the same pages (ReportLab's invariant mode writes no
dates or random ids).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from generator.exports.pages import Box, Mark, Page, Rule, Text


def draw_pdf(pages: list[Page], title: str, subject: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(pages[0].width, pages[0].height), invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setCreator("Curriculum packs")
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        for item in page.items:
            _draw(canvas, item)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw(c: Any, item: Text | Rule | Box | Mark) -> None:
    """`c` is a ReportLab Canvas (ReportLab ships no type hints)."""
    if isinstance(item, Text):
        c.setFillGray(item.grey)
        c.setFont(item.font, item.size)
        draw = {"start": c.drawString, "middle": c.drawCentredString, "end": c.drawRightString}
        draw[item.anchor](item.x, item.y, item.text)
    elif isinstance(item, Rule):
        c.setStrokeGray(item.grey)
        c.setLineWidth(item.width)
        c.setDash(list(item.dash) if item.dash else [])
        c.line(item.x1, item.y1, item.x2, item.y2)
    elif isinstance(item, Box):
        c.setStrokeGray(0)
        c.setLineWidth(item.width)
        c.setDash([])
        if item.fill is not None:
            c.setFillGray(item.fill)
        c.rect(item.x, item.y, item.w, item.h, stroke=1, fill=1 if item.fill is not None else 0)
    else:
        c.setStrokeGray(0)
        c.setLineWidth(0.6)
        c.setDash([])
        c.circle(item.x, item.y, item.r, stroke=1, fill=0)
        reach = item.r * 1.6
        c.line(item.x - reach, item.y, item.x + reach, item.y)
        c.line(item.x, item.y - reach, item.x, item.y + reach)
