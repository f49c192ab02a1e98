"""Read a built PDF back into what a layout check looks at.

In: a PDF path. Out: one `PdfPage` per page: its size, every visible
character (glyph box, size in points after every transformation, bold or
not), the characters grouped into runs and lines, and every drawn path (its
box, stroke width, straight segments). Coordinates are points from the
page's top-left corner, y growing downwards. PDFium (pypdfium2) does the
reading: it is fast enough to read a whole build's pages in seconds.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.top < other.bottom and other.top < self.bottom
        )

    def shrunk(self, dx: float, dy: float) -> Box:
        return Box(self.x0 + dx, self.top + dy, self.x1 - dx, self.bottom - dy)

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Char:
    text: str
    box: Box  # the glyph's ink box
    size: float  # points, as printed
    bold: bool
    baseline: float


@dataclass(frozen=True)
class Line:
    """Characters printed on one baseline, left to right, in one or more runs."""

    chars: tuple[Char, ...]
    runs: tuple[Box, ...]  # boxes of the contiguous pieces the line was drawn in

    @property
    def text(self) -> str:
        out, last = [], None
        for ch in self.chars:
            if last is not None and ch.box.x0 - last.box.x1 > 0.28 * ch.size:
                out.append(" ")
            out.append(ch.text)
            last = ch
        return "".join(out).strip()

    @property
    def box(self) -> Box:
        box = self.runs[0]
        for run in self.runs[1:]:
            box = box.union(run)
        return box

    @property
    def size(self) -> float:
        return max(ch.size for ch in self.chars)

    @property
    def baseline(self) -> float:
        return self.chars[0].baseline

    @property
    def bold(self) -> bool:
        letters = [ch for ch in self.chars if ch.text.isalnum()]
        return bool(letters) and all(ch.bold for ch in letters)


@dataclass(frozen=True)
class Shape:
    """A drawn path: its box, stroke width (points, 0 when only filled) and straight pieces."""

    box: Box
    stroke: float
    segments: tuple[tuple[float, float, float, float], ...]  # x0, y0, x1, y1


@dataclass(frozen=True)
class PdfPage:
    number: int  # from 1
    width: float  # points
    height: float
    chars: tuple[Char, ...]
    lines: tuple[Line, ...]  # top to bottom
    paths: tuple[Shape, ...]


def read_pdf(path: Path, most: int | None = None) -> list[PdfPage]:
    """The pages of a PDF (the first `most` of them, if given)."""
    document = pdfium.PdfDocument(path)
    try:
        count = len(document) if most is None else min(most, len(document))
        return [_page(document[i], i + 1) for i in range(count)]
    finally:
        document.close()


def _page(page: pdfium.PdfPage, number: int) -> PdfPage:
    width, height = page.get_size()
    textpage = page.get_textpage()
    chars = tuple(_chars(textpage, height))
    paths = tuple(_paths(page, height))
    textpage.close()
    page.close()
    return PdfPage(number, width, height, chars, _lines(chars), paths)


def _chars(textpage: pdfium.PdfTextPage, height: float) -> Iterator[Char]:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    box_refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    matrix = raw.FS_MATRIX()
    matrix_ref = ctypes.byref(matrix)
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    flags_ref = ctypes.byref(flags)
    # Size and weight are the same for every character of one text object: ask once.
    last_object, size, bold = None, 0.0, False
    handle = textpage.raw  # the bare handle: the helper object's conversion costs on every call
    for i in range(raw.FPDFText_CountChars(handle)):
        code = raw.FPDFText_GetUnicode(handle, i)
        # Characters PDFium adds (spaces, line ends) are all white space.
        if code in (0, 0xFFFE) or chr(code).isspace():
            continue
        raw.FPDFText_GetCharBox(handle, i, *box_refs)
        raw.FPDFText_GetMatrix(handle, i, matrix_ref)
        text_object = ctypes.cast(raw.FPDFText_GetTextObject(handle, i), ctypes.c_void_p).value
        if text_object != last_object or not text_object:
            last_object = text_object
            size = raw.FPDFText_GetFontSize(handle, i) * math.hypot(matrix.c, matrix.d)
            raw.FPDFText_GetFontInfo(handle, i, name, len(name), flags_ref)
            font = name.value.decode("latin-1")
            bold = "Bold" in font or "Black" in font or raw.FPDFText_GetFontWeight(handle, i) >= 600
        box = Box(left.value, height - top.value, right.value, height - bottom.value)
        yield Char(chr(code), box, size, bold, height - matrix.f)


def _lines(chars: tuple[Char, ...]) -> tuple[Line, ...]:
    """Runs in drawing order (a run ends where the baseline changes or the pen jumps
    back), then runs on one baseline merged into a line, lines sorted top to bottom."""
    runs: list[list[Char]] = []
    for ch in chars:
        if runs:
            last = runs[-1][-1]
            same = abs(ch.baseline - last.baseline) <= 0.2 * max(ch.size, last.size)
            if same and last.box.x0 - 0.5 <= ch.box.x0 <= last.box.x1 + 1.5 * ch.size:
                runs[-1].append(ch)
                continue
        runs.append([ch])
    runs.sort(key=lambda r: (round(r[0].baseline, 0), r[0].box.x0))
    lines: list[tuple[list[Char], list[Box]]] = []
    for run in runs:
        box = _union(c.box for c in run)
        if lines and abs(lines[-1][0][-1].baseline - run[0].baseline) <= 1.0:
            lines[-1][0].extend(run)
            lines[-1][1].append(box)
        else:
            lines.append((list(run), [box]))
    result = [Line(tuple(sorted(cs, key=lambda c: c.box.x0)), tuple(boxes)) for cs, boxes in lines]
    return tuple(sorted(result, key=lambda line: line.box.top))


def _union(boxes: Iterator[Box]) -> Box:
    first, *rest = list(boxes)
    for box in rest:
        first = first.union(box)
    return first


def _paths(page: pdfium.PdfPage, height: float) -> Iterator[Shape]:
    transforms: dict[int, Matrix] = {}
    for obj in page.get_objects():
        parent = transforms.get(_key(obj.container), IDENTITY) if obj.container is not None else IDENTITY
        own = tuple(obj.get_matrix().get())
        if obj.type == raw.FPDF_PAGEOBJ_FORM:
            transforms[_key(obj)] = _multiply(own, parent)
            continue
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        full = _multiply(own, parent)
        points = list(_points(obj.raw))
        if not points:
            continue
        placed = [(_apply(full, x, y), move) for (x, y), move in points]
        xs = [p[0] for p, _ in placed]
        ys = [height - p[1] for p, _ in placed]
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
        width = ctypes.c_float()
        raw.FPDFPageObj_GetStrokeWidth(obj.raw, ctypes.byref(width))
        stroke_pt = (
            width.value * math.sqrt(abs(full[0] * full[3] - full[1] * full[2])) if stroke.value else 0.0
        )
        segments = tuple(
            (a[0], height - a[1], b[0], height - b[1])
            for (a, _), (b, move) in zip(placed, placed[1:], strict=False)
            if not move
        )
        yield Shape(Box(min(xs), min(ys), max(xs), max(ys)), stroke_pt, segments)


def _points(path: object) -> Iterator[tuple[tuple[float, float], bool]]:
    """The path's points in its own space, each with whether it starts a new piece."""
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(raw.FPDFPath_CountSegments(path)):
        segment = raw.FPDFPath_GetPathSegment(path, i)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        yield (x.value, y.value), raw.FPDFPathSegment_GetType(segment) == raw.FPDF_SEGMENT_MOVETO


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _key(obj: pdfium.PdfObject) -> int:
    return ctypes.cast(obj.raw, ctypes.c_void_p).value or 0


def front_pages(path: Path) -> int:
    """How many pages come before a merged document's second bookmark (a pack's cover);
    the whole document when it has fewer than two bookmarks."""
    document = pdfium.PdfDocument(path)
    try:
        dests = (item.get_dest() for item in document.get_toc())
        starts = sorted({dest.get_index() for dest in dests if dest is not None})
        return starts[1] if len(starts) > 1 else len(document)
    finally:
        document.close()
