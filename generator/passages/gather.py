"""Gather: load and validate the selected lessons and build their passages.

In: the folders and a `Selection`. Out: `Gathered`, the (Lesson, Passage) pairs
to compose and, per lesson id, every error found in one pass (schema, level
names, sections, extends, passages, evidence, glossary, events), the notes
(drafts that remain), the lessons skipped because they do not cover the grade
or level asked for, and which documents each lesson builds. Everything is
validated here, before the first page is rendered; a lesson with errors is left
out with all of them, and the others go on.

One rule for `--grade` and `--level`: a lesson is built at the levels whose
grades meet its own (and at the source level). A grade picks the level that
serves it, for the lessons whose grades include it; a level is built for the
lessons it serves. A lesson outside the request is skipped with one line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import Folders, Selection
from generator.errors import GeneratorError, LevelError
from generator.spec.files import LEVELS_FILE, lesson_paths
from generator.spec.levels import Level, Levels, grade_span
from generator.text.readability import Readability

if TYPE_CHECKING:
    from generator.passages.passage import Passage
    from generator.spec.documents import DocumentChoice
    from generator.spec.lesson import Lesson

Measurer = Callable[[list[str]], Readability]


@dataclass(frozen=True)
class Skipped:
    """A lesson that does not cover the grade or level asked for."""

    lesson: Lesson
    reason: str  # "second-war-short: covers grades 6-7; skipped for grade 4"


@dataclass
class Gathered:
    """Everything validated before the first page is rendered."""

    passages: list[tuple[Lesson, Passage]] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)  # lesson id -> messages
    notes: dict[str, list[str]] = field(default_factory=dict)  # lesson id -> drafts that remain
    skipped: dict[str, Skipped] = field(default_factory=dict)
    documents: dict[str, tuple[DocumentChoice, ...]] = field(default_factory=dict)


def selected_paths(lessons_dir: Path, lesson_ids: tuple[str, ...]) -> list[Path]:
    available = lesson_paths(lessons_dir)
    if not lesson_ids:
        return available
    by_id = {p.stem: p for p in available}
    unknown = [lid for lid in lesson_ids if lid not in by_id]
    if unknown:
        raise GeneratorError(
            f"no lesson {', '.join(repr(u) for u in unknown)} in {lessons_dir}; "
            f"expected one of {', '.join(by_id)}"
        )
    return [by_id[lid] for lid in lesson_ids]


def load_levels(folders: Folders, selection: Selection) -> Levels:
    """The levels, with the selection checked against them before any work."""
    levels = Levels(folders.lessons / LEVELS_FILE)
    if selection.level_id:
        levels.get(selection.level_id)
    if selection.grade is not None and levels.level_for_grade(selection.grade) is None:
        covered = sorted({g for lv in levels.ordered() for g in (lv.grades or ())})
        raise LevelError(
            f"no reading level for grade {selection.grade}; the levels in "
            f"{levels.path} cover grades {grade_span(tuple(covered))}"
        )
    return levels


def gather(
    folders: Folders,
    selection: Selection,
    paths: list[Path] | None = None,
    measurer: Measurer | None = None,
) -> Gathered:
    """Load and validate the lessons and build their passages, collecting errors per lesson."""
    from generator.spec.collect import in_file_order
    from generator.spec.lesson import read_lesson

    levels = load_levels(folders, selection)
    gathered = Gathered()
    for path in paths if paths is not None else selected_paths(folders.lessons, selection.lesson_ids):
        try:
            lesson, errors = read_lesson(path, levels, folders.articles)
            found: list[tuple[Lesson, Passage]] = []
            notes: list[str] = []
            if lesson is not None:
                chosen, reason = levels_to_build(lesson, selection)
                if reason:
                    if not errors:
                        gathered.skipped[lesson.id] = Skipped(lesson, reason)
                        continue
                    chosen = lesson.covered_levels()  # report every problem all the same
                found, notes = _check_levels(lesson, chosen, measurer, errors)
        except GeneratorError as exc:
            errors = exc.messages
        except Exception as exc:  # noqa: BLE001 - one bad lesson never stops the others
            errors = [
                f"{path}: could not be read ({type(exc).__name__}: "
                f"{(str(exc).strip().splitlines() or [''])[0][:160]}); "
                "check this lesson's files (its YAML, its article and the article's .yaml)"
            ]
        if errors:
            gathered.errors[path.stem] = in_file_order(list(dict.fromkeys(errors)), path)
            continue
        assert lesson is not None
        gathered.passages += found
        gathered.documents[lesson.id] = lesson.documents
        if notes:
            gathered.notes[lesson.id] = notes
    return gathered


def _check_levels(
    lesson: Lesson, chosen: list[Level], measurer: Measurer | None, errors: list[str]
) -> tuple[list[tuple[Lesson, Passage]], list[str]]:
    """Build and check the lesson's passage at each level; every problem goes into `errors`."""
    from generator.passages.drafts import draft_notes
    from generator.passages.events import event_messages
    from generator.passages.evidence import evidence_messages
    from generator.passages.glossary import glossary_messages
    from generator.passages.passage import build_passage

    found: list[tuple[Lesson, Passage]] = []
    notes: list[str] = []
    for level in chosen:
        try:
            passage = build_passage(lesson, level, measurer) if measurer else build_passage(lesson, level)
        except GeneratorError as exc:
            errors += exc.messages
            continue
        for check in (glossary_messages, evidence_messages, event_messages):
            more_errors, more_notes = check(lesson, passage)
            errors += more_errors
            notes += more_notes
        found.append((lesson, passage))
    return found, draft_notes(lesson, [p for _, p in found]) + notes


def levels_to_build(lesson: Lesson, selection: Selection) -> tuple[list[Level], str]:
    """The lesson's levels for the selection, or none and why the lesson is skipped."""
    covered = lesson.covered_levels()
    if selection.level_id:
        level = lesson.levels[selection.level_id]
        if level.id not in {lv.id for lv in covered}:
            return [], (
                f"{lesson.id}: covers grades {lesson.grades_text()}; skipped for level "
                f"'{level.id}' (grades {grade_span(level.grades or ())})"
            )
        return [level], ""
    if selection.grade is not None:
        if selection.grade not in lesson.spec.grades:
            return (
                [],
                f"{lesson.id}: covers grades {lesson.grades_text()}; skipped for grade {selection.grade}",
            )
        return lesson.levels_for_grade(selection.grade), ""
    return covered, ""
