"""Which lessons a batch of changed files touches.

In: changed paths, the lessons folder, the articles folder, and what the last
builds recorded each lesson reading (manifest.json `inputs`). Out: a `Scope`:
every lesson (articles, levels.yaml, unit.yaml, layouts), a set of lesson ids
(a lesson YAML, its passage folder, and the lessons that extend it), or
nothing (a file no build reads).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.spec.files import LAYOUTS, LEVELS_FILE, UNIT_FILE, lesson_paths

# Files a build reads; editors' swap, backup and test files (.swp, ~, 4913) are not.
SUFFIXES = {".yaml", ".yml", ".md", ".txt", ".html", ".css", ".json"}
_EXTENDS = re.compile(r"""^extends:\s*["']?([\w-]+)["']?\s*(?:#.*)?$""", re.MULTILINE)


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    lesson_ids: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.everything and not self.lesson_ids

    def __or__(self, other: Scope) -> Scope:
        return Scope(self.everything or other.everything, self.lesson_ids | other.lesson_ids)


def relevant(path: Path) -> bool:
    """A file whose change can matter to a build (not a hidden, swap or backup file)."""
    return path.suffix in SUFFIXES and not path.name.startswith((".", "#")) and not path.name.endswith("~")


def scope_of(
    paths: Iterable[Path],
    lessons_dir: Path,
    articles_dir: Path,
    known_inputs: Mapping[str, frozenset[Path]],
) -> Scope:
    """The lessons to rebuild for `paths` (all resolved, absolute)."""
    lessons_dir, articles_dir = lessons_dir.resolve(), articles_dir.resolve()
    shared = {lessons_dir / LEVELS_FILE, lessons_dir / UNIT_FILE}
    touched: set[str] = set()
    for path in (p for p in paths if relevant(p)):
        if path in shared or path.parent == LAYOUTS or path.is_relative_to(articles_dir):
            return Scope(everything=True)
        if path.parent == lessons_dir:
            touched.add(path.stem)  # a lesson YAML, possibly new or last seen invalid
        elif path.parent.parent == lessons_dir:
            touched.add(path.parent.name)  # a leveled passage in the lesson's folder
        touched.update(
            lesson_id for lesson_id, inputs in known_inputs.items() if path in inputs or path.parent in inputs
        )
    return Scope(lesson_ids=frozenset(_with_extensions(touched, lessons_dir, known_inputs)))


def _with_extensions(
    touched: set[str], lessons_dir: Path, known_inputs: Mapping[str, frozenset[Path]]
) -> set[str]:
    """`touched` and every lesson extending one of them, directly or along a chain. A lesson
    built before records its parents among its inputs; one never built is read for `extends:`."""
    result = set(touched)
    parents: dict[str, str] = {}
    for path in lesson_paths(lessons_dir):
        inputs = known_inputs.get(path.stem)
        if inputs is not None:
            for parent in (lessons_dir / f"{t}.yaml" for t in touched):
                if parent in inputs and parent != path:
                    result.add(path.stem)
            continue
        try:
            found = _EXTENDS.search(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if found:
            parents[path.stem] = found.group(1)
    changed = True
    while changed:  # follow chains among lessons not built before
        changed = False
        for child, parent_id in parents.items():
            if parent_id in result and child not in result:
                result.add(child)
                changed = True
    return result
