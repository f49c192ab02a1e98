"""What an export is made from: one lesson at one level, composed as for the PDFs.

In: the project folders, a lesson id and a level id. Out: an `ExportSource`
holding the lesson, its passage and the document values the PDFs print (the
handout, the vocabulary sheet and its key, the questions and their key),
composed by generator/documents with the same seeds, plus the level's whole
word list for class sets that need more words than the sheet. Exports never
choose, order or check items on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.config import ComposeOptions, Folders, Selection
from generator.documents.base import Handout, compose_handouts
from generator.documents.questions import QuestionSheet, compose_questions
from generator.documents.vocabulary import VocabularySheet, compose_vocabulary
from generator.errors import LessonError, LevelError
from generator.passages.gather import gather
from generator.passages.glossary import entries_for
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.spec.levels import grade_span


@dataclass(frozen=True)
class Term:
    """A glossary word of the level's passage with the level's definition."""

    term: str
    part_of_speech: str
    definition: str


@dataclass(frozen=True)
class ExportSource:
    lesson: Lesson
    passage: Passage
    handout: Handout
    vocabulary: VocabularySheet
    vocabulary_key: VocabularySheet
    questions: QuestionSheet
    questions_key: QuestionSheet
    terms: tuple[Term, ...]  # every term defined for the level that its passage uses

    @property
    def level_id(self) -> str:
        return self.passage.level.id

    @property
    def level_name(self) -> str:
        return self.passage.level.name


def load_source(folders: Folders, lesson_id: str, level_id: str) -> ExportSource:
    """Load, validate and compose one lesson at one level (errors name file and key)."""
    gathered = gather(folders, Selection((lesson_id,), level_id=level_id))
    if gathered.errors:
        raise LessonError([m for messages in gathered.errors.values() for m in messages])
    skipped = gathered.skipped.get(lesson_id)
    if skipped:  # the level does not serve the lesson's grades
        lesson = skipped.lesson
        level = lesson.levels[level_id]
        raise LevelError(
            f"{lesson.path}: lesson '{lesson.id}' covers grades {lesson.grades_text()}, which the "
            f"{level.id} level (grades {grade_span(level.grades or ())}) does not serve; "
            f"export one of its levels: {', '.join(lv.id for lv in lesson.covered_levels())}"
        )
    lesson, passage = gathered.passages[0]
    options = ComposeOptions()  # one version; exports lay out their own pages
    handout = next(h for h in compose_handouts(lesson, passage, options) if h.kind == "handout")
    vocabulary, vocabulary_key = compose_vocabulary(lesson, passage, options)
    questions, questions_key = compose_questions(lesson, passage, options)[:2]
    terms = tuple(
        Term(entry.term, entry.part_of_speech, entry.definition_for(level_id, lesson.level_order))
        for entry, _use in entries_for(lesson, passage)
    )
    return ExportSource(lesson, passage, handout, vocabulary, vocabulary_key, questions, questions_key, terms)
