"""The layout rules a printed page must keep, checked on pages read back from a PDF.

In: a document's pages (`PdfPage`) and its `Limits` (the level's smallest
type size, the paper's margins). Out: `Finding`s, one per broken rule and
page, and the fill of each page (how far down its content box the content
reaches). The rules:

- small-text: a character of the content under the level's minimum size
  (drawing labels included; the running header and footer are exempt);
- outside-margins: a character or drawing outside the content box (the
  running header and footer may sit in the top and bottom margins, within
  the side margins);
- last-page: the last page of a document of two pages or more under 25% full;
- heading-at-bottom: a heading as the last text of a page;
- item-split: a numbered item ("7.") whose text, options or answer lines run
  onto the next page (an item may break between its writing lines when two
  or more stay on each side, and one longer than a page breaks where it must);
- overlap: two pieces of text printed over each other;
- struck-text: a drawn line through a letter (a highlighter mark wider than
  3 pt is meant to cross letters and is left alone).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from generator.config import PAPERS
from generator.documents.page import PT_PER_MM, paper_of
from generator.layoutcheck.pdfpages import Box, Line, PdfPage, Shape

TOLERANCE = 1.0  # pt: glyph overhang and stroke half-widths
RUNNING_MIN_PT = 6.0  # the running header and footer: smallest size a copier keeps
EDGE_MM = 6.0  # nothing prints closer than this to the paper's edge
HIGHLIGHTER_PT = 3.0
MIN_LAST_FILL = 0.25
_MARKER = re.compile(r"^(\d+)\.$")
DASHES = "-\u2010\u2011\u2012\u2013\u2014"


@dataclass(frozen=True)
class Limits:
    min_size: float  # pt: the level's smallest type
    min_last_fill: float = MIN_LAST_FILL


@dataclass(frozen=True)
class Finding:
    page: int
    rule: str
    message: str


@dataclass(frozen=True)
class Frame:
    """A page's content box and paper, in points."""

    paper: str
    content: Box
    page: Box

    @classmethod
    def of(cls, page: PdfPage) -> Frame:
        """The content box of the paper the page is; an unknown size gets Letter's margins."""
        paper = paper_of(page.width, page.height)
        name = paper.name if paper else f"{page.width:.0f}x{page.height:.0f} pt"
        m = paper or PAPERS["letter"]
        top, right, bottom, left = (
            v * PT_PER_MM for v in (m.margin_top_mm, m.margin_right_mm, m.margin_bottom_mm, m.margin_left_mm)
        )
        return cls(
            name,
            Box(left, top, page.width - right, page.height - bottom),
            Box(0.0, 0.0, page.width, page.height),
        )

    def in_content(self, box: Box, t: float = TOLERANCE) -> bool:
        c = self.content
        return (
            box.x0 >= c.x0 - t and box.x1 <= c.x1 + t and box.top >= c.top - t and box.bottom <= c.bottom + t
        )

    def running(self, box: Box) -> bool:
        """In the top or bottom margin, within the side margins, clear of the paper's edge."""
        c, t, edge = self.content, TOLERANCE, EDGE_MM * PT_PER_MM
        across = box.x0 >= c.x0 - t and box.x1 <= c.x1 + t
        above = box.bottom <= c.top + t and box.top >= edge
        below = box.top >= c.bottom - t and box.bottom <= self.page.bottom - edge
        return across and (above or below)


def check_pages(
    pages: list[PdfPage], limits: Limits, whole: bool = True
) -> tuple[list[Finding], list[float]]:
    """Every rule on every page; `whole` is False for pages taken out of a document
    (a pack's cover), where the last-page rule does not apply. Returns the findings
    and each page's fill (0-1)."""
    findings: list[Finding] = []
    fills: list[float] = []
    body = _body_size(pages)
    for page in pages:
        frame = Frame.of(page)
        findings += _margins_and_sizes(page, frame, limits)
        findings += _overlaps(page)
        findings += _struck(page)
        findings += _heading_at_bottom(page, frame, body)
        fills.append(fill(page, frame))
    for before, after in zip(pages, pages[1:], strict=False):
        findings += _item_split(before, after, Frame.of(before), Frame.of(after))
    if whole and len(pages) > 1 and fills[-1] < limits.min_last_fill:
        findings.append(
            Finding(
                pages[-1].number,
                "last-page",
                f"last page {fills[-1]:.1%} full (under {limits.min_last_fill:.0%})",
            )
        )
    return findings, fills


def fill(page: PdfPage, frame: Frame) -> float:
    """How far down the content box the page's content reaches (0: empty, 1: to the bottom)."""
    c = frame.content
    bottoms = [ch.box.bottom for ch in page.chars if frame.in_content(ch.box)]
    bottoms += [p.box.bottom for p in page.paths if frame.in_content(p.box)]
    if not bottoms:
        return 0.0
    return max(0.0, min(1.0, (max(bottoms) - c.top) / (c.bottom - c.top)))


