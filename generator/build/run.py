"""Build lessons into documents: plan, skip what is current, render, merge packs.

In: the lessons, levels and articles folders, what to build (lessons, grade or
level) and how (paper, format, worker count). Out:
output/<lesson>/<level>/<kind>.pdf (or .html), student and teacher packs, and
output/manifest.json.

The plan is every lesson x level x document kind. Lessons whose raw inputs are
unchanged are skipped without being read (see fingerprint.py); the others are
all loaded and validated before the first page is rendered, and of their
documents only those whose content changed are rendered. A lesson with errors
is reported with all of them and nothing is written for it; the others build.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.build.atomic import remove_leftovers, write_atomically
from generator.build.fingerprint import content_hash, lesson_key, render_digest
from generator.build.manifest import Manifest
from generator.build.progress import Progress
from generator.errors import GeneratorError, LevelError
from generator.spec.files import LAYOUTS, LEVELS_FILE, UNIT_FILE, lesson_paths

if TYPE_CHECKING:
    from generator.render.renderer import Paper

FORMATS = ("pdf", "html")
UNIT_ID = "unit"  # the unit overview's entry in the manifest
UNIT_OUTPUT = "unit-overview.pdf"


@dataclass(frozen=True)
class Selection:
    lesson_ids: tuple[str, ...] = ()  # empty: every lesson
    grade: int | None = None
    level_id: str | None = None


@dataclass(frozen=True)
class Folders:
    lessons: Path = Path("lessons")
    articles: Path = Path("articles")
    output: Path = Path("output")


@dataclass(frozen=True)
class BuildOptions:
    paper: Paper = "letter"
    fmt: str = "pdf"
    versions: int = 1  # A/B versions of the questions
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)

    def key(self, selection: Selection) -> str:
        return (
            f"paper={self.paper};format={self.fmt};versions={self.versions};"
            f"grade={selection.grade};level={selection.level_id}"
        )


@dataclass(frozen=True)
class Built:
    lesson_id: str
    level_id: str
    kind: str
    path: Path
    pages: int
    sha256: str


@dataclass
class Gathered:
    """Everything validated before the first page is rendered."""

    passages: list[tuple[Any, Any]] = field(default_factory=list)  # (Lesson, Passage)
    errors: dict[str, list[str]] = field(default_factory=dict)  # lesson id -> messages


@dataclass
class BuildReport:
    built: list[Built] = field(default_factory=list)
    skipped: int = 0
    errors: dict[str, list[str]] = field(default_factory=dict)
    invalid: set[str] = field(default_factory=set)  # lessons that failed validation: nothing written
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def pages(self) -> int:
        return sum(b.pages for b in self.built)


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


def gather(
    folders: Folders, selection: Selection, paths: list[Path] | None = None, measurer: Callable | None = None
) -> Gathered:
    """Load and validate the lessons and build their passages, collecting errors per lesson."""
    from generator.passages.events import check_events
    from generator.passages.evidence import check_evidence
    from generator.passages.glossary import check_glossary
    from generator.passages.passage import build_passage
    from generator.spec.lesson import load_lesson
    from generator.spec.levels import Levels, grade_span

    levels = Levels(folders.lessons / LEVELS_FILE)
    if selection.level_id:
        levels.get(selection.level_id)  # an unknown level is refused before any work
    if selection.grade is not None and levels.level_for_grade(selection.grade) is None:
        covered = sorted({g for lv in levels.ordered() for g in (lv.grades or ())})
        raise LevelError(
            f"no reading level for grade {selection.grade}; the levels in "
            f"{levels.path} cover grades {grade_span(tuple(covered))}"
        )
    gathered = Gathered()
    for path in paths if paths is not None else selected_paths(folders.lessons, selection.lesson_ids):
        found = []
        try:
            lesson = load_lesson(path, levels, folders.articles)
            for level in _levels_to_build(lesson, selection):
                passage = build_passage(lesson, level, measurer) if measurer else build_passage(lesson, level)
                check_glossary(lesson, passage)
                check_evidence(lesson, passage)
                check_events(lesson, passage)
                found.append((lesson, passage))
        except GeneratorError as exc:
            gathered.errors[path.stem] = getattr(exc, "messages", [str(exc)])
            continue
        gathered.passages += found
    return gathered


def _levels_to_build(lesson, selection: Selection) -> list:
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


def build(
    folders: Folders, selection: Selection, options: BuildOptions | None = None, progress_stream=None
) -> BuildReport:
    options = options or BuildOptions()
    if options.fmt not in FORMATS:
        raise GeneratorError(f"expected a format of {', '.join(FORMATS)}, found '{options.fmt}'")
    started = time.perf_counter()
    remove_leftovers(folders.output)  # from a build that was killed half-way
    manifest = Manifest.load(folders.output)
    paths = selected_paths(folders.lessons, selection.lesson_ids)
    render = render_digest(LAYOUTS)
    opts = options.key(selection)
    keys = {
        p.stem: lesson_key(p, folders.articles, folders.lessons / LEVELS_FILE, render, opts) for p in paths
    }
    report = BuildReport()
    stale = []
    for path in paths:
        if manifest.lesson_is_current(path.stem, keys[path.stem]):
            report.skipped += len(manifest.lessons[path.stem]["outputs"])
        else:
            stale.append(path)
    unit_key = _unit_key(folders, selection, keys, render, options.fmt)
    unit_stale = unit_key is not None and not manifest.lesson_is_current(UNIT_ID, unit_key)
    if unit_key is not None and not unit_stale:
        report.skipped += 1
    if stale or unit_stale:
        from generator.build.measurecache import MeasureCache
        from generator.build.workers import Workers

        measures = MeasureCache(folders.output / ".cache" / "readability.json")
        try:
            with Workers(options.jobs) as workers:
                run = _Run(
                    folders,
                    selection,
                    options,
                    render,
                    manifest,
                    report,
                    keys,
                    workers,
                    progress_stream,
                    measures,
                )
                _build_stale(run, stale, unit_key if unit_stale else None)
        finally:
            manifest.save()
            measures.save()
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class _Run:
    """What one build of stale lessons works with."""

    folders: Folders
    selection: Selection
    options: BuildOptions
    render: str  # digest of the rendering inputs
    manifest: Manifest
    report: BuildReport
    keys: dict[str, str]  # lesson id -> key of its inputs
    workers: Any
    stream: Any
    measures: Any  # MeasureCache: passage figures kept between builds


def _build_stale(run: _Run, paths: list[Path], unit_key: str | None) -> None:
    folders, selection, options, render = run.folders, run.selection, run.options, run.render
    manifest, report, keys = run.manifest, run.report, run.keys
    from generator.build.workers import RenderJob
    from generator.documents.base import estimate_line
    from generator.documents.composers import compose_all
    from generator.documents.generated import summary_notes
    from generator.documents.packs import PACKS, compose_cover, merge_pack, pack_members

    gathered = gather(folders, selection, paths, run.measures.measure)
    report.notes += summary_notes(gathered.passages)
    report.errors.update(gathered.errors)
    report.invalid.update(gathered.errors)
    for lesson_id in gathered.errors:
        manifest.forget_lesson(lesson_id)
    doc_opts = f"paper={options.paper};format={options.fmt}"
    jobs: list[RenderJob] = []
    meta: list[tuple[str, str, str, str]] = []  # lesson, level, kind, content hash
    outputs: dict[str, list[str]] = {}
    packs: list[dict] = []
    for lesson, passage in gathered.passages:
        level_dir = folders.output / lesson.id / passage.level.id
        if passage.fallback:
            report.notes.append(
                f"{lesson.id}/{passage.level.id}: no hand-written text "
                f"({lesson.passage_dirs[0]}/{passage.level.id}.md); used the source text, "
                f"{estimate_line(passage)}"
            )
        manifest.record_passage(
            lesson.id,
            passage.level.id,
            {
                "text": passage.plain_text,
                "hand_written": passage.source_file is not None,
                "fallback_to_source": passage.fallback,
                "readability": passage.readability.as_dict(),
            },
        )
        hashes: dict[str, str] = {}
        for document in compose_all(lesson, passage, options.versions):
            target = level_dir / f"{document.kind}.{options.fmt}"
            digest = content_hash(document, render, doc_opts)
            hashes[document.kind] = digest
            outputs.setdefault(lesson.id, []).append(manifest.relative(target))
            if manifest.is_current(target, digest):
                report.skipped += 1
                continue
            jobs.append(RenderJob(document, target, options.paper, options.fmt))
            meta.append((lesson.id, passage.level.id, document.kind, digest))
        if options.fmt != "pdf":
            continue  # packs are printed matter
        for pack in PACKS:
            members = pack_members(pack, set(hashes))
            cover = compose_cover(pack, lesson, passage, set(hashes))
            target = level_dir / f"{pack}.pdf"
            digest = content_hash((cover, [hashes[k] for k, _ in members]), render, doc_opts)
            outputs[lesson.id].append(manifest.relative(target))
            if manifest.is_current(target, digest):
                report.skipped += 1
                continue
            packs.append(
                {
                    "lesson": lesson.id,
                    "level": passage.level.id,
                    "kind": pack,
                    "target": target,
                    "members": [(level_dir / f"{k}.pdf", label) for k, label in members],
                    "hash": digest,
                    "cover_job": len(jobs),
                }
            )
            jobs.append(RenderJob(cover, None, options.paper, "pdf"))
            meta.append((lesson.id, passage.level.id, f"{pack}-cover", digest))

    if unit_key:  # rendered in the same pass as the lessons' documents
        unit_job = _unit_job(run, unit_key)
        if unit_job:
            jobs.append(unit_job[0])
            meta.append(unit_job[1])

    progress = Progress(len(jobs) + len(packs), run.stream)
    covers: dict[int, bytes] = {}
    for result in run.workers.run(jobs):
        lesson_id, level_id, kind, digest = meta[result.index]
        job = jobs[result.index]
        where = job.target or folders.output / lesson_id / level_id / kind
        if result.error:
            report.errors.setdefault(lesson_id, []).append(f"{where}: {result.error}")
            progress.step(f"failed  {where}")
            continue
        if job.target is None:
            covers[result.index] = result.data or b""
            progress.step(None)  # a pack cover: the pack's own line follows
            continue
        _record(
            manifest,
            report,
            Built(lesson_id, level_id, kind, job.target, result.pages, result.sha256),
            digest,
        )
        progress.step(f"built   {job.target}  ({_pages(result.pages)})")

    for pack in packs:
        if pack["cover_job"] not in covers or pack["lesson"] in report.errors:
            continue
        data, pages = merge_pack(covers[pack["cover_job"]], pack["members"])
        write_atomically(pack["target"], data)
        built = Built(
            pack["lesson"],
            pack["level"],
            pack["kind"],
            pack["target"],
            pages,
            hashlib.sha256(data).hexdigest(),
        )
        _record(manifest, report, built, pack["hash"])
        progress.step(f"built   {pack['target']}  ({_pages(pages)})")
    progress.finish()

    for lesson, _passage in gathered.passages:
        if lesson.id not in report.errors:
            manifest.record_lesson(lesson.id, keys[lesson.id], sorted(set(outputs.get(lesson.id, []))))
        else:
            manifest.forget_lesson(lesson.id)
    if unit_key and UNIT_ID not in report.errors and (folders.output / UNIT_OUTPUT).exists():
        manifest.record_lesson(UNIT_ID, unit_key, [UNIT_OUTPUT])


def _unit_key(
    folders: Folders, selection: Selection, keys: dict[str, str], render: str, fmt: str
) -> str | None:
    """The unit overview is built with every lesson (not for a selection of lessons), as a PDF."""
    path = folders.lessons / UNIT_FILE
    if selection.lesson_ids or not path.exists() or fmt != "pdf":
        return None
    digest = hashlib.sha256(path.read_bytes() + render.encode())
    for lesson_id in sorted(keys):
        digest.update(keys[lesson_id].encode())
    return digest.hexdigest()


def _unit_job(run: _Run, key: str) -> tuple[Any, tuple[str, str, str, str]] | None:
    """The unit overview's render job, or None when it failed or its content is unchanged."""
    from generator.build.workers import RenderJob
    from generator.documents.unit import compose_unit, load_unit

    try:
        spec = load_unit(run.folders.lessons / UNIT_FILE)
        paths = selected_paths(run.folders.lessons, tuple(spec.lessons))
        gathered = gather(
            run.folders, Selection(tuple(spec.lessons), level_id="high"), paths, run.measures.measure
        )
    except GeneratorError as exc:
        run.report.errors[UNIT_ID] = getattr(exc, "messages", [str(exc)])
        return None
    if gathered.errors:
        run.report.errors[UNIT_ID] = [m for ms in gathered.errors.values() for m in ms]
        return None
    overview = compose_unit(spec, gathered.passages)
    target = run.folders.output / UNIT_OUTPUT
    digest = content_hash(overview, run.render, f"paper={run.options.paper}")
    if run.manifest.is_current(target, digest):
        run.report.skipped += 1
        return None
    return RenderJob(overview, target, run.options.paper, "pdf"), (UNIT_ID, "all", "unit-overview", digest)


def _record(manifest: Manifest, report: BuildReport, built: Built, digest: str) -> None:
    report.built.append(built)
    manifest.record_document(
        {
            "lesson": built.lesson_id,
            "level": built.level_id,
            "kind": built.kind,
            "path": manifest.relative(built.path),
            "pages": built.pages,
            "sha256": built.sha256,
            "content_hash": digest,
        }
    )


def _pages(n: int) -> str:
    return f"{n} page{'s' if n != 1 else ''}"
