"""Which documents each kind a lesson asks for produces (student copy, key, teacher copy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .documents import compose_handouts
from .guide import compose_guide
from .lesson import Lesson
from .passage import Passage
from .questions import compose_questions
from .timeline import compose_timeline
from .vocabsheet import compose_vocabulary

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
