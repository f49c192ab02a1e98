"""The unit overview: the teacher's map of all the lessons on one article.

In: lessons/unit.yaml (title, lessons in teaching order) and those lessons,
each with its high-school passage (the fullest hand-written one). Out: a
`UnitOverview`: the lessons in order with grades, time and objectives, the
unit's whole timeline drawn to scale, the standards the lessons cover, and the
date the source reflects with a note that the conflict has developed since.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.config import ComposeOptions
from generator.documents.base import Document, masthead_for
from generator.documents.drawing import Point, TimelineLayout, layout
from generator.documents.timeline import era_span, label_font_mm, select_events
from generator.errors import LessonError
from generator.passages.events import lesson_events
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.spec.validation import messages_for
from generator.spec.yamlfile import load_yaml

UNIT_EVENTS = 16
DRAWING_MAX_HEIGHT = 170.0
# A span a title states: "(1918–1988)", "(2021 on)".
_TITLE_YEARS = re.compile(r"\((\d{4})\s*(?:[–-]\s*(\d{4})|(on))\)\s*$")


class UnitSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, description="The unit's title.")
    article: str = Field(description="The article the unit's lessons read.")
    lessons: list[str] = Field(min_length=1, description="Lesson ids in teaching order.")


@dataclass(frozen=True)
class UnitLesson:
    number: int
    lesson_id: str
    title: str
    grades: str
    minutes: int
    objectives: tuple[str, ...]
    years: str  # the span its title states ("1918–1988", "2021 on"), else that of its events


@dataclass(frozen=True)
class UnitEvent:
    """An event of the unit's timeline list: its number on the drawing, its date, what
    happened and the lesson it comes from."""

    number: int
    date: str
    text: str
    lesson_title: str


@dataclass(frozen=True)
class UnitOverview(Document):
    lessons: tuple[UnitLesson, ...]
    drawing: TimelineLayout
    events: tuple[UnitEvent, ...]
    standards: tuple[str, ...]
    description: str
    template: str = "unit.html"


def load_unit(path: Path) -> UnitSpec:
    data, lines = load_yaml(path)
    try:
        return UnitSpec.model_validate(data)
    except ValidationError as exc:
        raise LessonError(messages_for(exc, UnitSpec, data, lines, path)) from None


def compose_unit(
    spec: UnitSpec, passages: list[tuple[Lesson, Passage]], options: ComposeOptions
) -> UnitOverview:
    lessons, events = [], []
    for number, (lesson, passage) in enumerate(passages, start=1):
        own = lesson_events(lesson, passage)
        events += [(e, lesson.title) for e in own]
        years = sorted({e.when.year for e in own} | {e.when.end[0] for e in own if e.when.end})
        notes = lesson.spec.teacher
        lessons.append(
            UnitLesson(
                number,
                lesson.id,
                lesson.title,
                lesson.grades_text(),
                notes.minutes if notes else 45,
                tuple(lesson.spec.objectives),
                _years(lesson.title, years),
            )
        )
    chosen = select_events([e for e, _ in events], UNIT_EVENTS)
    title_of = {id(e): t for e, t in events}
    listed = tuple(UnitEvent(n, e.when.label, e.text, title_of[id(e)]) for n, e in enumerate(chosen, start=1))
    marks = []
    for n, event in enumerate(chosen, start=1):
        start, end = era_span(event, chosen) if event.when.is_range else (event.when.position(), None)
        marks.append(Point(n - 1, start, end, str(n), event.when.label))
    typography = passages[0][0].levels[passages[0][1].level.id].typography
    font = label_font_mm(typography)
    drawing = layout(marks, options.page.content_width_mm, DRAWING_MAX_HEIGHT, font)
    standards = sorted(
        {code for lesson, _ in passages if lesson.spec.teacher for code in lesson.spec.teacher.standards},
        key=_standard_order,
    )
    first_lesson, first_passage = passages[0]
    # The unit's own title; type and source credit as its first lesson prints them.
    masthead = masthead_for(first_lesson, first_passage)
    masthead = replace(masthead, lesson_id="unit", level_id="unit", title=spec.title)
    description = "Unit timeline, drawn to scale: " + "; ".join(f"{e.date}: {e.text}" for e in listed)
    return UnitOverview(
        kind="unit-overview",
        masthead=masthead,
        lessons=tuple(lessons),
        drawing=drawing,
        events=listed,
        standards=tuple(standards),
        description=description,
    )


def _years(title: str, event_years: list[int]) -> str:
    """The years a lesson covers: as its title states them, so the two never disagree;
    from its events when the title gives none."""
    stated = _TITLE_YEARS.search(title)
    if stated:
        first, last, onward = stated.groups()
        return f"{first} on" if onward else f"{first}–{last}"
    if len(event_years) > 1:
        return f"{event_years[0]}–{event_years[-1]}"
    return str(event_years[0]) if event_years else ""


def _standard_order(code: str) -> tuple[int, str, int]:
    strand, _, rest = code.partition(".")
    grade, _, number = rest.rpartition(".")
    low = int(grade.split("-")[0]) if grade.split("-")[0].isdigit() else 0
    return (low, strand, int(number) if number.isdigit() else 0)
