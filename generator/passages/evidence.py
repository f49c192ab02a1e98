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
    """Raise for any question whose evidence is not in the passage (drafts aside)."""
    errors, _ = evidence_messages(lesson, passage)
    if errors:
        raise LessonError(errors)


def evidence_messages(lesson: Lesson, passage: Passage) -> tuple[list[str], list[str]]:
    """(errors, notes): every question whose evidence the passage does not hold is an
    error, except a draft (written by new-lesson), which is left out with a note.

    A custom lesson that inherits its questions and drops sections may lose the
    evidence of some: those questions are left out (see `supported_questions`)."""
    if not lesson.states("questions") or passage.fallback:
        return [], []
    questions = lesson.spec.questions.get(passage.level.id, [])
    errors: list[str] = []
    notes: list[str] = []
    for index, message in evidence_problems(lesson, passage):
        if questions[index].draft:
            where = lesson.where(("questions", passage.level.id, index))
            notes.append(
                f"{where}: draft question left out at {passage.level.id}: its evidence is not in "
                "the passage; rewrite it for the passage or delete it"
            )
        else:
            errors.append(message)
    return errors, list(dict.fromkeys(notes))


def supported_questions(lesson: Lesson, passage: Passage) -> list[Question]:
    """The level's questions whose evidence the passage holds."""
    bad = {index for index, _ in evidence_problems(lesson, passage)}
    return [q for i, q in enumerate(lesson.spec.questions.get(passage.level.id, [])) if i not in bad]


def evidence_problems(lesson: Lesson, passage: Passage) -> list[tuple[int, str]]:
    """(question index, message) for each evidence the passage does not hold."""
    level_id = passage.level.id
    questions = lesson.spec.questions.get(level_id, [])
    paragraphs = {p.number: normalize(p.text) for p in passage.paragraphs}
    text_file = passage.source_file or lesson.article.path
    problems: list[tuple[int, str]] = []
    for i, question in enumerate(questions):
        for j, evidence in enumerate(question.evidence):
            at = ("questions", level_id, i, "evidence", j)
            quote = normalize(evidence.quote).strip(' ."')
            text = paragraphs.get(evidence.paragraph)
            if text is None:
                problems.append(
                    (
                        i,
                        f"{lesson.where((*at, 'paragraph'))}: expected a paragraph of the {level_id} "
                        f"passage ({text_file}: 1-{len(paragraphs)}), found {evidence.paragraph}",
                    )
                )
            elif quote not in text:
                found = [n for n, t in paragraphs.items() if quote in t]
                hint = f"; it is in paragraph {found[0]}" if found else "; quote the passage word for word"
                problems.append(
                    (
                        i,
                        f"{lesson.where((*at, 'quote'))}: expected words from paragraph "
                        f"{evidence.paragraph} of the {level_id} passage ({text_file}), "
                        f"found \u201c{evidence.quote}\u201d, which is not in it{hint}",
                    )
                )
    return problems
