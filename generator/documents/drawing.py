"""Lay out a timeline to scale, in millimetres, ready to draw as SVG.

In: events (a position in decimal years, an optional end for eras, a number
and a date), the label type size and the space available. Out: a
`TimelineLayout`: axis segments with visible breaks over long empty
stretches (1921 -> 1964 -> 1988), year ticks, and for every event a label
(a circled number, then its date) with the line that leads to it. One
scale holds everywhere outside the breaks, so distances are proportional to
time.

Horizontal when the labels fit in a few rows above the axis; vertical
otherwise. Eras are bars under the axis (horizontal) or beside it
(vertical), labelled in or next to the bar. Leaders never cross another
label, bar or leader: a horizontal label's row is chosen so that the
leaders below it pass between the labels of the lower rows; vertical
leaders fan out in time order. Labels are sized from the full date even
where the student copy shows a blank, so the student sheet and its key
have the same drawing.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

CHAR_EM = 0.62  # average advance of a DejaVu Sans digit or letter, in ems (rounded up)
BOLD_EM = 0.7
BREAK_GAP = 10.0  # drawn length of a break in the axis, mm
MIN_TICK_GAP = 14.0
MAX_ROWS = 5  # label rows above a horizontal axis before going vertical
GAP = 1.6  # mm between labels, and between a leader and a label it passes
MARGIN = 1.0


@dataclass(frozen=True)
class Point:
    key: int  # the event's index in the input
    start: float  # decimal years
    end: float | None  # for eras
    number: str
    date: str  # always the full date: it sizes the label on the sheet and on the key alike
    shown: bool = True  # False: the student copy shows a line to write the date on


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (
            self.x < other.x + other.w + gap
            and other.x < self.x + self.w + gap
            and self.y < other.y + other.h + gap
            and other.y < self.y + self.h + gap
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
class Label:
    """A circled number and a date (or a line to write it on), in a box."""

    box: Box
    number: str
    date: str
    shown: bool
    font: float  # mm

    @property
    def radius(self) -> float:
        return 0.62 * self.font

    @property
    def circle(self) -> tuple[float, float]:
        return (self.box.x + 0.35 * self.font + self.radius, self.box.y + self.box.h / 2)

    @property
    def number_baseline(self) -> float:
        return self.circle[1] + 0.36 * self.font

    @property
    def text_x(self) -> float:
        return self.circle[0] + self.radius + 0.45 * self.font

    @property
    def text_baseline(self) -> float:
        return self.box.y + self.box.h / 2 + 0.36 * self.font

    @property
    def blank_end(self) -> float:
        return self.box.x + self.box.w - 0.4 * self.font


@dataclass(frozen=True)
class Placed:
    key: int
    at: float  # marker (or bar start) position along the axis, mm
    end_at: float | None  # bar end, for eras
    label: Label
    leader: tuple[tuple[float, float], ...]  # from the axis to the label; empty beside a bar
    marker: tuple[float, float] | None  # the dot on the axis (points only)
    bar: Box | None  # eras

    @property
    def box(self) -> Box:
        return self.label.box


@dataclass(frozen=True)
class TimelineLayout:
    orientation: str  # "horizontal" or "vertical"
    width: float
    height: float
    axis: float  # y of a horizontal axis, or x of a vertical one
    segments: tuple[Segment, ...]
    ticks: tuple[tuple[float, str], ...]  # (position along the axis, year)
    placed: tuple[Placed, ...]
    font: float  # label and tick size, mm

    def position(self, year: float) -> float:
        """Where `year` falls along the axis (it must lie within a segment)."""
        return _at(self.segments, year)

    def breaks(self) -> list[tuple[float, float]]:
        return [(left.b, right.a) for left, right in zip(self.segments, self.segments[1:], strict=False)]

    @property
    def tick_baseline(self) -> float:
        """Horizontal: the baseline of the year labels under the axis."""
        return self.axis + 1.8 + 1.05 * self.font

    @property
    def tick_right(self) -> float:
        """Vertical: where the year labels left of the axis end."""
        return text_width("2000", self.font) + MARGIN


def text_width(text: str, font: float, em: float = CHAR_EM) -> float:
    return len(text) * em * font


def label_size(point: Point, font: float) -> tuple[float, float]:
    """Width and height of a point's label box, in mm."""
    radius = 0.62 * font
    width = 0.35 * font + 2 * radius + 0.45 * font + text_width(point.date, font) + 0.5 * font
    return width, 1.85 * font


