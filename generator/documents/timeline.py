"""Compose the timeline worksheet and its key.

In: a lesson and its passage at a level. Out: two `TimelineSheet`s (student
sheet, key) sharing one drawing to scale (see timeline_layout.py) and the
same items: a numbered list of the events, some with their date blanked for
students to fill in from a list of dates (how many: the level's
`timeline_blanks`), and "put these events in order" with the events shuffled
by a seed made from lesson and level. The key shows every date and answer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from generator.config import ComposeOptions
from generator.documents.base import Document, common_fields
from generator.documents.drawing import Point, TimelineLayout, layout
from generator.documents.vocabulary import seed_for
from generator.passages.events import TimelineEvent, lesson_events
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.text.dates import hide_dates

MAX_EVENTS = 12
PRECISION = ("day", "month", "season", "year", "decade", "range")  # most precise first
ORDER_ITEMS = 5
DRAWING_MAX_HEIGHT = 150.0


@dataclass(frozen=True)
class Entry:
    number: int
    date: str  # the normalized date label
    text: str  # the event, its own dates hidden when its date is blanked
    paragraph: int  # where the passage tells it (0: the lesson's own wording)
    blank: bool  # students fill in the date
    is_era: bool


@dataclass(frozen=True)
class OrderItem:
    letter: str
    text: str
    position: int  # its place in time order, 1 = first


@dataclass(frozen=True)
class TimelineSheet(Document):
    # kind: "timeline" or "timeline-key"
    is_key: bool
    drawing: TimelineLayout
    entries: tuple[Entry, ...]
    date_bank: tuple[str, ...]  # the blanked dates, shuffled; empty when the level has no bank
    order: tuple[OrderItem, ...]
    description: str  # the drawing's text alternative
    present_note: str  # what "present" means on this timeline
    template: str = "timeline.html"


def select_events(events: list[TimelineEvent], most: int = MAX_EVENTS) -> list[TimelineEvent]:
    """One event per date, at most `most`, spread evenly through time."""
    unique: dict[tuple, TimelineEvent] = {}
    for event in events:
        unique.setdefault((event.when.start, event.when.end), event)
    chosen = sorted(unique.values(), key=lambda e: e.when.start)
    if len(chosen) > most:
        step = (len(chosen) - 1) / (most - 1)
        chosen = [chosen[round(i * step)] for i in range(most)]
    return chosen


def compose_timeline(lesson: Lesson, passage: Passage, options: ComposeOptions) -> list[TimelineSheet]:
    level = lesson.levels[passage.level.id]
    events = select_events(lesson_events(lesson, passage))
    if not events:
        return []
    rng = random.Random(seed_for(lesson.id, level.id, "timeline"))
    points = [p for p in range(len(events)) if not events[p].when.is_range]
    # At least one date stays printed, as an anchor to count from.
    blanks = min(level.exercises.timeline_blanks, max(len(points) - 1, 1))
    blanked = set(rng.sample(points, min(blanks, len(points))))
    entries = tuple(
        Entry(
            i + 1,
            e.when.label,
            hide_dates(e.text) if i in blanked else e.text,
            e.paragraph,
            i in blanked,
            e.when.is_range,
        )
        for i, e in enumerate(events)
    )

    def drawing(show_all: bool) -> TimelineLayout:
        return layout(
            [
                Point(
                    i,
                    e.when.position(),
                    e.when.end_position() if e.when.is_range else None,
                    _marker_label(i + 1, e, i in blanked and not show_all),
                )
                for i, e in enumerate(events)
            ],
            options.drawing_width_mm,  # printed at options.drawing_scale: large print draws it bigger
            DRAWING_MAX_HEIGHT / options.drawing_scale,
        )

    bank = (
        sorted((entries[i].date for i in blanked), key=lambda _: rng.random())
        if level.exercises.word_bank
        else []
    )
    # The most precise dates first, so that "2020" does not crowd out three days of 2020.
    by_precision = sorted(range(len(events)), key=lambda i: (PRECISION.index(events[i].when.precision), i))
    order_pool: list[int] = []
    for i in by_precision:
        event = events[i]
        if not event.when.is_range and not any(_ambiguous(event, events[j]) for j in order_pool):
            order_pool.append(i)
    order_pool.sort()
    picked = sorted(rng.sample(order_pool, min(ORDER_ITEMS, len(order_pool))))
    shuffled = picked[:]
    rng.shuffle(shuffled)
    order = tuple(
        OrderItem("ABCDEFG"[n], hide_dates(events[i].text), picked.index(i) + 1)
        for n, i in enumerate(shuffled)
    )

    def description(show_all: bool) -> str:
        """The drawing's alternative text: every event with its date, as the drawing shows
        it (a date students find in the passage is not given away on their copy)."""
        told = "; ".join(
            f"{x.number}, {'date to find' if x.blank and not show_all else x.date}: "
            f"{e.text if show_all else x.text}"
            for x, e in zip(entries, events, strict=True)
        )
        return f"Timeline of {len(entries)} events, drawn to scale: {told}."

    common = common_fields(lesson, passage)
    present = ""
    if any(e.when.open_ended for e in events):
        present = f"\u201cPresent\u201d means {common['covers_to']}, the latest the article's text describes."
    return [
        TimelineSheet(
            kind=kind,
            is_key=is_key,
            drawing=drawing(is_key),
            entries=entries,
            date_bank=tuple(bank),
            order=order,
            description=description(is_key),
            present_note=present,
            **common,
        )
        for kind, is_key in (("timeline", False), ("timeline-key", True))
    ]


def _ambiguous(a: TimelineEvent, b: TimelineEvent) -> bool:
    """Two dates a student cannot order: "1994" and "May 1994", "May 1994" and "1 May 1994"."""
    (ya, ma, _), (yb, mb, _) = a.when.start, b.when.start
    if ya != yb:
        return False
    return (
        not (ma and mb)
        or (ma == mb and "month" in (a.when.precision, b.when.precision))
        or a.when.start == b.when.start
    )


def _marker_label(number: int, event: TimelineEvent, blank: bool) -> str:
    """What stands beside a marker: its number and date ("3  20 February 1988")."""
    return f"{number}" if blank else f"{number}  {event.when.label}"
