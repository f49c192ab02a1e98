"""Which documents each kind a lesson asks for produces (student copy, key, teacher copy).

In: a lesson, its passage at a level and the compose options. Out: the document
values of every kind the lesson asks for, in the lesson's order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from generator.config import ComposeOptions
from generator.documents.base import Printable, compose_handouts
from generator.documents.guide import compose_guide
from generator.documents.questions import compose_questions
from generator.documents.timeline import compose_timeline
from generator.documents.vocabulary import compose_vocabulary
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson

Composer = Callable[[Lesson, Passage, ComposeOptions], Sequence[Printable]]

COMPOSERS: dict[str, Composer] = {
    "handout": compose_handouts,
    "vocabulary": compose_vocabulary,
    "timeline": compose_timeline,
    "questions": compose_questions,
    "teacher-guide": compose_guide,
}


def compose_all(lesson: Lesson, passage: Passage, options: ComposeOptions) -> list[Printable]:
    documents: list[Printable] = []
    for kind in lesson.spec.documents:
        documents += COMPOSERS[kind](lesson, passage, options)
    return documents