def layout(points: list[Point], width: float, max_height: float, font: float) -> TimelineLayout:
    """The drawing of `points` in `width` x at most `max_height` mm, labels `font` mm high."""
    horizontal = _horizontal(points, width, font)
    if horizontal is not None and horizontal.height <= max_height:
        return horizontal
    return _vertical(points, width, max_height, font)


def _segments(points: list[Point], length: float, offset: float) -> tuple[Segment, ...]:
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
    segments, at = [], offset
    for lo, hi in spans:
        segments.append(Segment(lo, hi, at, at + (hi - lo) * scale))
        at = segments[-1].b + BREAK_GAP
    return tuple(segments)


def _ticks(segments: tuple[Segment, ...], font: float, label_room: float) -> tuple[tuple[float, str], ...]:
    """Year ticks at a round step, none so close to another that their labels touch."""
    ticks: list[tuple[float, str]] = []
    gap = max(MIN_TICK_GAP, label_room)
    for seg in segments:
        per_year = (seg.b - seg.a) / (seg.end - seg.start)
        step = next((s for s in (1, 2, 5, 10, 20, 50, 100) if s * per_year >= gap), 100)
        year = math.ceil(seg.start / step) * step
        own = []
        while year <= seg.end:
            own.append((seg.a + (year - seg.start) * per_year, str(year)))
            year += step
        if not own:  # a short part still shows its year
            own.append(((seg.a + seg.b) / 2, str(round((seg.start + seg.end) / 2))))
        for at, year_text in own:
            if not ticks or at - ticks[-1][0] >= label_room:
                ticks.append((at, year_text))
    return tuple(ticks)


# Where a label may sit in its row, tried in order: a fraction of its width left of its
# leader (the box spans the leader, which ends at its bottom), or beside the leader
# ("left", "right"), joined by a short stub at mid-height.
PREFERENCES: tuple[tuple[float | str, ...], ...] = (
    (0.5, 0.92, 0.08, "left", "right"),
    (0.92, 0.5, 0.08, "left", "right"),
    ("left", 0.92, 0.5, "right", 0.08),
)
CLEAR = 1.2  # mm between a leader and a label it passes


@dataclass(frozen=True)
class _Spot:
    at: float  # the leader's x
    x: float
    w: float
    row: int

    @property
    def beside(self) -> bool:
        return not self.x <= self.at <= self.x + self.w

    @property
    def span(self) -> tuple[float, float]:
        """What the label takes up in its row: its box and any stub to its leader."""
        return min(self.x, self.at), max(self.x + self.w, self.at)

    def blocks(self, leader: float) -> bool:
        """Whether a leader at x=`leader` passing this label's row would touch it. A leader
        on this label's own (two events on one day) shares its line with it."""
        if self.beside and abs(leader - self.at) <= 0.6:
            return self.x <= leader <= self.x + self.w
        low, high = self.span
        return low - CLEAR < leader < high + CLEAR


def _horizontal(points: list[Point], width: float, font: float) -> TimelineLayout | None:
    """Labels above the axis, in as few rows as any of the placement preferences gives."""
    found = [o for o in (_horizontal_with(points, width, font, p) for p in PREFERENCES) if o is not None]
    return min(found, key=lambda o: o.height) if found else None


