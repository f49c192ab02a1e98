"""Load lessons and their passages for the commands that read them (`audit`, `items`).

In: the lessons and articles folders, lesson ids (none: all) and a level (none:
every level a lesson covers). Out: each lesson with its passages, and the
messages of lessons that do not load. Readability is not measured: these
commands never print it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import GeneratorError, LevelError
from generator.passages.passage import Passage, build_passage
from generator.spec.files import LEVELS_FILE, lesson_paths
from generator.spec.lesson import Lesson, load_lesson
from generator.spec.levels import Levels
from generator.text.readability import Readability


@dataclass
class Loaded:
    lessons: list[tuple[Lesson, list[Passage]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def load_lessons(
    lessons_dir: Path, articles_dir: Path, lesson_ids: tuple[str, ...] = (), level_id: str | None = None
) -> Loaded:
    paths = lesson_paths(lessons_dir)
    if lesson_ids:
        known = {p.stem: p for p in paths}
        unknown = [i for i in lesson_ids if i not in known]
        if unknown:
            raise GeneratorError(
                f"no lesson {', '.join(repr(u) for u in unknown)} in {lessons_dir}; "
                f"expected one of {', '.join(known)}"
            )
        paths = [known[i] for i in lesson_ids]
    levels = Levels(lessons_dir / LEVELS_FILE)
    if level_id:
        levels.get(level_id)  # an unknown level is refused with the known ones
    loaded = Loaded()
    for path in paths:
        try:
            lesson = load_lesson(path, levels, articles_dir)
            chosen = lesson.covered_levels()
            if level_id:
                chosen = [lv for lv in chosen if lv.id == level_id]
                if not chosen:
                    raise LevelError(
                        f"{path}: lesson '{lesson.id}' covers grades {lesson.grades_text()}, not the "
                        f"level '{level_id}'; leave out --level or pick one of "
                        f"{', '.join(lv.id for lv in lesson.covered_levels())}"
                    )
            passages = [build_passage(lesson, level, _unmeasured) for level in chosen]
        except GeneratorError as exc:
            loaded.errors += getattr(exc, "messages", [str(exc)])
            continue
        loaded.lessons.append((lesson, passages))
    return loaded


def _unmeasured(texts: list[str]) -> Readability:
    """These commands read passages, never their readability: skip measuring them."""
    return Readability(0.0, 0, 0, 0, 0.0, 0, (), (), 0.0)
