"""Every string of a lesson that a student or a teacher reads, with its file and line.

In: a `Lesson` and its passages at the levels it covers. Out: `Reading`s: the
lesson title, the hand-written passages (each paragraph, and headings written
for students), glossary terms, definitions and notes, the questions shown at
each level (prompts, statements, options, answers, scoring guides), the timeline
events shown, the objectives, and the teacher notes and discussion prompts.

A custom lesson's inherited strings point at the file they are written in (the
lesson it extends), so a finding names the line to edit. Evidence quotes are
left out: they are words of the passage, which is read itself. So are the
Common Core codes, which state no fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.passages.events import lesson_events
from generator.passages.evidence import supported_questions
from generator.passages.passage import _BLOCK_HEADING, _COMMENT, Passage
from generator.spec.lesson import Lesson
from generator.spec.schema import ExtendedResponse, MultipleChoice, ShortAnswer, TrueFalse
from generator.spec.yamlfile import KeyPath, LineMap, load_yaml
from generator.text.dates import context_year

ALL = "all"  # the level of a string shown at every level (objectives, teacher notes)


@dataclass(frozen=True)
class Reading:
    path: Path  # the file the string is written in
    line: int  # its first line there
    level: str  # the level it is shown at, or ALL
    where: str  # "passage ¶9", "objectives[1]", "event 'Soviet leaders ...'"
    text: str
    lines: tuple[str, ...] = ()  # a paragraph's lines, to point at the line of a word
    title_case: bool = False  # a heading: capitals say nothing about names
    year: int | None = None  # the year its context gives ("27 September" under a 2020 heading)
    key: KeyPath = ()  # the YAML key, for strings of a lesson file

    def line_of(self, words: str) -> int:
        """The line of the paragraph that holds `words` (its first line if none does)."""
        for offset, text in enumerate(self.lines):
            if words in text:
                return self.line + offset
        return self.line


@dataclass(frozen=True)
class ShownEvent:
    index: int  # in the lesson's events
    levels: tuple[str, ...]  # the levels it is shown at
    key: KeyPath  # of its date
    path: Path
    line: int


class Origins:
    """Where each key of a lesson's merged data is written: its own file or one it extends."""

    def __init__(self, lesson: Lesson) -> None:
        self.files: list[tuple[Path, Any, LineMap]] = []
        path: Path | None = lesson.path
        while path is not None:
            data, lines = load_yaml(path)
            self.files.append((path, data, lines))
            parent = data.get("extends") if isinstance(data, dict) else None
            path = path.parent / f"{parent}.yaml" if isinstance(parent, str) else None

    def where(self, key: KeyPath) -> tuple[Path, int]:
        for path, data, lines in self.files:
            if _has(data, key):
                return path, lines.line(key)
        path, _, lines = self.files[0]
        return path, lines.line(key)


def _has(data: Any, key: KeyPath) -> bool:
    for part in key:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return False
    return True


def lesson_readings(lesson: Lesson, passages: list[Passage]) -> list[Reading]:
    """Every string the lesson prints at the levels of `passages`, once each."""
    origins = Origins(lesson)
    found: dict[KeyPath, Reading] = {}

    def add(key: KeyPath, text: object, level: str, where: str, title_case: bool = False) -> None:
        if isinstance(text, str) and text.strip() and key not in found:
            path, line = origins.where(key)
            found[key] = Reading(path, line, level, where, text, title_case=title_case, key=key)

    spec = lesson.spec
    add(("title",), spec.title, ALL, "title", title_case=True)
    for i, objective in enumerate(spec.objectives):
        add(("objectives", i), objective, ALL, f"objectives[{i}]")
    for i, entry in enumerate(spec.glossary):
        add(("glossary", i, "term"), entry.term, ALL, f"glossary term '{entry.term}'")
        add(("glossary", i, "note"), entry.note, ALL, f"glossary note of '{entry.term}'")
    if spec.teacher:
        add(
            ("teacher", "sensitive_content"), spec.teacher.sensitive_content, ALL, "teacher.sensitive_content"
        )
        add(("teacher", "names"), spec.teacher.names, ALL, "teacher.names")
        for i, prompt in enumerate(spec.teacher.discussion):
            add(("teacher", "discussion", i), prompt, ALL, f"teacher.discussion[{i}]")
    passage_readings: list[Reading] = []
    for passage in passages:
        level = passage.level.id
        for i, entry in enumerate(spec.glossary):
            shown = _definition_key(entry.definitions, level, entry.definition_for(level, lesson.level_order))
            if shown:
                add(
                    ("glossary", i, "definitions", shown),
                    entry.definitions[shown],
                    level,
                    f"definition of '{entry.term}'",
                )
        for i, question in _shown_questions(lesson, passage):
            for key, text in _question_strings(question):
                add(("questions", level, i, *key), text, level, f"questions.{level}[{i}].{key[0]}")
        shown_texts = {e.text for e in lesson_events(lesson, passage)}
        for i, event in enumerate(spec.events):
            wording = event.text_for(level, lesson.level_order)
            if wording and wording in shown_texts:
                at: KeyPath = ("events", i, "text") + (
                    () if isinstance(event.text, str) else (_text_key(event.text, wording),)
                )
                add(at, wording, level, f"event '{_short(wording)}'")
        if passage.source_file and not passage.level.is_source:
            passage_readings += paragraph_readings(passage)
    return list(found.values()) + passage_readings


