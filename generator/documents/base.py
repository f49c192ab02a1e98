"""Compose the documents of a lesson at a level, ready to render.

In: a `Lesson` and its `Passage`. Out: document values (`Handout`, ...) that
hold exactly what a template prints, so templates hold no logic and rendering
knows nothing about YAML or articles. Student copies never show the level;
teacher copies carry the measured readability.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from generator.config import ComposeOptions
from generator.errors import ArticleError
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.spec.levels import Typography, grade_span


@dataclass(frozen=True)
class Gloss:
    term: str
    part_of_speech: str
    definition: str


@dataclass(frozen=True)
class HardWord:
    word: str
    glossed: bool  # the lesson's glossary defines it


@dataclass(frozen=True)
class TeacherCopyNotes:
    """The box on the teacher copy of the handout: the level, the passage's measured
    readability and where its text comes from (the lesson file's own notes for the
    teacher guide are `spec.schema.TeacherNotes`)."""

    level_name: str
    grades: str
    estimate: str  # "Estimated grade (Flesch-Kincaid): 5.4, band 4-5"
    text_origin: str
    warning: str | None  # set when the passage is not at the level it is built for
    words: int
    sentences: int
    words_per_sentence: float
    longest_sentence_words: int
    hard_words: tuple[HardWord, ...]
    objectives: tuple[str, ...]


class Printable(Protocol):
    """A composed document as rendering sees it: its kind names the file, its template
    (in generator/layouts) renders it, in its typography (the build checks that the font
    has every character the document prints: build/glyphs.py)."""

    @property
    def kind(self) -> str: ...

    @property
    def template(self) -> str: ...

    @property
    def typography(self) -> Typography: ...


@dataclass(frozen=True)
class Masthead:
    """What every document of a lesson at a level shares: which lesson and level it is for,
    its title (on every page), the level's typography, and the source's credit and dates."""

    lesson_id: str
    level_id: str
    title: str
    typography: Typography
    attribution: str  # "Adapted from “Title”, credit (url). License: name (deed)."
    covers_to: str  # the latest events the article's text describes: "2023"
    retrieved: str  # when the page was copied: "April 2024"


@dataclass(frozen=True)
class Document:
    """A printed document: its kind (which names the file) and its masthead."""

    kind: str  # names the file: "handout", "vocabulary-key", ...
    masthead: Masthead

    @property
    def typography(self) -> Typography:
        """The level's type, as `Printable`: the build's glyph check reads it here."""
        return self.masthead.typography


@dataclass(frozen=True)
class Handout(Document):
    # kind: "handout" (student copy) or "handout-teacher"
    passage: Passage
    glosses: tuple[Gloss, ...]  # hard words explained beside a passage not written for the level
    teacher: TeacherCopyNotes | None
    template: str = "handout.html"


def masthead_for(lesson: Lesson, passage: Passage) -> Masthead:
    """The masthead of every document of `lesson` at the level of `passage`."""
    source = lesson.article.source
    if source is None:  # read_article refuses an article without metadata before this
        raise ArticleError(f"{lesson.article.path}: no metadata; run 'python -m generator add-article'")
    return Masthead(
        lesson_id=lesson.id,
        level_id=passage.level.id,
        title=lesson.title,
        typography=lesson.levels[passage.level.id].typography,
        attribution=source.attribution_line,
        covers_to=source.covers_to_text,
        retrieved=source.retrieved_text,
    )


def compose_handouts(lesson: Lesson, passage: Passage, options: ComposeOptions) -> list[Handout]:
    """The student copy and the teacher copy of the reading handout."""
    del options  # the same at every paper size and version count
    student = Handout(
        kind="handout",
        masthead=masthead_for(lesson, passage),
        passage=passage,
        glosses=_glosses(lesson, passage) if passage.fallback else (),
        teacher=None,
    )
    return [student, replace(student, kind="handout-teacher", teacher=_teacher_copy_notes(lesson, passage))]


def estimate_line(passage: Passage) -> str:
    level = passage.level
    line = f"Estimated grade (Flesch-Kincaid): {passage.readability.fk_grade:.1f}"
    return f"{line}, band {level.band}" if level.band else line


def _teacher_copy_notes(lesson: Lesson, passage: Passage) -> TeacherCopyNotes:
    level, r = passage.level, passage.readability
    if passage.source_file:
        origin = f"Written for this level: {passage.source_file.as_posix()}."
    else:
        origin = "The article's own text, cleaned of page residue but not rewritten."
    warning = None
    if passage.fallback:
        warning = (
            f"No passage has been written for this level yet, so students get the source text, "
            f"which measures far above grades {grade_span(level.grades or ())}. Hard words the "
            f"lesson's glossary defines are explained on the handout. Write one with "
            f"'python -m generator level-stub {lesson.id} --level {level.id}'."
        )
    return TeacherCopyNotes(
        level_name=level.name,
        grades=grade_span(level.grades) if level.grades else "above grade 12 (source text)",
        estimate=estimate_line(passage),
        text_origin=origin,
        warning=warning,
        words=r.words,
        sentences=r.sentences,
        words_per_sentence=r.words_per_sentence,
        longest_sentence_words=r.longest_sentence_words,
        hard_words=tuple(HardWord(w, lesson.spec.gloss_for(w) is not None) for w in r.hard_words),
        objectives=tuple(lesson.spec.objectives),
    )


def _glosses(lesson: Lesson, passage: Passage) -> tuple[Gloss, ...]:
    glosses: dict[str, Gloss] = {}
    for word in passage.readability.hard_words:
        entry = lesson.spec.gloss_for(word)
        if entry and entry.term not in glosses:
            glosses[entry.term] = Gloss(
                entry.term, entry.part_of_speech, entry.definition_for(passage.level.id, lesson.level_order)
            )
    return tuple(glosses.values())