def _horizontal_with(
    points: list[Point], width: float, font: float, preference: tuple[float | str, ...]
) -> TimelineLayout | None:
    year_room = text_width("2000", font) + 2 * GAP
    inset = year_room / 2 + MARGIN  # the first and last year labels stay inside
    segments = _segments(points, width - 2 * inset, inset)
    singles = sorted((p for p in points if p.end is None), key=lambda p: p.start)
    eras = sorted((p for p in points if p.end is not None), key=lambda p: p.start)
    h = label_size(points[0], font)[1]
    spots: list[_Spot] = []
    chosen: list[tuple[Point, _Spot]] = []
    leaders = [_at(segments, p.start) for p in singles]
    for n, point in enumerate(singles):
        w = label_size(point, font)[0]
        spot = _free_spot(spots, leaders[n], w, width, preference, leaders[n + 1 :])
        if spot is None:
            return None
        spots.append(spot)
        chosen.append((point, spot))
    rows = max((s.row for s in spots), default=-1) + 1
    row_step = h + 2.2
    stem = 3.0  # from the axis to the lowest row
    axis = MARGIN + rows * row_step + stem
    placed = []
    for point, spot in chosen:
        y = axis - stem - h - spot.row * row_step
        label = Label(Box(spot.x, y, spot.w, h), point.number, point.date, point.shown, font)
        if not spot.beside:
            leader: tuple[tuple[float, float], ...] = ((spot.at, axis), (spot.at, y + h))
        else:
            edge = spot.x + spot.w if spot.x < spot.at else spot.x
            leader = ((spot.at, axis), (spot.at, y + h / 2), (edge, y + h / 2))
        placed.append(Placed(point.key, spot.at, None, label, leader, (spot.at, axis), None))
    tick_bottom = axis + 1.8 + 1.4 * font
    lanes = _era_lanes(eras, segments, font, width)
    lane_step = h + 1.2
    for point, lane, bar_x0, bar_x1, label_x in lanes:
        y = tick_bottom + 2.0 + lane * lane_step
        w = label_size(point, font)[0]
        bar = Box(bar_x0, y, max(bar_x1 - bar_x0, 0.8), h)
        label = Label(Box(label_x, y, w, h), point.number, point.date, point.shown, font)
        placed.append(Placed(point.key, bar_x0, bar_x1, label, (), None, bar))
    lane_count = max((lane for _, lane, *_ in lanes), default=-1) + 1
    height = tick_bottom + (2.0 + lane_count * lane_step if lane_count else 0.0) + MARGIN
    ticks = _ticks(segments, font, year_room)
    ordered = tuple(sorted(placed, key=lambda p: p.key))
    return TimelineLayout("horizontal", width, height, axis, segments, ticks, ordered, font)


def _free_spot(
    spots: list[_Spot],
    at: float,
    w: float,
    width: float,
    preference: tuple[float | str, ...],
    upcoming: list[float],
) -> _Spot | None:
    """The lowest row, and a place in it, for a label whose leader rises at `at`: clear of
    the labels of its row, its leader clear of the labels of the rows below, and itself
    clear of the leaders of the labels above. A place that leaves the leaders of the
    labels still to come free is taken first."""
    for spot in _spots(at, w, width, preference):
        if not any(spot.blocks(a) for a in upcoming) and _fits(spot, spots):
            return spot
    return next((spot for spot in _spots(at, w, width, preference) if _fits(spot, spots)), None)


def _fits(spot: _Spot, spots: list[_Spot]) -> bool:
    low, high = spot.span
    if any(o.row == spot.row and low < o.span[1] + GAP and o.span[0] < high + GAP for o in spots):
        return False
    if any(o.row < spot.row and o.blocks(spot.at) for o in spots):
        return False
    return not any(o.row > spot.row and spot.blocks(o.at) for o in spots)


def _spots(at: float, w: float, width: float, preference: tuple[float | str, ...]) -> Iterator[_Spot]:
    """Every place to try, lowest row first."""
    for row in range(MAX_ROWS):
        for choice in preference:
            if choice == "left":
                x = at - 0.6 - w
            elif choice == "right":
                x = at + 0.6
            else:
                x = min(max(at - float(choice) * w, 0.0), width - w)
            if x < 0 or x + w > width:
                continue
            spot = _Spot(at, x, w, row)
            if choice in ("left", "right") or not spot.beside:  # not pushed off its leader by an edge
                yield spot


