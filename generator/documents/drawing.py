"""Lay out a timeline to scale, in millimetres, ready to draw as SVG.

In: events (a position in decimal years, an optional end for eras, a label)
and the space available. Out: a `TimelineLayout`: axis segments with visible
breaks over long empty stretches (1921 -> 1964 -> 1988), year ticks, event
markers, era bars in lanes, and label boxes placed so that none overlaps
another or leaves the drawing. One scale holds everywhere outside the breaks,
so distances between events are proportional to time. Horizontal when the
events fit across the page, vertical otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LABEL_FONT_MM = 2.6  # 7.5 pt
CHAR_MM = 0.6 * LABEL_FONT_MM  # average glyph width of the label font, rounded up
LABEL_H = 4.2
BREAK_GAP = 9.0  # drawn length of a break in the axis
MIN_TICK_GAP = 12.0
MAX_ROWS = 5  # label rows above a horizontal axis before going vertical


@dataclass(frozen=True)
class Point:
    key: int  # the event's index in the input
    start: float  # decimal years
    end: float | None  # for eras
    label: str


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )

    def inside(self, width: float, height: float) -> bool:
        return self.x >= 0 and self.y >= 0 and self.x + self.w <= width and self.y + self.h <= height


@dataclass(frozen=True)
class Segment:
    start: float  # years
    end: float
    a: float  # drawing position (mm along the axis)
    b: float


@dataclass(frozen=True)
class Placed:
    key: int
    at: float  # marker position along the axis (mm)
    end_at: float | None  # bar end along the axis for eras
    label: str
    box: Box
    anchor: tuple[float, float]  # where the leader line leaves the axis (x, y)
    lane: int  # eras: which bar lane


@dataclass(frozen=True)
class TimelineLayout:
    orientation: str  # "horizontal" or "vertical"
    width: float
    height: float
    axis: float  # y of a horizontal axis, or x of a vertical one
    segments: tuple[Segment, ...]
    ticks: tuple[tuple[float, str], ...]  # (position along the axis, year)
    placed: tuple[Placed, ...]

    def position(self, year: float) -> float:
        """Where `year` falls along the axis (it must lie within a segment)."""
        for seg in self.segments:
            if seg.start <= year <= seg.end:
                return seg.a + (year - seg.start) * (seg.b - seg.a) / (seg.end - seg.start)
        raise ValueError(f"{year} lies in a break")

    def breaks(self) -> list[tuple[float, float]]:
        return [(left.b, right.a) for left, right in zip(self.segments, self.segments[1:], strict=False)]


def label_width(label: str) -> float:
    return len(label) * CHAR_MM + 2.0


def _segments(points: list[Point], length: float) -> tuple[Segment, ...]:
    """Split the span where nothing happens for long, then share one scale between parts."""
    years = sorted({p.start for p in points} | {p.end for p in points if p.end is not None})
    span = max(years[-1] - years[0], 1.0)
    groups = [[years[0], years[0]]]
    for year in years[1:]:
        if year - groups[-1][1] > max(8.0, span * 0.2):
            groups.append([year, year])
        else:
            groups[-1][1] = year
    pad = max(0.5, span * 0.02)
    spans = [(lo - pad, hi + pad) for lo, hi in groups]
    usable = length - BREAK_GAP * (len(spans) - 1)
    scale = usable / sum(hi - lo for lo, hi in spans)
    segments, at = [], 0.0
    for lo, hi in spans:
        segments.append(Segment(lo, hi, at, at + (hi - lo) * scale))
        at = segments[-1].b + BREAK_GAP
    return tuple(segments)


def _ticks(segments: tuple[Segment, ...]) -> tuple[tuple[float, str], ...]:
    ticks = []
    for seg in segments:
        per_year = (seg.b - seg.a) / (seg.end - seg.start)
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if s * per_year >= MIN_TICK_GAP)
        year = math.ceil(seg.start / step) * step
        while year <= seg.end:
            ticks.append((seg.a + (year - seg.start) * per_year, str(year)))
            year += step
        if not any(seg.a <= at <= seg.b for at, _ in ticks):  # a short part still shows its year
            middle = (seg.start + seg.end) / 2
            ticks.append(((seg.a + seg.b) / 2, str(round(middle))))
    return tuple(ticks)


def layout(points: list[Point], width: float, max_height: float) -> TimelineLayout:
    horizontal = _horizontal(points, width)
    if horizontal is not None and horizontal.height <= max_height:
        return horizontal
    return _vertical(points, width, max_height)


def _horizontal(points: list[Point], width: float) -> TimelineLayout | None:
    margin = 4.0
    segments = _shift(_segments(points, width - 2 * margin), margin)
    rows: list[list[Box]] = []
    placed = []
    top = 2.0
    for point in sorted(points, key=lambda p: p.start):
        at = _at(segments, point.start)
        w = label_width(point.label)
        x = min(max(at - w / 2, 0.0), width - w)
        for row, boxes in enumerate(rows + [[]]):
            box = Box(x, row, w, LABEL_H)  # y is set once the number of rows is known
            if not any(box.overlaps(b) for b in boxes):
                if row == len(rows):
                    rows.append([])
                rows[row].append(box)
                placed.append((point, at, row, box))
                break
    if len(rows) > MAX_ROWS:
        return None
    axis = top + len(rows) * (LABEL_H + 1.5) + 3.0
    eras = [p for p, *_ in placed if p.end is not None]
    lanes = _lanes(eras, segments)
    result = []
    for point, at, row, box in placed:
        y = axis - 3.0 - (row + 1) * (LABEL_H + 1.5)
        end_at = _at(segments, point.end) if point.end is not None else None
        result.append(
            Placed(
                point.key,
                at,
                end_at,
                point.label,
                Box(box.x, y, box.w, box.h),
                (at, axis),
                lanes.get(point.key, 0),
            )
        )
    height = axis + 10.0 + 5.0 * max([lanes[k] + 1 for k in lanes], default=0)
    return TimelineLayout("horizontal", width, height, axis, segments, _ticks(segments), tuple(result))


def _vertical(points: list[Point], width: float, max_height: float) -> TimelineLayout:
    margin = 4.0
    length = max_height - 2 * margin
    segments = _shift(_segments(points, length), margin)
    axis = 22.0  # x of the axis: year ticks to its left, labels to its right
    result: list[Placed] = []
    last_bottom = 0.0
    ordered = sorted(points, key=lambda p: p.start)
    lanes = _lanes([p for p in ordered if p.end is not None], segments)
    label_x = axis + 6.0 + 4.0 * max([v + 1 for v in lanes.values()], default=0)
    for point in ordered:
        at = _at(segments, point.start)
        w = min(label_width(point.label), width - label_x)
        y = max(at - LABEL_H / 2, last_bottom + 0.8, 0.0)
        box = Box(label_x, y, w, LABEL_H)
        last_bottom = y + LABEL_H
        end_at = _at(segments, point.end) if point.end is not None else None
        result.append(Placed(point.key, at, end_at, point.label, box, (axis, at), lanes.get(point.key, 0)))
    height = max(max_height, last_bottom + 2.0)
    return TimelineLayout("vertical", width, height, axis, segments, _ticks(segments), tuple(result))


def _lanes(eras: list[Point], segments: tuple[Segment, ...]) -> dict[int, int]:
    """Era bars in lanes so that no two overlapping eras share one."""
    ends: list[float] = []
    lanes = {}
    for era in sorted(eras, key=lambda p: p.start):
        lane = next((i for i, end in enumerate(ends) if end < era.start), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = era.end or era.start
        lanes[era.key] = lane
    return lanes


def _shift(segments: tuple[Segment, ...], by: float) -> tuple[Segment, ...]:
    return tuple(Segment(s.start, s.end, s.a + by, s.b + by) for s in segments)


def _at(segments: tuple[Segment, ...], year: float) -> float:
    for seg in segments:
        if seg.start <= year <= seg.end:
            return seg.a + (year - seg.start) * (seg.b - seg.a) / (seg.end - seg.start)
    raise ValueError(f"{year} lies outside the timeline")
