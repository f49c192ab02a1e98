"""Compose the documents of a lesson at a level, ready to render.

In: a `Lesson` and its `Passage`. Out: document values (`Handout`, ...) that
hold exactly what a template prints, so templates hold no logic and rendering
knows nothing about YAML or articles.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lesson import Lesson
from .levels import Typography
from .passage import Passage
from .text import month_year


@dataclass(frozen=True)
class Handout:
    kind = "handout"
    template = "handout.html"
    lesson_id: str
    level_id: str
    title: str
    passage: Passage
    typography: Typography
    attribution: str
    text_reflects: str


def compose_handout(lesson: Lesson, passage: Passage) -> Handout:
    source = lesson.article.source
    attribution = source.attribution if source else f"Adapted from \u201c{lesson.article.title}\u201d."
    return Handout(
        lesson_id=lesson.id,
        level_id=passage.level.id,
        title=lesson.title,
        passage=passage,
        typography=lesson.levels[passage.level.id].typography,
        attribution=attribution,
        text_reflects=month_year(source.text_reflects) if source else "an unknown date",
    )