def _era_lanes(
    eras: list[Point], segments: tuple[Segment, ...], font: float, width: float
) -> list[tuple[Point, int, float, float, float]]:
    """Each era's lane, bar ends and label x: the label inside the bar when it fits,
    else just after the bar, else just before it; no two in a lane touch."""
    result = []
    lane_ends: list[float] = []
    for era in eras:
        x0, x1 = _at(segments, era.start), _at(segments, era.end or era.start)
        w = label_size(era, font)[0]
        if x1 - x0 >= w + 1.0:
            label_x = x0 + 0.5
        elif x1 + 1.0 + w <= width:
            label_x = x1 + 1.0
        else:
            label_x = max(x0 - 1.0 - w, 0.0)
        left, right = min(x0, label_x), max(x1, label_x + w)
        lane = next((i for i, end in enumerate(lane_ends) if end + GAP < left), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(right)
        lane_ends[lane] = right
        result.append((era, lane, x0, x1, label_x))
    return result


def _vertical(points: list[Point], width: float, max_height: float, font: float) -> TimelineLayout:
    """Time runs down the page: years to the left of the axis, eras as bars just left of
    it, every label in one column to the right, leaders fanning out in time order."""
    h = label_size(points[0], font)[1]
    ordered = sorted(points, key=lambda p: (p.start, p.key))
    needed = len(ordered) * (h + GAP) + 2 * MARGIN
    length = max(max_height, needed) - 2 * MARGIN - h
    segments = _segments(points, length, MARGIN + h / 2)
    eras = [p for p in ordered if p.end is not None]
    lanes = _vertical_lanes(eras, segments)
    lane_w = 3.2
    tick_right = text_width("2000", font) + MARGIN
    axis = tick_right + 2.5 + lane_w * (max(lanes.values(), default=-1) + 1) + 1.0
    label_x = axis + 9.0
    wanted = [_at(segments, p.start) - h / 2 for p in ordered]
    ys = _spread(wanted, h + GAP, MARGIN, max(max_height, needed) - MARGIN - h)
    placed = []
    for point, y in zip(ordered, ys, strict=True):
        at = _at(segments, point.start)
        w = min(label_size(point, font)[0], width - label_x)
        label = Label(Box(label_x, y, w, h), point.number, point.date, point.shown, font)
        middle = y + h / 2
        leader = ((axis, at), (axis + 2.5, at), (label_x - 2.5, middle), (label_x, middle))
        bar = None
        end_at = None
        if point.end is not None:
            end_at = _at(segments, point.end)
            lane_x = axis - 1.0 - lane_w * (lanes[point.key] + 1)
            bar = Box(lane_x, at, lane_w - 0.6, max(end_at - at, 0.8))
        marker = (axis, at) if point.end is None else None
        placed.append(Placed(point.key, at, end_at, label, leader, marker, bar))
    height = max(max_height, needed)
    ticks = _ticks(segments, font, 1.6 * font)
    return TimelineLayout(
        "vertical", width, height, axis, segments, ticks, tuple(sorted(placed, key=lambda p: p.key)), font
    )


def _spread(wanted: list[float], step: float, low: float, high: float) -> list[float]:
    """Positions as near `wanted` as possible, `step` apart, between `low` and `high`."""
    ys: list[float] = []
    for y in wanted:
        ys.append(max(y, low, ys[-1] + step if ys else low))
    for i in range(len(ys) - 1, -1, -1):  # pull back up what ran past the end
        limit = high if i == len(ys) - 1 else ys[i + 1] - step
        ys[i] = min(ys[i], limit)
    return ys


def _vertical_lanes(eras: list[Point], segments: tuple[Segment, ...]) -> dict[int, int]:
    """Era bars in lanes so that no two overlapping eras share one."""
    ends: list[float] = []
    lanes = {}
    for era in eras:
        lane = next((i for i, end in enumerate(ends) if end < era.start), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = era.end or era.start
        lanes[era.key] = lane
    return lanes


def _at(segments: tuple[Segment, ...], year: float) -> float:
    for seg in segments:
        if seg.start <= year <= seg.end:
            return seg.a + (year - seg.start) * (seg.b - seg.a) / (seg.end - seg.start)
    raise ValueError(f"{year} lies outside the timeline")
