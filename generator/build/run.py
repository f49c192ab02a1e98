"""Build lessons into documents: skip what is current, plan, render, merge packs.

In: a `BuildConfig` (folders, selection, paper, format, versions, jobs). Out:
output/<lesson>/<level>/<kind>.pdf (or .html), student and teacher packs, the
unit overview, and output/manifest.json.

Lessons whose recorded input files are unchanged are skipped without being
read (see fingerprint.py); the others are all loaded and validated before the
first page is rendered (passages/gather.py), and of their documents only those
whose content changed are rendered (plan.py). A lesson with errors is reported
with all of them and nothing is written for it; the others build.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from generator.build.atomic import remove_leftovers, write_atomically
from generator.build.fingerprint import lesson_key, render_digest
from generator.build.manifest import Manifest
from generator.build.progress import Progress
from generator.config import BuildConfig
from generator.passages.gather import selected_paths
from generator.spec.files import LAYOUTS, LEVELS_FILE

if TYPE_CHECKING:
    from generator.build.measurecache import MeasureCache
    from generator.build.plan import Output, Plan
    from generator.build.workers import Workers
    from generator.passages.passage import Passage
    from generator.spec.documents import DocumentChoice
    from generator.spec.lesson import Lesson


@dataclass(frozen=True)
class Built:
    lesson_id: str
    level_id: str
    kind: str
    path: Path
    pages: int
    sha256: str


@dataclass
class BuildReport:
    built: list[Built] = field(default_factory=list)
    skipped: int = 0
    errors: dict[str, list[str]] = field(default_factory=dict)
    invalid: set[str] = field(default_factory=set)  # lessons that failed validation: nothing written
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # From gathering: lessons outside the grade or level asked for (one line each), and
    # per lesson each document kind with whether it is built and why not.
    not_covered: list[str] = field(default_factory=list)
    documents: dict[str, tuple[DocumentChoice, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def pages(self) -> int:
        return sum(b.pages for b in self.built)


@dataclass
class Run:
    """What one build works with."""

    config: BuildConfig
    render: str  # digest of the rendering inputs
    manifest: Manifest
    report: BuildReport
    keys: dict[str, str | None]  # lesson id -> key of its inputs; None while unknown (stale)
    stream: TextIO | None = None

    def key_of(self, inputs: tuple[Path, ...]) -> str:
        levels_file = self.config.folders.lessons / LEVELS_FILE
        return lesson_key(inputs, levels_file, self.render, self.config.key())


def build(config: BuildConfig, progress_stream: TextIO | None = None) -> BuildReport:
    started = time.perf_counter()
    output = config.folders.output
    remove_leftovers(output)  # from a build that was killed half-way
    run = Run(config, render_digest(LAYOUTS), Manifest.load(output), BuildReport(), {}, progress_stream)
    stale = []
    for path in selected_paths(config.folders.lessons, config.selection.lesson_ids):
        key = run.manifest.current_key(path.stem, run.key_of)
        run.keys[path.stem] = key
        if key is None:
            stale.append(path)
        else:
            run.report.skipped += len(run.manifest.lessons[path.stem]["outputs"])
    from generator.build.unit import unit_is_current, unit_wanted

    build_unit = unit_wanted(config) and not unit_is_current(run)
    if unit_wanted(config) and not build_unit:
        run.report.skipped += 1
    if stale or build_unit:
        from generator.build.measurecache import MeasureCache
        from generator.build.workers import Workers

        measures = MeasureCache(output / ".cache" / "readability.json")
        try:
            with Workers(config.jobs) as workers:
                _build_stale(run, stale, build_unit, workers, measures)
        finally:
            run.manifest.save()
            measures.save()
    run.report.seconds = time.perf_counter() - started
    return run.report


def _build_stale(
    run: Run, paths: list[Path], build_unit: bool, workers: Workers, measures: MeasureCache
) -> None:
    from generator.build.plan import Plan, plan_lesson
    from generator.build.unit import plan_unit, record_unit
    from generator.passages.gather import gather

    config, manifest, report = run.config, run.manifest, run.report
    gathered = gather(config.folders, config.selection, paths, measures.measure)
    report.errors.update(gathered.errors)
    report.invalid.update(gathered.errors)
    report.not_covered += [skip.reason for skip in gathered.skipped.values()]
    report.documents.update(gathered.documents)
    report.notes += [note for notes in gathered.notes.values() for note in notes]
    for lesson_id in gathered.errors:
        manifest.forget_lesson(lesson_id)
    plan = Plan()
    for lesson, passage in gathered.passages:
        run.keys[lesson.id] = run.key_of(lesson.inputs)
        _note_fallback(report, lesson, passage)
        manifest.record_passage(lesson.id, passage.level.id, passage.manifest_entry())
        plan_lesson(plan, lesson, passage, config, run.render, manifest)
    unit_job = plan_unit(run, measures) if build_unit else None
    if unit_job:  # rendered in the same pass as the lessons' documents
        plan.jobs.append(unit_job)
    report.skipped += plan.skipped
    _render(run, plan, workers)
    for lesson, _passage in gathered.passages:
        key = run.keys[lesson.id]
        if lesson.id not in report.errors and key is not None:
            manifest.record_lesson(lesson.id, key, plan.outputs.get(lesson.id, []), lesson.inputs)
        else:
            manifest.forget_lesson(lesson.id)
    if build_unit:
        record_unit(run)


def _note_fallback(report: BuildReport, lesson: Lesson, passage: Passage) -> None:
    from generator.documents.base import estimate_line

    if passage.fallback:
        report.notes.append(
            f"{lesson.id}/{passage.level.id}: no hand-written text "
            f"({lesson.passage_dirs[0]}/{passage.level.id}.md); used the source text, "
            f"{estimate_line(passage)}"
        )


def _render(run: Run, plan: Plan, workers: Workers) -> None:
    """Render every job, then merge the packs whose covers rendered."""
    from generator.render.merge import merge_pack

    progress = Progress(len(plan.jobs) + len(plan.packs), run.stream)
    covers: dict[Output, bytes] = {}
    for result in workers.run(plan.jobs):
        job = plan.jobs[result.index]
        out = job.output
        where = job.target or run.config.folders.output / out.lesson_id / out.level_id / out.kind
        if result.error:
            run.report.errors.setdefault(out.lesson_id, []).append(f"{where}: {result.error}")
            progress.step(f"failed  {where}")
        elif job.target is None:
            covers[out] = result.data or b""
            progress.step(None)  # a pack cover: the pack's own line follows
        else:
            _record(
                run,
                Built(out.lesson_id, out.level_id, out.kind, job.target, result.pages, result.sha256),
                out,
            )
            progress.step(f"built   {job.target}  ({_pages(result.pages)})")
    for pack in plan.packs:
        out = pack.output
        if out not in covers or out.lesson_id in run.report.errors:
            continue
        data, pages = merge_pack(covers[out], list(pack.members))
        write_atomically(pack.target, data)
        sha = hashlib.sha256(data).hexdigest()
        _record(run, Built(out.lesson_id, out.level_id, out.kind, pack.target, pages, sha), out)
        progress.step(f"built   {pack.target}  ({_pages(pages)})")
    progress.finish()


def _record(run: Run, built: Built, output: Output) -> None:
    run.report.built.append(built)
    run.manifest.record_document(
        {
            "lesson": built.lesson_id,
            "level": built.level_id,
            "kind": built.kind,
            "path": run.manifest.relative(built.path),
            "pages": built.pages,
            "sha256": built.sha256,
            "content_hash": output.content_hash,
        }
    )


def _pages(n: int) -> str:
    return f"{n} page{'s' if n != 1 else ''}"
