"""Which documents each kind a lesson asks for produces (student copy, key, teacher copy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.documents.base import compose_handouts
from generator.documents.guide import compose_guide
from generator.documents.questions import compose_questions
from generator.documents.timeline import compose_timeline
from generator.documents.vocabulary import compose_vocabulary
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson

COMPOSERS: dict[str, Callable[[Lesson, Passage], list[Any]]] = {
    "handout": compose_handouts,
    "vocabulary": compose_vocabulary,
    "timeline": compose_timeline,
    "teacher-guide": compose_guide,
}


def compose_all(lesson: Lesson, passage: Passage, versions: int = 1) -> list[Any]:
    documents = []
    for kind in lesson.spec.documents:
        if kind == "questions":
            documents += compose_questions(lesson, passage, versions)
        elif kind in COMPOSERS:
            documents += COMPOSERS[kind](lesson, passage)
    return documents
