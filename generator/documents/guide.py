"""Compose the teacher guide of a lesson at a level.

In: a lesson and its passage. Out: a `TeacherGuide`: objectives, grades and
level, the standards the lesson declares, time, the vocabulary, discussion
prompts, notes on sensitive content and on names that differ between the two
sides, the passage's measured readability, and the date the source reflects.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.config import ComposeOptions
from generator.documents.base import Document, estimate_line, masthead_for
from generator.passages.glossary import entries_for
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.spec.levels import grade_span


@dataclass(frozen=True)
class GuideWord:
    term: str
    part_of_speech: str
    definition: str
    paragraph: int


@dataclass(frozen=True)
class TeacherGuide(Document):
    level_line: str
    estimate: str
    readability_line: str
    fallback_warning: str | None
    objectives: tuple[str, ...]
    standards: tuple[str, ...]
    minutes: int
    words: tuple[GuideWord, ...]
    discussion: tuple[str, ...]
    sensitive_content: str
    names: str
    template: str = "guide.html"


def compose_guide(lesson: Lesson, passage: Passage, options: ComposeOptions) -> list[TeacherGuide]:
    del options  # the same at every paper size and version count
    notes = lesson.spec.teacher
    assert notes is not None  # lesson validation requires notes when a guide is asked for
    level, r = passage.level, passage.readability
    count = lesson.levels[level.id].exercises.vocabulary_terms
    words = tuple(
        GuideWord(e.term, e.part_of_speech, e.definition_for(level.id, lesson.level_order), u.paragraph)
        for e, u in entries_for(lesson, passage)[:count]
    )
    grades = grade_span(level.grades) if level.grades else "above grade 12 (source text)"
    warning = None
    if passage.fallback:
        warning = (
            "No passage is written for this level yet: students get the article's own "
            "text, which reads far above these grades."
        )
    return [
        TeacherGuide(
            kind="teacher-guide",
            masthead=masthead_for(lesson, passage),
            level_line=f"{level.name}, grades {grades}; the lesson suits grades {lesson.grades_text()}",
            estimate=estimate_line(passage),
            readability_line=(
                f"{r.words} words in {r.sentences} sentences; {r.words_per_sentence} "
                f"words per sentence on average, {r.longest_sentence_words} in the longest; "
                f"hard words {r.hard_word_share:.1%} of all words."
            ),
            fallback_warning=warning,
            objectives=tuple(lesson.spec.objectives),
            standards=tuple(c for c in notes.standards if level.grades is None or _fits(c, level.grades)),
            minutes=notes.minutes,
            words=words,
            discussion=tuple(notes.discussion),
            sensitive_content=notes.sensitive_content,
            names=notes.names,
        )
    ]


def _fits(code: str, grades: tuple[int, ...]) -> bool:
    """Whether a Common Core code ("RI.4.1", "RH.6-8.2") is for one of `grades`."""
    parts = code.split(".")
    if len(parts) < 3:
        return True
    low, _, high = parts[1].partition("-")
    if not low.isdigit():
        return True
    span = range(int(low), int(high or low) + 1) if (high or low).isdigit() else range(int(low), int(low) + 1)
    return any(g in span for g in grades)
