"""Check that every question's evidence is in the passage its students receive.

In: a lesson and a passage. Out: nothing, or a `LessonError` naming the
question, the paragraph and the quotation that was not found.
"""

from __future__ import annotations

import re

from .errors import LessonError
from .lesson import Lesson
from .passage import Passage

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-"})


def normalize(text: str) -> str:
    """Compare quotations without caring about curly quotes, dashes or spacing."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().lower()


def check_evidence(lesson: Lesson, passage: Passage) -> None:
    questions = lesson.spec.questions.get(passage.level.id, [])
    paragraphs = {p.number: normalize(p.text) for p in passage.paragraphs}
    errors = []
    for i, question in enumerate(questions):
        for j, evidence in enumerate(question.evidence):
            where = f"{lesson.path}: questions.{passage.level.id}[{i}].evidence[{j}]"
            text = paragraphs.get(evidence.paragraph)
            if text is None:
                errors.append(
                    f"{where}: expected a paragraph of the {passage.level.id} passage "
                    f"(1-{len(paragraphs)}), found {evidence.paragraph}"
                )
            elif normalize(evidence.quote).strip(' ."') not in text:
                found = [n for n, t in paragraphs.items() if normalize(evidence.quote).strip(' ."') in t]
                hint = f"; it is in paragraph {found[0]}" if found else "; quote the passage word for word"
                errors.append(
                    f"{where}: expected words from paragraph {evidence.paragraph}, found "
                    f"\u201c{evidence.quote}\u201d, which is not in it{hint}"
                )
    if errors:
        raise LessonError(errors)