def _body_size(pages: list[PdfPage]) -> float:
    sizes = Counter(round(ch.size, 1) for page in pages for ch in page.chars)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _margins_and_sizes(page: PdfPage, frame: Frame, limits: Limits) -> list[Finding]:
    small: list[Line] = []
    outside: list[str] = []
    tiny_running: list[Line] = []
    for line in page.lines:
        # A glyph's ink may overhang its advance (the hook of a "j"): a little, by its size.
        chars = [ch for ch in line.chars if not frame.in_content(ch.box, max(TOLERANCE, 0.15 * ch.size))]
        if chars and not all(frame.running(ch.box) for ch in chars):
            stray = "".join(ch.text for ch in chars if not frame.running(ch.box))
            outside.append(f"text \u201c{_clip(stray)}\u201d")
        content = [ch for ch in line.chars if frame.in_content(ch.box)]
        if any(ch.size < limits.min_size - 0.05 for ch in content):
            small.append(line)
        if any(frame.running(ch.box) and ch.size < RUNNING_MIN_PT - 0.05 for ch in line.chars):
            tiny_running.append(line)
    for path in page.paths:
        pad = path.stroke / 2
        box = Box(path.box.x0 - pad, path.box.top - pad, path.box.x1 + pad, path.box.bottom + pad)
        if not frame.in_content(box):
            outside.append(f"a drawing at {_where(box, frame)}")
    findings = []
    if small:
        sizes = ", ".join(
            f"{s:g}" for s in sorted({round(min(c.size for c in line.chars), 1) for line in small})
        )
        examples = ", ".join(f"\u201c{_clip(line.text)}\u201d" for line in small[:3])
        more = f" and {len(small) - 3} more lines" if len(small) > 3 else ""
        findings.append(
            Finding(
                page.number,
                "small-text",
                f"text under {limits.min_size:g} pt ({sizes} pt): {examples}{more}",
            )
        )
    if tiny_running:
        findings.append(
            Finding(page.number, "small-text", f"running header or footer under {RUNNING_MIN_PT:g} pt")
        )
    if outside:
        more = f" and {len(outside) - 3} more" if len(outside) > 3 else ""
        findings.append(
            Finding(page.number, "outside-margins", f"outside the margins: {'; '.join(outside[:3])}{more}")
        )
    return findings


def _where(box: Box, frame: Frame) -> str:
    c = frame.content
    sides = []
    if box.x0 < c.x0 - TOLERANCE:
        sides.append(f"{(c.x0 - box.x0) / PT_PER_MM:.1f} mm over the left margin")
    if box.x1 > c.x1 + TOLERANCE:
        sides.append(f"{(box.x1 - c.x1) / PT_PER_MM:.1f} mm over the right margin")
    if box.top < c.top - TOLERANCE:
        sides.append(f"{(c.top - box.top) / PT_PER_MM:.1f} mm over the top margin")
    if box.bottom > c.bottom + TOLERANCE:
        sides.append(f"{(box.bottom - c.bottom) / PT_PER_MM:.1f} mm over the bottom margin")
    return ", ".join(sides)


def _overlaps(page: PdfPage) -> list[Finding]:
    pieces: list[tuple[Box, Line]] = []
    for line in page.lines:
        dy = 0.12 * line.size
        pieces += [(run.shrunk(0.3, dy), line) for run in line.runs]
    pieces.sort(key=lambda p: p[0].top)
    found: list[str] = []
    for i, (box, line) in enumerate(pieces):
        for other, other_line in pieces[i + 1 :]:
            if other.top >= box.bottom:
                break
            if box.overlaps(other):
                found.append(
                    f"\u201c{_text_in(line, box)}\u201d and \u201c{_text_in(other_line, other)}\u201d"
                )
    if not found:
        return []
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return [Finding(page.number, "overlap", f"text printed over text: {'; '.join(found[:3])}{more}")]


def _text_in(line: Line, box: Box) -> str:
    inner = "".join(ch.text for ch in line.chars if box.x0 - 1 <= (ch.box.x0 + ch.box.x1) / 2 <= box.x1 + 1)
    return _clip(inner or line.text)


