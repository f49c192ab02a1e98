"""Plan the documents of a build: what to render and which packs to merge.

In: the gathered (Lesson, Passage) pairs, the build config and the manifest.
Out: a `Plan` of typed `RenderJob`s (only documents whose content changed) and
`PackPlan`s, with every output path the lessons own, so the manifest lists
exactly what the plan made. A pack whose members changed is merged again, but
its cover is rendered again only when the cover itself changed (rendercache.py
keeps the last one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build.atomic import contained
from generator.build.fingerprint import content_hash
from generator.build.manifest import Manifest
from generator.config import BuildConfig, PageGeometry, PrintOptions
from generator.documents.base import Printable
from generator.documents.composers import compose_all
from generator.documents.packs import PACKS, compose_cover, pack_members
from generator.passages.passage import Passage
from generator.render.fit import Fit
from generator.spec.lesson import Lesson

if TYPE_CHECKING:
    from generator.build.rendercache import RenderCache


@dataclass(frozen=True)
class Output:
    """One output of a lesson at a level, with the hash of what it is made from."""

    lesson_id: str
    level_id: str
    kind: str
    content_hash: str


@dataclass(frozen=True)
class RenderJob:
    document: Printable
    target: Path | None  # None: return the bytes (a pack cover, merged by the caller)
    page: PageGeometry
    fmt: str  # "pdf" or "html"
    output: Output
    options: PrintOptions = PrintOptions()  # large print, font: stylesheets added to print.css
    fit: Fit | None = None  # the fit chosen before for this content, if known (rendercache.py)


@dataclass(frozen=True)
class PackPlan:
    output: Output
    target: Path
    cover: RenderJob | None  # rendered to bytes, then merged with the members; None: cached
    members: tuple[tuple[Path, str], ...]  # (built PDF, bookmark label)
    cover_hash: str = ""  # the content hash of the cover alone
    cover_pdf: bytes | None = None  # the cover's PDF from the cache, when it is unchanged


@dataclass(frozen=True)
class MergeJob:
    """A pack to merge once its cover is rendered and its members are written."""

    output: Output
    target: Path
    cover_pdf: bytes
    members: tuple[tuple[Path, str], ...]


@dataclass
class Plan:
    jobs: list[RenderJob] = field(default_factory=list)
    packs: list[PackPlan] = field(default_factory=list)
    outputs: dict[str, list[str]] = field(default_factory=dict)  # lesson id -> manifest paths
    skipped: int = 0  # documents whose content is unchanged


def plan_lesson(
    plan: Plan,
    lesson: Lesson,
    passage: Passage,
    config: BuildConfig,
    render: str,
    manifest: Manifest,
    cache: RenderCache | None = None,
) -> None:
    """Add the documents and packs of one lesson at one level to `plan`."""
    level_dir = contained(config.folders.output / lesson.id / passage.level.id, config.folders.output)
    level_dir = level_dir / folder if (folder := config.option_folder()) else level_dir
    settings = config.document_key()
    owned = plan.outputs.setdefault(lesson.id, [])
    hashes: dict[str, str] = {}
    for document in compose_all(lesson, passage, config.compose):
        target = level_dir / f"{document.kind}.{config.fmt}"
        digest = content_hash(document, render, settings)
        hashes[document.kind] = digest
        owned.append(manifest.relative(target))
        if manifest.is_current(target, digest):
            plan.skipped += 1
            continue
        output = Output(lesson.id, passage.level.id, document.kind, digest)
        plan.jobs.append(RenderJob(document, target, config.page, config.fmt, output, config.print_options))
    if config.fmt != "pdf":
        return  # packs are printed matter
    for pack in PACKS:
        members = pack_members(pack, set(hashes))
        cover = compose_cover(pack, lesson, passage, set(hashes))
        target = level_dir / f"{pack}.pdf"
        digest = content_hash((cover, [hashes[k] for k, _ in members]), render, settings)
        owned.append(manifest.relative(target))
        if manifest.is_current(target, digest):
            plan.skipped += 1
            continue
        output = Output(lesson.id, passage.level.id, pack, digest)
        cover_hash = content_hash(cover, render, settings)
        cached = cache.cover(target, cover_hash) if cache else None
        cover_job = None
        if cached is None:
            cover_job = RenderJob(cover, None, config.page, "pdf", output, config.print_options)
            plan.jobs.append(cover_job)
        paths = tuple((level_dir / f"{k}.pdf", label) for k, label in members)
        plan.packs.append(PackPlan(output, target, cover_job, paths, cover_hash, cached))
