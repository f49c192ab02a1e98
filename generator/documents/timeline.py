"""Compose the timeline worksheet and its key.

In: a lesson and its passage at a level. Out: two `TimelineSheet`s (student
sheet, key) sharing one drawing to scale (see drawing.py) and the same items.
The events are lettered in an order shuffled by a seed made from lesson and
level, so the list never tells the order in time. Some dates are blanked
(how many: the level's `timeline_blanks`): the student finds each in the
passage, writes it in the list, then writes the event's letter in the empty
circle at that date on the drawing. "Put these events in order" asks only
about events whose dates are blanked, so nothing printed on the sheet
answers it. The key shows every letter, date and answer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from generator.config import ComposeOptions
from generator.documents.base import Document, masthead_for
from generator.documents.drawing import Point, TimelineLayout, layout
from generator.documents.page import PT_PER_MM
from generator.documents.vocabulary import seed_for
from generator.passages.events import TimelineEvent, lesson_events
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.spec.levels import Typography
from generator.text.dates import hide_dates

MAX_EVENTS = 12
PRECISION = ("day", "month", "season", "year", "decade", "range")  # most precise first
ORDER_ITEMS = 5
LETTERS = "ABCDEFGHIJKLMNOP"
DRAWING_MAX_HEIGHT = 130.0


@dataclass(frozen=True)
class Entry:
    letter: str
    date: str  # the normalized date label
    text: str  # the event, its own dates hidden when its date is blanked
    paragraph: int  # where the passage tells it (0: the lesson's own wording)
    blank: bool  # students fill in the date
    is_era: bool


@dataclass(frozen=True)
class OrderItem:
    letter: str  # the event's letter in the list
    position: int  # its place in time order, 1 = first


@dataclass(frozen=True)
class TimelineSheet(Document):
    # kind: "timeline" or "timeline-key"
    is_key: bool
    drawing: TimelineLayout
    entries: tuple[Entry, ...]  # in letter order
    date_bank: tuple[str, ...]  # the blanked dates, shuffled; empty when the level has no bank
    order: tuple[OrderItem, ...]  # in the order the sheet asks (by letter)
    description: str  # the drawing's text alternative
    present_note: str  # what "present" means on this timeline
    template: str = "timeline.html"


LARGE_PRINT_LABEL_PT = 18.0  # drawing labels in large print: the large-print body size


def label_font_mm(typography: Typography) -> float:
    """Drawing labels: three quarters of the body size, never under the level's minimum."""
    return max(typography.min_size_pt, 0.75 * typography.body_size_pt) / PT_PER_MM


def era_span(event: TimelineEvent, events: list[TimelineEvent]) -> tuple[float, float]:
    """Where an era's bar starts and ends. An era given by years ("1988–1994") ends at the
    latest dated event of its last year when the lesson has one (May 1994), else in the
    middle of that year, so the bar never runs into a year its label does not name."""
    start, end = event.when.position(), event.when.end_position()
    last = event.when.end
    if last is not None and not last[1] and not event.when.open_ended:
        inside = [o.when.position() for o in events if not o.when.is_range and o.when.start[0] == last[0]]
        dated = [p for p in inside if p > last[0]]
        end = max(dated) if dated else last[0] + 0.5
    return start, max(end, start)


def select_events(events: list[TimelineEvent], most: int = MAX_EVENTS) -> list[TimelineEvent]:
    """One event per date, at most `most`, spread evenly through time."""
    unique: dict[tuple[object, ...], TimelineEvent] = {}
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
    # One generator, drawn from in a fixed order (blanks, letters, bank): the same sheet every build.
    rng = random.Random(seed_for(lesson.id, level.id, "timeline"))
    blanked = _blanked(events, level.exercises.timeline_blanks, rng)
    letter_of = _letters(len(events), rng)
    entries = _entries(events, letter_of, blanked)
    font = _label_font(level.typography, options.large_print)
    bank = _date_bank(events, blanked, rng) if level.exercises.word_bank else []
    order = _order_items(events, blanked, letter_of)
    masthead = masthead_for(lesson, passage)
    present = ""
    if any(e.when.open_ended for e in events):
        present = f"\u201cPresent\u201d means {masthead.covers_to}, the latest the article's text describes."
    return [
        TimelineSheet(
            kind=kind,
            masthead=masthead,
            is_key=is_key,
            drawing=_drawing(events, blanked, letter_of, is_key, options.page.content_width_mm, font),
            entries=entries,
            date_bank=tuple(bank),
            order=order,
            description=_description(events, blanked, letter_of, is_key),
            present_note=present,
        )
        for kind, is_key in (("timeline", False), ("timeline-key", True))
    ]


