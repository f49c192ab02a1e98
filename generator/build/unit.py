"""The unit overview in a build: when it is wanted, current, planned and recorded.

In: the build's `Run` (config, manifest, the lessons' keys). Out: the overview's
render job (or None when unchanged) and its manifest entry. The overview is
built with every lesson (not for a selection), as a PDF, at the most advanced
graded level of levels.yaml.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from generator.config import BuildConfig, Selection
from generator.spec.files import LEVELS_FILE, UNIT_FILE

if TYPE_CHECKING:
    from generator.build.measurecache import MeasureCache
    from generator.build.plan import RenderJob
    from generator.build.run import Run

UNIT_ID = "unit"  # the unit overview's entry in the manifest
UNIT_OUTPUT = "unit-overview.pdf"


def unit_wanted(config: BuildConfig) -> bool:
    selection = config.selection
    standard = config.option_folder() is None  # the overview is printed in the standard options only
    return (
        not selection.lesson_ids
        and config.fmt == "pdf"
        and standard
        and (config.folders.lessons / UNIT_FILE).exists()
    )


def _unit_key(run: Run) -> str | None:
    """None while a lesson's key is unknown (it is being rebuilt)."""
    if any(key is None for key in run.keys.values()):
        return None
    digest = hashlib.sha256((run.config.folders.lessons / UNIT_FILE).read_bytes())
    digest.update(f"\0{run.render}\0{run.config.key()}\0".encode())
    for lesson_id in sorted(run.keys):
        digest.update(f"{lesson_id}={run.keys[lesson_id]}\0".encode())
    return digest.hexdigest()


def unit_is_current(run: Run) -> bool:
    key = _unit_key(run)
    entry = run.manifest.lessons.get(UNIT_ID)
    return (
        key is not None
        and entry is not None
        and entry.get("key") == key
        and run.manifest.on_disk(UNIT_OUTPUT)  # the file built, not a truncated or swapped one
    )


def plan_unit(run: Run, measures: MeasureCache) -> RenderJob | None:
    """The overview's render job, or None when it failed or its content is unchanged."""
    from generator.build.fingerprint import content_hash
    from generator.build.plan import Output, RenderJob
    from generator.documents.unit import compose_unit, load_unit
    from generator.errors import GeneratorError
    from generator.passages.gather import gather, selected_paths
    from generator.spec.levels import Levels

    folders = run.config.folders
    try:
        spec = load_unit(folders.lessons / UNIT_FILE)
        level = Levels(folders.lessons / LEVELS_FILE).graded()[-1]
        paths = selected_paths(folders.lessons, tuple(spec.lessons))
        gathered = gather(folders, Selection(tuple(spec.lessons), level_id=level.id), paths, measures.measure)
    except GeneratorError as exc:
        run.report.errors[UNIT_ID] = exc.messages
        return None
    if gathered.errors:
        run.report.errors[UNIT_ID] = [m for ms in gathered.errors.values() for m in ms]
        return None
    overview = compose_unit(spec, gathered.passages, run.config.compose)
    target = folders.output / UNIT_OUTPUT
    digest = content_hash(overview, run.render, run.config.document_key())
    if run.manifest.is_current(target, digest):
        run.report.skipped += 1
        return None
    return RenderJob(
        overview, target, run.config.page, "pdf", Output(UNIT_ID, "all", "unit-overview", digest)
    )


def record_unit(run: Run) -> None:
    key = _unit_key(run)
    if key and UNIT_ID not in run.report.errors and (run.config.folders.output / UNIT_OUTPUT).exists():
        run.manifest.record_lesson(UNIT_ID, key, [UNIT_OUTPUT])