def _struck(page: PdfPage) -> list[Finding]:
    segments = [seg for path in page.paths for seg in _rules_of(path)]
    hit: list[str] = []
    for line in page.lines:
        lbox = line.box
        near = [s for s in segments if _segment_hits(s, lbox)]
        if not near:
            continue
        for ch in line.chars:
            dash = ch.text in DASHES  # "1988–1994": a line through the dash strikes the date
            if not (ch.text.isalnum() or dash):
                continue
            b = ch.box
            inset = 0.0 if dash else 0.25 * b.height  # a dash is all core
            dx = 0.05 * (b.x1 - b.x0)  # touching the ink is touching the letter
            core = Box(b.x0 + dx, b.top + inset, b.x1 - dx, b.bottom - inset)
            if any(_segment_hits(s, core) for s in near):
                hit.append(_clip(line.text))
                break
    if not hit:
        return []
    quoted = ", ".join(f"\u201c{text}\u201d" for text in hit[:3])
    return [Finding(page.number, "struck-text", f"a line drawn through {quoted}")]


def _rules_of(path: Shape) -> list[tuple[float, float, float, float]]:
    """Straight lines a path draws: its stroked pieces, or a filled hairline's centre line."""
    if path.stroke > HIGHLIGHTER_PT:
        return []
    if path.stroke > 0:
        return list(path.segments)
    b = path.box
    if b.bottom - b.top < 1.2 and b.x1 - b.x0 > 2:
        mid = (b.top + b.bottom) / 2
        return [(b.x0, mid, b.x1, mid)]
    if b.x1 - b.x0 < 1.2 and b.bottom - b.top > 2:
        mid = (b.x0 + b.x1) / 2
        return [(mid, b.top, mid, b.bottom)]
    return []


def _segment_hits(seg: tuple[float, float, float, float], box: Box) -> bool:
    """Whether a straight segment passes through a box (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = seg
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box.x0), (dx, box.x1 - x0), (-dy, y0 - box.top), (dy, box.bottom - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _heading_at_bottom(page: PdfPage, frame: Frame, body: float) -> list[Finding]:
    content = [line for line in page.lines if frame.in_content(line.box)]
    if not content:
        return []
    last = max(content, key=lambda line: line.box.bottom)
    if not (last.bold and last.size >= 1.1 * body):
        return []
    below = [p for p in page.paths if frame.in_content(p.box) and p.box.top > last.box.bottom + 2]
    if below:
        return []
    return [
        Finding(page.number, "heading-at-bottom", f"heading \u201c{_clip(last.text)}\u201d ends the page")
    ]


@dataclass(frozen=True)
class _Marker:
    number: str
    line: Line
    body_x: float  # where the item's own text starts


def _markers(page: PdfPage, frame: Frame) -> list[_Marker]:
    found = []
    for line in page.lines:
        if not frame.in_content(line.box):
            continue
        head = ""
        for i, ch in enumerate(line.chars):
            head += ch.text
            if ch.text == ".":
                break
            if not ch.text.isdigit() or i > 3:
                head = ""
                break
        match = _MARKER.match(head)
        if not match or len(line.chars) <= len(head):
            continue
        dot, after = line.chars[len(head) - 1], line.chars[len(head)]
        # "7. Why": a space after the number; "10.8 words per sentence" is a decimal.
        if not after.text.isdigit() and after.box.x0 - dot.box.x1 > 0.25 * after.size:
            found.append(_Marker(match.group(1), line, after.box.x0))
    return found


def _item_split(before: PdfPage, after: PdfPage, frame_a: Frame, frame_b: Frame) -> list[Finding]:
    markers = _markers(before, frame_a)
    if not markers:
        return []
    last = markers[-1]
    above = [
        line for line in before.lines if frame_a.in_content(line.box) and line.box.bottom < last.line.box.top
    ]
    if not above:
        return []  # the item starts its page and still does not fit: it cannot be kept whole
    stops = {id(m.line) for m in _markers(after, frame_b)}
    elements: list[tuple[Box, Line | None]] = [
        (line.box, line) for line in after.lines if frame_b.in_content(line.box)
    ]
    elements += [(p.box, None) for p in after.paths if frame_b.in_content(p.box)]
    elements.sort(key=lambda e: e[0].top)
    carried: list[tuple[Box, Line | None]] = []
    for box, line in elements:
        if (line is not None and id(line) in stops) or box.x0 < last.body_x - 2:
            break
        carried.append((box, line))
    if not carried:
        return []
    if all(line is None for _, line in carried):
        kept = [
            p
            for p in before.paths
            if p.box.top > last.line.box.bottom and p.box.x0 >= last.body_x - 2 and frame_a.in_content(p.box)
        ]
        if len(kept) >= 2 and len(carried) >= 2:
            return []  # a long answer breaks between its writing lines
    return [
        Finding(
            before.number,
            "item-split",
            f"item {last.number} (\u201c{_clip(last.line.text)}\u201d) runs onto page {after.number}",
        )
    ]


def _clip(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[: most - 1] + "\u2026"
