"""Gather: load and validate the selected lessons and build their passages.

In: the folders and a `Selection`. Out: `Gathered`, the (Lesson, Passage) pairs
to compose and, per lesson id, every error found. Everything is validated
here, before the first page is rendered; a lesson with errors is left out
with all of them, and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Folders, Selection
from generator.errors import GeneratorError, LevelError
from generator.passages.passage import Passage
from generator.spec.files import LEVELS_FILE, lesson_paths
from generator.spec.lesson import Lesson
from generator.spec.levels import Level, Levels, grade_span
from generator.text.readability import Readability

Measurer = Callable[[list[str]], Readability]


@dataclass
class Gathered:
    """Everything validated before the first page is rendered."""

    passages: list[tuple[Lesson, Passage]] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)  # lesson id -> messages


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
    from generator.passages.events import check_events
    from generator.passages.evidence import check_evidence
    from generator.passages.glossary import check_glossary
    from generator.passages.passage import build_passage
    from generator.spec.lesson import load_lesson

    levels = load_levels(folders, selection)
    gathered = Gathered()
    for path in paths if paths is not None else selected_paths(folders.lessons, selection.lesson_ids):
        found = []
        try:
            lesson = load_lesson(path, levels, folders.articles)
            for level in levels_to_build(lesson, selection):
                passage = build_passage(lesson, level, measurer) if measurer else build_passage(lesson, level)
                check_glossary(lesson, passage)
                check_evidence(lesson, passage)
                check_events(lesson, passage)
                found.append((lesson, passage))
        except GeneratorError as exc:
            gathered.errors[path.stem] = exc.messages
            continue
        except Exception as exc:  # noqa: BLE001 - one bad lesson never stops the others
            gathered.errors[path.stem] = [
                f"{path}: could not be read ({type(exc).__name__}: "
                f"{(str(exc).strip().splitlines() or [''])[0][:160]}); "
                "check this lesson's files (its YAML, its article and the article's .yaml)"
            ]
            continue
        gathered.passages += found
    return gathered


def levels_to_build(lesson: Lesson, selection: Selection) -> list[Level]:
    if selection.level_id:
        return [lesson.levels[selection.level_id]]
    if selection.grade is not None:
        if selection.grade not in lesson.spec.grades:
            raise LevelError(
                f"{lesson.path}: lesson '{lesson.id}' covers grades {lesson.grades_text()}, "
                f"not grade {selection.grade}; pick one of those grades or another lesson"
            )
        return lesson.levels_for_grade(selection.grade)
    return lesson.covered_levels()
