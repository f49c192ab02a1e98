"""Check that every question's evidence is in the passage its students receive.

In: a lesson and a passage. Out: nothing, or a `LessonError` naming the
question, the paragraph and the quotation that was not found.
"""

from __future__ import annotations

import re

from generator.errors import LessonError
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.spec.schema import Question

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-"})


def normalize(text: str) -> str:
    """Compare quotations without caring about curly quotes, dashes or spacing."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().lower()


def check_evidence(lesson: Lesson, passage: Passage) -> None:
    """Raise for any question whose evidence is not in the passage.

    A custom lesson that inherits its questions and drops sections may lose the
    evidence of some: those questions are left out (see `supported_questions`)."""
    if not lesson.states("questions") or passage.fallback:
        return
    problems = evidence_problems(lesson, passage)
    if problems:
        raise LessonError([message for _, message in problems])


def supported_questions(lesson: Lesson, passage: Passage) -> list[Question]:
    """The level's questions whose evidence the passage holds."""
    bad = {index for index, _ in evidence_problems(lesson, passage)}
    return [q for i, q in enumerate(lesson.spec.questions.get(passage.level.id, [])) if i not in bad]


def evidence_problems(lesson: Lesson, passage: Passage) -> list[tuple[int, str]]:
    """(question index, message) for each evidence the passage does not hold."""
    questions = lesson.spec.questions.get(passage.level.id, [])
    paragraphs = {p.number: normalize(p.text) for p in passage.paragraphs}
    problems: list[tuple[int, str]] = []
    for i, question in enumerate(questions):
        for j, evidence in enumerate(question.evidence):
            where = f"{lesson.path}: questions.{passage.level.id}[{i}].evidence[{j}]"
            quote = normalize(evidence.quote).strip(' ."')
            text = paragraphs.get(evidence.paragraph)
            if text is None:
                problems.append(
                    (
                        i,
                        f"{where}: expected a paragraph of the {passage.level.id} "
                        f"passage (1-{len(paragraphs)}), found {evidence.paragraph}",
                    )
                )
            elif quote not in text:
                found = [n for n, t in paragraphs.items() if quote in t]
                hint = f"; it is in paragraph {found[0]}" if found else "; quote the passage word for word"
                problems.append(
                    (
                        i,
                        f"{where}: expected words from paragraph {evidence.paragraph}, "
                        f"found \u201c{evidence.quote}\u201d, which is not in it{hint}",
                    )
                )
    return problems
