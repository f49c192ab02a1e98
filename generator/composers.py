"""Which documents each kind a lesson asks for produces (student copy, key, teacher copy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .documents import compose_handouts
from .lesson import Lesson
from .passage import Passage
from .vocabsheet import compose_vocabulary

COMPOSERS: dict[str, Callable[[Lesson, Passage], list[Any]]] = {
    "handout": compose_handouts,
    "vocabulary": compose_vocabulary,
}


def compose_all(lesson: Lesson, passage: Passage) -> list[Any]:
    return [doc for kind in lesson.spec.documents for doc in COMPOSERS[kind](lesson, passage)]
