"""Work a build does not do twice: covers and fit choices kept in output/.cache, and the
watcher's render workers forked once, warm, and kept between saves.

Every comparison is of bytes: what a cache or a warm worker saves must never change a
PDF. Renders are counted by wrapping `Renderer.pdf` (in this process: these builds run
with one job); layouts by the build report. No timing.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.build.run import BuildReport, build
from generator.config import BuildConfig, Folders, Selection
from generator.render.renderer import Renderer
from generator.watch.loop import Watcher

from .conftest import ROOT
from .helpers import pdf_text, pdfs

LESSON, LEVEL = "origins", "elementary"
PACKS = ("student-pack", "teacher-pack")
QUESTION = "Which two countries are in a conflict over the region of Nagorno-Karabakh?"


@dataclass
class Project:
    root: Path
    first: BuildReport | None = None  # the build that made its output, when recorded

    @property
    def lesson(self) -> Path:
        return self.root / "lessons" / f"{LESSON}.yaml"

    def config(self, output: str = "output", jobs: int = 1) -> BuildConfig:
        folders = Folders(self.root / "lessons", self.root / "articles", self.root / output)
        return BuildConfig(folders, Selection((LESSON,), level_id=LEVEL), jobs=jobs)

    def level(self, output: str = "output") -> Path:
        return self.root / output / LESSON / LEVEL

    def cover(self, pack: str) -> Path:
        return self.root / "output" / ".cache" / "covers" / LESSON / LEVEL / f"{pack}.cover"

    def revise_question(self, text: str) -> None:
        """Add `text` to the first question's prompt (the student sheet and its key change;
        the pack covers, which list the objectives, do not)."""
        lesson = self.lesson.read_text(encoding="utf-8")
        assert QUESTION in lesson
        self.lesson.write_text(lesson.replace(QUESTION, f"{QUESTION} {text}", 1), "utf-8")

    def add_objective(self, text: str) -> None:
        lesson = self.lesson.read_text(encoding="utf-8")
        assert "objectives:\n" in lesson
        self.lesson.write_text(lesson.replace("objectives:\n", f"objectives:\n  - {text}\n", 1), "utf-8")


def _project(root: Path) -> Project:
    shutil.copytree(ROOT / "lessons", root / "lessons")
    shutil.copytree(ROOT / "articles", root / "articles")
    return Project(root)


def _build(project: Project, output: str = "output") -> tuple[BuildReport, list[str]]:
    """A one-job build, with the kind of every document rendered (covers by their pack)."""
    rendered: list[str] = []
    real = Renderer.pdf

    def pdf(self: Renderer, document: Any, *rest: Any) -> tuple[bytes, int]:
        rendered.append(document.kind)
        return real(self, document, *rest)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(Renderer, "pdf", pdf)
        report = build(project.config(output))
    assert report.ok, report.errors
    return report, rendered


@pytest.fixture(scope="module")
def cached(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """`origins` at one level, built once with one job."""
    project = _project(tmp_path_factory.mktemp("cached"))
    project.first, rendered = _build(project)
    assert set(PACKS) <= set(rendered) and project.first.rendered == len(rendered) == 11
    return project


@pytest.mark.slow  # builds a lesson level twice (the cache's unit behaviour: test_rendercache.py)
def test_a_document_built_again_is_laid_out_once_with_the_fit_it_was_given(cached: Project) -> None:
    # Without fit.json, the first build's search laid some document out more than once.
    assert cached.first is not None and cached.first.layouts > cached.first.rendered
    assert (cached.root / "output" / ".cache" / "fit.json").is_file()
    before = pdfs(cached.level())
    for path in cached.level().glob("*.pdf"):
        path.unlink()
    again, rendered = _build(cached)
    assert pdfs(cached.level()) == before
    # The covers come whole from the cache; each document is laid out once, with the fit
    # the search chose for the same content.
    assert again.covers_cached == 2 and not set(PACKS) & set(rendered)
    assert again.rendered == len(rendered) == len(before) - 2
    assert again.layouts == again.rendered


@pytest.mark.slow  # builds a lesson level three times
def test_an_unchanged_cover_is_not_rendered_again(cached: Project) -> None:
    cached.revise_question("Name both.")
    report, rendered = _build(cached)
    # Both packs are merged again with the new sheet or key, around their unchanged covers,
    # which are not rendered.
    assert sorted(rendered) == ["questions", "questions-key"]
    assert {b.kind for b in report.built} == {"questions", "questions-key", *PACKS}
    assert report.covers_cached == 2
    cold, _ = _build(cached, output="cold")  # the same lesson into an empty folder
    assert set(PACKS) <= {b.kind for b in cold.built} and cold.covers_cached == 0
    assert pdfs(cached.level()) == pdfs(cached.level("cold"))


@pytest.mark.slow  # builds a lesson level again
def test_a_damaged_cover_in_the_cache_is_rendered_again(cached: Project) -> None:
    cover = cached.cover("teacher-pack")
    assert not cover.read_bytes().startswith(b"%PDF")  # a key and a seal head the PDF
    os.truncate(cover, cover.stat().st_size - 100)
    cached.revise_question("Name the two.")
    report, rendered = _build(cached)
    assert sorted(rendered) == ["questions", "questions-key", "teacher-pack"]
    assert report.covers_cached == 1  # the student pack's
    pack = cached.level() / "teacher-pack.pdf"
    assert "Name the two." in pdf_text(pack)
    assert len(PdfReader(pack).pages) == next(b.pages for b in report.built if b.kind == "teacher-pack")
    assert cover.read_bytes().split(b"\n", 1)[1].startswith(b"%PDF")  # whole again


# --- the watcher's workers ---------------------------------------------------------------


@dataclass
class Watching:
    project: Project
    watcher: Watcher
    printed: io.StringIO
    start: BuildReport
    started: dict[str, bytes]  # the PDFs the start built


@pytest.fixture(scope="module")
def watching(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watching]:
    """A watcher with two workers on `origins` at one level, started (so it built it)."""
    project = _project(tmp_path_factory.mktemp("watching"))
    printed = io.StringIO()
    watcher = Watcher(project.config(jobs=2), printed)
    report = watcher.start()
    assert report is not None and report.ok, printed.getvalue()
    yield Watching(project, watcher, printed, report, pdfs(project.level()))
    watcher.close()


def _alive(pids: list[int | None]) -> bool:
    return all(pid is not None and os.path.exists(f"/proc/{pid}") for pid in pids)


@pytest.mark.slow  # builds the level again in a fresh process to compare bytes
def test_warm_workers_write_the_bytes_of_a_cold_build(watching: Watching) -> None:
    # The start built everything in workers forked from the warmed watcher.
    assert len(watching.start.built) == 11 and watching.watcher.pool.pids
    project = watching.project
    command = [sys.executable, "-m", "generator", "build", LESSON, "--level", LEVEL, "-j", "1"]
    command += ["--lessons-dir", str(project.root / "lessons"), "--articles-dir", str(ROOT / "articles")]
    subprocess.run([*command, "--out", str(project.root / "cold")], cwd=ROOT, check=True, capture_output=True)
    cold = pdfs(project.level("cold"))
    assert len(cold) == 11 and watching.started == cold


@pytest.mark.slow  # a watcher building a level with two workers
def test_the_watcher_keeps_its_workers_across_saves(watching: Watching) -> None:
    watcher, project = watching.watcher, watching.project
    pids = watcher.pool.pids
    assert len(pids) == 2 and _alive(pids) and os.getpid() not in pids
    for text in ("Compare the two censuses.", "Explain the 1964 letter."):
        project.add_objective(text)
        report = watcher.handle({project.lesson})
        assert report is not None and report.ok and report.rendered == 4  # 2 copies, 2 covers
        assert text in pdf_text(project.level() / "teacher-guide.pdf")
        assert watcher.pool.pids == pids and _alive(pids)  # the same processes, still there


@pytest.mark.slow  # a watcher building a level with two workers
def test_a_worker_killed_between_saves_is_replaced(watching: Watching) -> None:
    watcher, project = watching.watcher, watching.project
    killed, kept = watcher.pool.pids
    assert killed is not None
    os.kill(killed, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while watcher.pool.workers[0].process.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    project.add_objective("Place the region on a map.")
    report = watcher.handle({project.lesson})
    assert report is not None and report.ok, report and report.errors
    pids = watcher.pool.pids
    assert kept in pids and killed not in pids and len(pids) == 2 and _alive(pids)


@pytest.mark.slow  # a watcher building a level with two workers
def test_a_worker_dying_in_a_save_stops_that_build_and_the_next_save_builds(
    watching: Watching, monkeypatch: pytest.MonkeyPatch
) -> None:
    watcher, project = watching.watcher, watching.project
    flag = project.root / "die"
    real = Renderer.pdf

    def pdf(self: Renderer, document: Any, *rest: Any) -> tuple[bytes, int]:
        if document.kind == "teacher-guide" and flag.exists():
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, document, *rest)

    monkeypatch.setattr(Renderer, "pdf", pdf)
    watcher.pool.close()  # the next build forks workers that carry the patch
    guide = project.level() / "teacher-guide.pdf"
    before = guide.read_bytes()
    try:
        flag.touch()
        project.add_objective("Tell the two wars apart.")
        report = watcher.handle({project.lesson})
        assert report is not None and not report.ok
        assert "the worker process rendering it died (killed by SIGKILL)" in str(report.errors)
        assert guide.read_bytes() == before and watcher.pool.pids == []  # all stopped
        flag.unlink()
        report = watcher.handle({project.lesson})
        assert report is not None and report.ok, report and report.errors
        assert "Tell the two wars apart." in pdf_text(guide)
        assert len(watcher.pool.pids) == 2 and _alive(watcher.pool.pids)
    finally:
        watcher.pool.close()  # no worker keeps the patch after this test


# --- how the work is done: parsing once, merging as lessons finish, longest first -------


def test_fit_variants_are_made_from_the_parsed_default_exactly_when_only_the_class_differs() -> None:
    import xml.etree.ElementTree as ET

    from weasyprint import HTML

    from generator.render.fit import VARIANTS
    from generator.render.parsed import Variants

    def page(fit: str | None, extra: str = "") -> str:
        klass = "doc-handout level-middle" + (f" {fit}" if fit else "")
        head = '<!DOCTYPE html><html lang="en"><head><title>T</title></head>'
        return f'{head}<body class="{klass}"><p>A{extra}</p></body></html>'

    def parsed(text: str) -> bytes:
        return ET.tostring(HTML(string=text, base_url=str(ROOT)).etree_element)

    same = Variants(page, str(ROOT), None)
    same.html(None)
    for fit in VARIANTS:
        assert ET.tostring(same.html(fit).etree_element) == parsed(page(fit))
    assert same.reused == len(VARIANTS)
    # A variant whose HTML differs in anything else is parsed, not copied.
    other = Variants(lambda fit: page(fit, " and more" if fit else ""), str(ROOT), None)
    other.html(None)
    assert ET.tostring(other.html("fit-tight").etree_element) == parsed(page("fit-tight", " and more"))
    assert other.reused == 0


def test_jobs_added_while_the_workers_run_are_run(tmp_path: Path) -> None:
    import pikepdf

    from generator.build.plan import MergeJob, Output
    from generator.build.workers import Workers

    cover = pikepdf.new()
    cover.add_blank_page()
    data = io.BytesIO()
    cover.save(data)

    def merge(name: str) -> MergeJob:
        return MergeJob(Output("l", "v", name, ""), tmp_path / f"{name}.pdf", data.getvalue(), ())

    for count in (1, 2):
        jobs = [merge(f"first-{count}")]
        results = []
        with Workers(count, tmp_path) as workers:
            for result in workers.run(jobs):  # type: ignore[arg-type]
                results.append(result)
                if len(jobs) == 1:  # a lesson finished: its packs are added
                    jobs += [merge(f"second-{count}"), merge(f"third-{count}")]
        assert sorted(r.index for r in results) == [0, 1, 2] and not any(r.error for r in results)
        assert all(len(PdfReader(tmp_path / f"{job.output.kind}.pdf").pages) == 1 for job in jobs)


@pytest.mark.slow  # renders every document of a level again
def test_with_two_workers_the_longest_documents_are_rendered_first(
    cached: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.build.workers
    from generator.build.manifest import Manifest
    from generator.build.rendercache import RenderCache
    from generator.build.workers import run_job

    dispatched: list[str] = []

    class Recording:  # two workers, as the build sees them, rendering in this process in order
        count = 2

        def __enter__(self) -> Recording:
            return self

        def __exit__(self, *_: object) -> None:
            pass

        def run(self, jobs: list[Any]) -> Iterator[Any]:
            for index, job in enumerate(jobs):
                if getattr(job, "target", None) is not None and hasattr(job, "document"):
                    dispatched.append(job.output.kind)
                yield run_job(index, job, cached.root / "output")

    # The work each document took last time: its pages times the layouts of its fit search.
    manifest, cache = Manifest.load(cached.root / "output"), RenderCache(cached.root / "output")
    work = {
        entry.kind: entry.pages * cache.last_layouts(entry.content_hash)
        for entry in manifest.documents.values()
        if entry.level == LEVEL and not entry.kind.endswith("-pack")
    }
    assert len(set(work.values())) > 2
    levels = cached.root / "lessons" / "levels.yaml"  # a change that renders every document again
    levels.write_text(levels.read_text().replace("line_height: 1.5,", "line_height: 1.52,", 1))
    monkeypatch.setattr(generator.build.workers, "kept", lambda output: Recording())
    report = build(cached.config())
    assert report.ok and sorted(dispatched) == sorted(work)
    assert [work[k] for k in dispatched] == sorted(work.values(), reverse=True)
    planned = ["handout", "handout-teacher", "vocabulary", "vocabulary-key", "timeline", "timeline-key"]
    planned += ["questions", "questions-key", "teacher-guide"]  # composers.py's order
    assert dispatched != [k for k in planned if k in work]
