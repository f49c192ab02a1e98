"""Remove what a build no longer makes, so output/ holds exactly what the plans made.

In: the manifest and, for each lesson a build planned in full, the levels its
plan covered and the paths it made; on a build of every lesson, the ids of the
lessons that still exist. Out: files removed, files kept with the reason, and
the manifest without their entries.

Only files the manifest recorded are candidates, and only while they are still
the files the build wrote (same size and time, or sha256): a file a teacher put
there or changed since is kept and reported, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.build.atomic import contained
from generator.build.manifest import Manifest
from generator.errors import GeneratorError


@dataclass(frozen=True)
class Planned:
    """What a build's plan made of one lesson."""

    lesson_id: str
    scope: frozenset[str] | None  # the levels the build covered; None: every level
    levels: frozenset[str]  # the levels it built
    paths: frozenset[str]  # the files it planned, relative to the output folder
    # The print-option folder it built into (large print, dyslexic), None for the standard
    # print: a build only prunes files of its own options, so variants live side by side.
    option: str | None = None


@dataclass
class Pruned:
    removed: list[Path] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # one note per file left in place


def prune(manifest: Manifest, planned: list[Planned], existing: set[str] | None) -> Pruned:
    """Remove the recorded files no plan makes any more. `existing`: on a build of every
    lesson, the lesson ids that still exist (the others' files all go); else None."""
    by_id = {p.lesson_id: p for p in planned}
    pruned = Pruned()
    for rel, entry in sorted(manifest.documents.items()):
        gone = existing is not None and entry.lesson not in existing
        plan = by_id.get(entry.lesson)
        unplanned = (
            plan is not None
            and (plan.scope is None or entry.level in plan.scope)
            and option_of(rel) == plan.option
            and rel not in plan.paths
        )
        if gone or unplanned:
            _remove(manifest, rel, pruned)
    for lesson_id in list(manifest.passages):
        plan = by_id.get(lesson_id)
        if existing is not None and lesson_id not in existing:
            del manifest.passages[lesson_id]
        elif plan is not None:
            levels = manifest.passages[lesson_id]
            for level_id in [lv for lv in levels if plan.scope is None or lv in plan.scope]:
                if level_id not in plan.levels:
                    del levels[level_id]
    for lesson_id in list(manifest.lessons):
        if existing is not None and lesson_id not in existing:
            manifest.forget_lesson(lesson_id)
    return pruned


def option_of(rel: str) -> str | None:
    """The print-option folder of an output path: <lesson>/<level>/<option>/<file>."""
    parts = rel.split("/")
    return parts[2] if len(parts) == 4 else None


def _remove(manifest: Manifest, rel: str, pruned: Pruned) -> None:
    path = manifest.output / rel
    try:
        contained(path, manifest.output)
    except GeneratorError:
        pruned.kept.append(f"{path}: kept; it is no longer built, but it leads out of {manifest.output}")
        manifest.documents.pop(rel, None)
        return
    if not path.exists() and not path.is_symlink():
        manifest.documents.pop(rel, None)
        return
    if not manifest.on_disk(rel):
        pruned.kept.append(
            f"{path}: kept; it is no longer built, but it changed since it was; "
            "delete it by hand if it is not needed"
        )
        manifest.documents.pop(rel, None)
        return
    try:
        path.unlink()
    except OSError as exc:
        why = exc.strerror or exc
        pruned.kept.append(f"{path}: kept; it is no longer built, but it could not be removed ({why})")
        return  # still recorded: the next build tries again
    manifest.documents.pop(rel, None)
    pruned.removed.append(path)
    for folder in path.parents:  # folders it leaves empty, up to the output folder
        if folder == manifest.output or not folder.is_relative_to(manifest.output):
            break
        try:
            folder.rmdir()
        except OSError:
            break
