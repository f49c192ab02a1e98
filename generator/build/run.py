"""Build lessons into documents: skip what is current, plan, render, merge packs.

In: a `BuildConfig` (folders, selection, paper, format, versions, jobs). Out:
output/<lesson>/<level>/<kind>.pdf (or .html), student and teacher packs, the
unit overview, and output/manifest.json.

One build at a time holds the output folder (lock.py). Lessons whose recorded
input files are unchanged, and whose files on disk are the ones recorded, are
skipped without being read (see fingerprint.py, manifest.py); the others are
all loaded and validated before the first page is rendered (passages/gather.py),
and of their documents only those whose content changed are rendered (plan.py),
with what earlier builds decided about the same content (rendercache.py).
A lesson with errors is reported with all of them and nothing is written for
it; the others build. Files the build no longer makes are removed (orphans.py).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from generator.build.atomic import WriteError, remove_leftovers
from generator.build.fingerprint import lesson_key, render_digest
from generator.build.lock import OnWait, build_lock
from generator.build.manifest import MANIFEST, DocumentEntry, Manifest
from generator.build.orphans import Planned, prune
from generator.build.progress import Progress
from generator.config import BuildConfig
from generator.spec.files import LAYOUTS, LEVELS_FILE, UNIT_FILE, lesson_paths

if TYPE_CHECKING:
    from generator.build.measurecache import MeasureCache
    from generator.build.plan import MergeJob, Output, PackPlan, Plan, RenderJob
    from generator.build.rendercache import RenderCache
    from generator.build.workers import Job, JobResult, Workers
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
    removed: list[Path] = field(default_factory=list)  # files the build no longer makes
    seconds: float = 0.0
    # From gathering: lessons outside the grade or level asked for (one line each), and
    # per lesson each document kind with whether it is built and why not.
    not_covered: list[str] = field(default_factory=list)
    documents: dict[str, tuple[DocumentChoice, ...]] = field(default_factory=dict)
    # Rendering work: PDFs rendered (documents and pack covers), WeasyPrint layouts they
    # took (the fit search lays a document out more than once), covers taken from the cache.
    rendered: int = 0
    layouts: int = 0
    covers_cached: int = 0

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
    planned: list[Planned] = field(default_factory=list)  # lessons built in full

    def key_of(self, inputs: tuple[Path, ...]) -> str:
        levels_file = self.config.folders.lessons / LEVELS_FILE
        return lesson_key(inputs, levels_file, self.render, self.config.key())

    def current_key(self, source: Path) -> str | None:
        """The key of the lesson file `source` when its outputs are current (manifest.py)."""
        folders = (self.config.folders.lessons, self.config.folders.articles)
        return self.manifest.current_key(source.stem, self.key_of, source, folders)


def build(
    config: BuildConfig, progress_stream: TextIO | None = None, on_wait: OnWait | None = None
) -> BuildReport:
    """Build under the output folder's lock; `on_wait(pid)` is called once if another
    build holds it (it may raise to give up instead of waiting). Documents render in
    the pool this process keeps for the output folder (workers.py: the watcher's),
    else in workers of this build's own (config.jobs), stopped at its end."""
    started = time.perf_counter()
    with build_lock(config.folders.output, on_wait):
        remove_leftovers(config.folders.output)  # of builds that were killed, never a running one's
        report = _build_locked(config, progress_stream)
    report.seconds = time.perf_counter() - started
    return report


def _build_locked(config: BuildConfig, stream: TextIO | None) -> BuildReport:
    output = config.folders.output
    run = Run(config, render_digest(LAYOUTS), Manifest.load(output), BuildReport(), {}, stream)
    if run.manifest.problem:
        run.report.notes.append(run.manifest.problem)
    paths = _selected_paths(config.folders.lessons, config.selection.lesson_ids)
    stale = []
    for path in paths:
        key = run.current_key(path)
        run.keys[path.stem] = key
        if key is None:
            stale.append(path)
        else:
            run.report.skipped += len(run.manifest.lessons[path.stem]["outputs"])
    from generator.build.unit import UNIT_ID, unit_is_current, unit_wanted

    build_unit = unit_wanted(config) and not unit_is_current(run)
    if unit_wanted(config) and not build_unit:
        run.report.skipped += 1
    existing = None if config.selection.lesson_ids else {p.stem for p in paths} | {UNIT_ID}
    standard_print = config.option_folder() is None
    if existing is not None and standard_print and not unit_wanted(config):  # one set per folder
        run.planned.append(Planned(UNIT_ID, None, frozenset(), frozenset()))
        run.manifest.forget_lesson(UNIT_ID)
    if not (stale or build_unit):
        if _prune(run, existing) or run.manifest.changed or run.manifest.problem:
            _save(run, None)
        return run.report
    from generator.build.measurecache import MeasureCache
    from generator.build.rendercache import RenderCache
    from generator.build.workers import Workers, kept

    measures = MeasureCache(output / ".cache" / "readability.json")
    cache = RenderCache(output)
    try:
        with kept(output) or Workers(config.jobs, output) as workers:
            _build_stale(run, stale, build_unit, workers, measures, cache)
        _prune(run, existing)
    finally:
        _save(run, measures, cache)
    return run.report


def _selected_paths(lessons: Path, lesson_ids: tuple[str, ...]) -> list[Path]:
    """The selected lessons' files. Found without importing the lesson stages (pydantic
    and the rest), which a build with nothing to do never needs; an unknown id is
    reported by gather.selected_paths."""
    by_id = {path.stem: path for path in lesson_paths(lessons)}
    if not lesson_ids:
        return list(by_id.values())
    if all(lesson_id in by_id for lesson_id in lesson_ids):
        return [by_id[lesson_id] for lesson_id in lesson_ids]
    from generator.passages.gather import selected_paths

    return selected_paths(lessons, lesson_ids)


def _build_stale(
    run: Run,
    paths: list[Path],
    build_unit: bool,
    workers: Workers,
    measures: MeasureCache,
    cache: RenderCache,
) -> None:
    from generator.build.plan import Plan, plan_lesson
    from generator.build.unit import UNIT_ID, plan_unit, record_unit
    from generator.documents.generated import summary_notes
    from generator.passages.gather import gather

    config, manifest, report = run.config, run.manifest, run.report
    gathered = gather(config.folders, config.selection, paths, measures.measure)
    summary_at = len(report.notes)  # the generated items' line goes here, made after rendering
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
        plan_lesson(plan, lesson, passage, config, run.render, manifest, cache)
    unit_job = plan_unit(run, measures) if build_unit else None
    if unit_job:  # rendered in the same pass as the lessons' documents
        plan.jobs.append(unit_job)
    report.skipped += plan.skipped
    if config.fmt == "pdf":
        inputs = {lesson.id: lesson.inputs for lesson, _ in gathered.passages}
        inputs[UNIT_ID] = (config.folders.lessons / UNIT_FILE, *(f for i in inputs.values() for f in i))
        _screen(run, plan, inputs)
    unfinished = _render(run, plan, workers, cache)
    # Counted once the documents are out: with render workers, nothing waits for it.
    report.notes[summary_at:summary_at] = summary_notes(gathered.passages)
    _record_lessons(run, gathered.passages, plan, unfinished)
    if build_unit and UNIT_ID not in unfinished:
        record_unit(run)


def _screen(run: Run, plan: Plan, inputs: dict[str, tuple[Path, ...]]) -> None:
    """Leave out (as errors of their lesson) documents with letters no font has."""
    from generator.build.glyphs import screen

    kept, problems = screen(plan.jobs, inputs, run.config.folders.output)
    plan.jobs = kept
    for lesson_id, messages in problems.items():
        run.report.errors.setdefault(lesson_id, []).extend(messages.values())


def _record_lessons(
    run: Run, passages: list[tuple[Lesson, Passage]], plan: Plan, unfinished: set[str]
) -> None:
    """Record each lesson built in full (its key, inputs and outputs); forget the others,
    so the next build reads them again."""
    selection = run.config.selection
    every_level = selection.grade is None and selection.level_id is None
    levels: dict[str, set[str]] = {}
    for lesson, passage in passages:
        levels.setdefault(lesson.id, set()).add(passage.level.id)
    for lesson, _passage in passages:
        key, outputs = run.keys[lesson.id], plan.outputs.get(lesson.id, [])
        if lesson.id in run.report.errors or lesson.id in unfinished or key is None:
            run.manifest.forget_lesson(lesson.id)
        elif lesson.id not in {p.lesson_id for p in run.planned}:
            run.manifest.record_lesson(lesson.id, key, outputs, lesson.inputs)
            built = frozenset(levels[lesson.id])
            scope = None if every_level else built
            option = run.config.option_folder()
            run.planned.append(Planned(lesson.id, scope, built, frozenset(outputs), option))


def _note_fallback(report: BuildReport, lesson: Lesson, passage: Passage) -> None:
    from generator.documents.base import estimate_line

    if passage.fallback:
        report.notes.append(
            f"{lesson.id}/{passage.level.id}: no hand-written text "
            f"({lesson.passage_dirs[0]}/{passage.level.id}.md); used the source text, "
            f"{estimate_line(passage)}"
        )


def _render(run: Run, plan: Plan, workers: Workers, cache: RenderCache) -> set[str]:
    """Render every job, and merge each lesson's packs once its documents and covers are
    made (in the workers too, while they render other lessons). Returns the lessons left
    unfinished because a worker died and the build stopped."""
    from generator.build.plan import MergeJob

    packs: dict[Output, PackPlan] = {pack.output: pack for pack in plan.packs}
    plan.jobs = [_with_known_fit(job, _fit_key(job, packs), cache) for job in plan.jobs]
    if workers.count > 1:  # the longest first, so that no long document is left for last
        plan.jobs.sort(key=lambda job: -_cost(job, run.manifest, cache, packs))
    progress = Progress(len(plan.jobs) + len(plan.packs), run.stream)
    covers = {pack.output: pack.cover_pdf for pack in plan.packs if pack.cover_pdf is not None}
    run.report.covers_cached += len(covers)
    left = Counter(job.output.lesson_id for job in plan.jobs)  # documents to render, by lesson
    jobs: list[Job] = list(plan.jobs)  # render jobs first; merges are added as lessons finish
    for lesson_id in {pack.output.lesson_id for pack in plan.packs} - set(left):
        jobs += _merges(run, plan, lesson_id, covers)  # nothing of it to render
    done: set[int] = set()
    for result in workers.run(jobs):
        done.add(result.index)
        job = jobs[result.index]
        out = job.output
        if isinstance(job, MergeJob):
            _merged(run, job, result, progress)
            continue
        _rendered(run, job, result, packs, covers, cache, progress)
        left[out.lesson_id] -= 1
        if not left[out.lesson_id] and not result.fatal:
            jobs += _merges(run, plan, out.lesson_id, covers)
    unfinished = _finish_stopped(run, plan, jobs, done, progress)
    progress.finish()
    return unfinished


def _rendered(
    run: Run,
    job: RenderJob,
    result: JobResult,
    packs: dict[Output, PackPlan],
    covers: dict[Output, bytes],
    cache: RenderCache,
    progress: Progress,
) -> None:
    """Record one rendered document (or keep a pack's cover for its merge)."""
    out = job.output
    where = job.target or run.config.folders.output / out.lesson_id / out.level_id / out.kind
    if result.fit is not None:
        run.report.rendered += 1
        run.report.layouts += result.fit.layouts
        cache.keep_fit(_fit_key(job, packs), result.fit)
    if result.error:
        run.report.errors.setdefault(out.lesson_id, []).append(f"{where}: {result.error}")
        progress.step(f"failed  {where}")
    elif job.target is None:
        covers[out] = result.data or b""
        pack = packs[out]
        cost = result.pages * (result.fit.layouts if result.fit else 1)
        if note := cache.keep_cover(pack.target, pack.cover_hash, covers[out], cost):
            run.report.notes.append(note)
        progress.step(None)  # a pack cover: the pack's own line follows
    else:
        built = Built(out.lesson_id, out.level_id, out.kind, job.target, result.pages, result.sha256)
        _record(run, built, out)
        progress.step(f"built   {job.target}  ({_pages(result.pages)})")


def _finish_stopped(run: Run, plan: Plan, jobs: list[Job], done: set[int], progress: Progress) -> set[str]:
    """The lessons a dead worker left unfinished (noted); the packs of those it left whole
    are merged here."""
    from generator.build.plan import MergeJob
    from generator.build.workers import run_job

    rendered = len(plan.jobs)
    unfinished = {job.output.lesson_id for i, job in enumerate(plan.jobs) if i not in done}
    if unfinished:
        run.report.notes.append(
            f"the build stopped with {rendered - len(done & set(range(rendered)))} document(s) not made, "
            f"of {', '.join(sorted(unfinished))}; build again to make them"
        )
    for index in range(len(jobs)):
        job = jobs[index]
        if index not in done and isinstance(job, MergeJob) and job.output.lesson_id not in run.report.errors:
            _merged(run, job, run_job(index, job, run.config.folders.output), progress)
    return unfinished


def _fit_key(job: RenderJob, packs: dict[Output, PackPlan]) -> str:
    """The content hash a job's fit is remembered by: a cover's own, not its pack's."""
    return job.output.content_hash if job.target is not None else packs[job.output].cover_hash


def _with_known_fit(job: RenderJob, key: str, cache: RenderCache) -> RenderJob:
    """A PDF's job with the fit chosen before for the same content, when known."""
    if job.fmt != "pdf" or job.fit is not None:
        return job  # an HTML file, or known already
    fit = cache.fit(key)
    return job if fit is None else replace(job, fit=fit)


def _merges(run: Run, plan: Plan, lesson_id: str, covers: dict[Output, bytes]) -> list[MergeJob]:
    """The packs of a lesson whose documents are all made, unless one failed."""
    from generator.build.plan import MergeJob

    if lesson_id in run.report.errors:
        return []
    return [
        MergeJob(pack.output, pack.target, covers[pack.output], pack.members)
        for pack in plan.packs
        if pack.output.lesson_id == lesson_id and pack.output in covers
    ]


def _merged(run: Run, job: MergeJob, result: JobResult, progress: Progress) -> None:
    out = job.output
    if result.error:
        run.report.errors.setdefault(out.lesson_id, []).append(f"{job.target}: {result.error}")
        return
    _record(run, Built(out.lesson_id, out.level_id, out.kind, job.target, result.pages, result.sha256), out)
    progress.step(f"built   {job.target}  ({_pages(result.pages)})")


def _cost(job: RenderJob, manifest: Manifest, cache: RenderCache, packs: dict[Output, PackPlan]) -> float:
    """How long a job is expected to take: the pages times the layouts of the output's
    last version (a new document counts as two pages laid out once)."""
    if job.target is None:
        return cache.cover_cost(packs[job.output].target)
    entry = manifest.documents.get(manifest.relative(job.target))
    if entry is None:
        return 2.0
    fit = cache.last_layouts(entry.content_hash)
    return float(entry.pages * (1 if job.fit is not None else fit))


def _record(run: Run, built: Built, output: Output) -> None:
    entry = DocumentEntry(
        lesson=built.lesson_id,
        level=built.level_id,
        kind=built.kind,
        path=run.manifest.relative(built.path),
        pages=built.pages,
        sha256=built.sha256,
        content_hash=output.content_hash,
    )
    try:
        run.manifest.record_document(entry)
    except OSError as exc:  # removed while the build ran
        run.report.errors.setdefault(built.lesson_id, []).append(
            f"{built.path}: written, then gone before it was recorded ({exc.strerror}); build again"
        )
        return
    run.report.built.append(built)


def _save(run: Run, measures: MeasureCache | None, cache: RenderCache | None = None) -> None:
    """Write the manifest (and the caches); a failure fails the build, clearly."""
    try:
        run.manifest.save()
    except WriteError as exc:
        run.report.errors.setdefault(MANIFEST, []).append(f"{run.manifest.output / MANIFEST}: {exc}")
    if cache is not None and (note := cache.save()):  # only a cache: the next build searches again
        run.report.notes.append(note)
    if measures is None:
        return
    try:
        measures.save()
    except WriteError as exc:  # only a cache: the next build measures again
        run.report.notes.append(f"{measures.path}: not saved: {exc}")


def _prune(run: Run, existing: set[str] | None) -> bool:
    """Remove what no plan makes any more; True when that changed the manifest."""
    manifest = run.manifest
    before = len(manifest.documents), len(manifest.lessons), repr(manifest.passages)
    pruned = prune(manifest, run.planned, existing)
    run.report.removed.extend(pruned.removed)
    run.report.notes.extend(pruned.kept)
    for path in pruned.removed:
        print(f"removed {path}", file=run.stream or sys.stdout)
    return before != (len(manifest.documents), len(manifest.lessons), repr(manifest.passages))


def _pages(n: int) -> str:
    return f"{n} page{'s' if n != 1 else ''}"