def shown_events(lesson: Lesson, passages: list[Passage]) -> list[ShownEvent]:
    """The lesson's events shown at some level of `passages`, with those levels."""
    origins = Origins(lesson)
    levels: dict[int, list[str]] = {}
    for passage in passages:
        shown = {e.text for e in lesson_events(lesson, passage)}
        for i, event in enumerate(lesson.spec.events):
            text = event.text_for(passage.level.id, lesson.level_order)
            if text and text in shown:
                levels.setdefault(i, []).append(passage.level.id)
    out = []
    for i, shown_at in sorted(levels.items()):
        path, line = origins.where(("events", i, "date"))
        out.append(ShownEvent(i, tuple(shown_at), ("events", i, "date"), path, line))
    return out


def _definition_key(definitions: dict[str, str], level: str, shown: str) -> str | None:
    if level in definitions:
        return level
    return next((lv for lv, text in definitions.items() if text == shown), None)


def _text_key(text: dict[str, str], wording: str) -> str:
    """The level whose wording is shown (the source text shows the most advanced one)."""
    return next(level for level, words in text.items() if words == wording)


def _shown_questions(lesson: Lesson, passage: Passage) -> list[tuple[int, Any]]:
    questions = lesson.spec.questions.get(passage.level.id, [])
    supported = supported_questions(lesson, passage)
    return [(i, q) for i, q in enumerate(questions) if any(q is s for s in supported)]


def _question_strings(question: Any) -> list[tuple[KeyPath, str]]:
    if isinstance(question, MultipleChoice):
        return [(("prompt",), question.prompt)] + [
            (("options", j), o) for j, o in enumerate(question.options)
        ]
    if isinstance(question, TrueFalse):
        return [(("statement",), question.statement)]
    if isinstance(question, ShortAnswer):
        return [(("prompt",), question.prompt), (("answer",), question.answer)]
    if isinstance(question, ExtendedResponse):
        scoring = [(("scoring", j), s) for j, s in enumerate(question.scoring)]
        return [(("prompt",), question.prompt), (("answer",), question.answer), *scoring]
    return []


def _short(text: str, words: int = 5) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def paragraph_readings(passage: Passage) -> list[Reading]:
    """The passage's paragraphs (and headings written for students), each with its lines."""
    assert passage.source_file is not None
    blocks = _blocks(passage.source_file)
    out = []
    for section in passage.sections:
        heading_line, custom, paragraphs = blocks.get(section.section_id, (1, None, []))
        year = context_year(section.heading)
        if custom:
            out.append(
                Reading(
                    passage.source_file,
                    heading_line,
                    passage.level.id,
                    "passage heading",
                    custom,
                    title_case=True,
                )
            )
        for paragraph, (line, lines) in zip(section.paragraphs, paragraphs, strict=False):
            out.append(
                Reading(
                    passage.source_file,
                    line,
                    passage.level.id,
                    f"passage ¶{paragraph.number}",
                    paragraph.text,
                    lines=tuple(lines),
                    year=year,
                )
            )
            year = context_year(paragraph.text) or year
    return out


def _blocks(path: Path) -> dict[str, tuple[int, str | None, list[tuple[int, list[str]]]]]:
    """Per '## id' block of a leveled file: its line, its custom heading, and each paragraph's
    first line and lines (read as passage.py reads them)."""
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text(encoding="utf-8"))
    blocks: dict[str, tuple[int, str | None, list[tuple[int, list[str]]]]] = {}
    paragraphs: list[tuple[int, list[str]]] | None = None
    current: list[str] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        heading = _BLOCK_HEADING.match(line)
        if heading:
            paragraphs, current = [], None
            blocks[heading.group(1)] = (number, heading.group(2), paragraphs)
        elif not line or line.startswith("#"):
            current = None
        elif paragraphs is not None:
            if current is None:
                current = []
                paragraphs.append((number, current))
            current.append(line)
    return blocks