def _blanked(events: list[TimelineEvent], wanted: int, rng: random.Random) -> set[int]:
    """The events whose dates students find: points in time only, never eras."""
    points = [p for p in range(len(events)) if not events[p].when.is_range]
    # At least one date stays printed, as an anchor to count from.
    blanks = min(wanted, max(len(points) - 1, 1))
    return set(rng.sample(points, min(blanks, len(points))))


def _letters(count: int, rng: random.Random) -> dict[int, str]:
    """Each event's letter (by index in time order), in letter order: never the order in time."""
    listing = list(range(count))
    while len(listing) > 2 and listing == sorted(listing):
        rng.shuffle(listing)
    return {i: LETTERS[n] for n, i in enumerate(listing)}


def _entries(events: list[TimelineEvent], letter_of: dict[int, str], blanked: set[int]) -> tuple[Entry, ...]:
    """The sheet's list, in letter order; a blanked event's own dates are hidden."""
    return tuple(
        Entry(
            letter,
            events[i].when.label,
            hide_dates(events[i].text) if i in blanked else events[i].text,
            events[i].paragraph,
            i in blanked,
            events[i].when.is_range,
        )
        for i, letter in letter_of.items()
    )


def _label_font(typography: Typography, large_print: bool) -> float:
    font = label_font_mm(typography)
    if large_print:  # labels at the large-print size, as the rest of the page
        font = max(font, LARGE_PRINT_LABEL_PT / PT_PER_MM)
    return font


def _drawing(
    events: list[TimelineEvent],
    blanked: set[int],
    letter_of: dict[int, str],
    show_all: bool,
    width_mm: float,
    font_mm: float,
) -> TimelineLayout:
    """The drawing to scale; on the student sheet a blanked event's date is an empty circle."""
    marks = []
    for i, e in enumerate(events):
        start, end = era_span(e, events) if e.when.is_range else (e.when.position(), None)
        shown = show_all or i not in blanked
        marks.append(Point(i, start, end, letter_of[i], e.when.label, shown))
    return layout(marks, width_mm, DRAWING_MAX_HEIGHT, font_mm)


def _date_bank(events: list[TimelineEvent], blanked: set[int], rng: random.Random) -> list[str]:
    """The blanked dates, shuffled."""
    return sorted((events[i].when.label for i in blanked), key=lambda _: rng.random())


def _order_items(
    events: list[TimelineEvent], blanked: set[int], letter_of: dict[int, str]
) -> tuple[OrderItem, ...]:
    """ "Put these events in order": only events whose dates the student finds, so the sheet
    prints nothing that orders them, and no two a student cannot tell apart."""
    pool: list[int] = []
    for i in sorted(blanked, key=lambda i: (PRECISION.index(events[i].when.precision), i)):
        if not any(_ambiguous(events[i], events[j]) for j in pool):
            pool.append(i)
    picked = sorted(pool[:ORDER_ITEMS])
    if len(picked) < 2:
        return ()
    return tuple(
        OrderItem(letter_of[i], picked.index(i) + 1) for i in sorted(picked, key=lambda i: letter_of[i])
    )


def _description(
    events: list[TimelineEvent], blanked: set[int], letter_of: dict[int, str], show_all: bool
) -> str:
    """The drawing's alternative text: every event with its date as the drawing shows it
    (a date students find in the passage is not given away on their copy)."""
    told = "; ".join(
        f"{letter_of[i]}, {e.when.label if show_all or i not in blanked else 'date to find'}: "
        f"{e.text if show_all or i not in blanked else hide_dates(e.text)}"
        for i, e in enumerate(events)
    )
    return f"Timeline of {len(events)} events, drawn to scale: {told}."


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
