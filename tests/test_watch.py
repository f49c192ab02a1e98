"""The live-preview watcher: a save rebuilds what it touched, an invalid save keeps the
last good PDFs, saves during a rebuild make one rebuild after it.

The loop is driven with batches of changes (no timing); one test runs watchfiles for real
on a rename-and-replace save. The workspace builds `origins` at the elementary level once
for the module; the tests after it edit that lesson in turn.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import generator.build.run
from generator.config import BuildConfig, Folders, Format, Selection
from generator.spec.files import LAYOUTS
from generator.watch.files import FolderWatch
from generator.watch.loop import Watcher
from generator.watch.queue import ChangeQueue
from generator.watch.scope import Scope, scope_of

from .conftest import ROOT
from .helpers import html_text

PACKS = {"student-pack", "teacher-pack"}
KEYS = {"handout": "-teacher", "questions": "-key"}  # each document's teacher copy
QUESTION = "Which two countries are in a conflict over the region of Nagorno-Karabakh?"


@dataclass
class Watched:
    root: Path
    watcher: Watcher
    printed: io.StringIO

    @property
    def lesson(self) -> Path:
        return self.root / "lessons" / "origins.yaml"

    def pdf(self, kind: str) -> Path:
        return self.root / "output" / "origins" / "elementary" / f"{kind}.{self.watcher.config.fmt}"

    def text(self, kind: str) -> str:
        if self.watcher.config.fmt == "html":
            return html_text(self.pdf(kind))
        return subprocess.run(
            ["pdftotext", "-layout", str(self.pdf(kind)), "-"], capture_output=True, text=True, check=True
        ).stdout

    def save(self, old: str, new: str) -> None:
        """An editor's rename-and-replace save of the lesson with `old` replaced."""
        text = self.lesson.read_text(encoding="utf-8")
        assert old in text
        temporary = self.lesson.with_name(".origins.yaml.swp")
        temporary.write_text(text.replace(old, new, 1), encoding="utf-8")
        os.replace(temporary, self.lesson)

    def printed_since(self, mark: int) -> str:
        return self.printed.getvalue()[mark:]


def _watcher(root: Path, fmt: Format, documents: tuple[str, ...]) -> Iterator[Watched]:
    """A watcher on `origins` at one level, started, the lesson listing only the documents
    the tests edit (each with its teacher copy or key, and the packs), not all 11. One job
    renders in this process; the watcher's kept render workers are tested in test_warm.py."""
    shutil.copytree(ROOT / "lessons", root / "lessons")
    shutil.copytree(ROOT / "articles", root / "articles")
    lesson = root / "lessons" / "origins.yaml"
    listed = "documents: [handout, vocabulary, timeline, questions, teacher-guide]\n"
    text = lesson.read_text(encoding="utf-8")
    assert listed in text
    lesson.write_text(text.replace(listed, f"documents: [{', '.join(documents)}]\n", 1), encoding="utf-8")
    folders = Folders(root / "lessons", root / "articles", root / "output")
    config = BuildConfig(folders, Selection(("origins",), level_id="elementary"), fmt=fmt, jobs=1)
    printed = io.StringIO()
    watcher = Watcher(config, printed)
    report = watcher.start()
    assert report is not None and report.ok, printed.getvalue()
    kinds = {kind + suffix for kind in documents for suffix in ("", KEYS[kind])}
    assert {b.kind for b in report.built} == (kinds | set(PACKS) if fmt == "pdf" else kinds)
    yield Watched(root, watcher, printed)
    watcher.close()


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watched]:
    """For what the watcher does to PDFs: rebuilt on a save, kept on an invalid one (the
    edits are objectives, which the reading's teacher copy and the packs' covers print)."""
    yield from _watcher(tmp_path_factory.mktemp("watch"), "pdf", ("handout",))


@pytest.fixture(scope="module")
def watched_html(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watched]:
    """For how saves are seen and batched, which does not depend on the format: the same
    watcher writing HTML, without typesetting."""
    yield from _watcher(tmp_path_factory.mktemp("watch-html"), "html", ("handout", "questions"))


def test_a_save_rebuilds_the_documents_it_changed(watched: Watched) -> None:
    handout = watched.pdf("handout").read_bytes()
    mark = len(watched.printed.getvalue())
    watched.save("objectives:\n", "objectives:\n  - Name both sides of the conflict.\n")
    report = watched.watcher.handle({watched.lesson})
    assert report is not None and report.ok
    kinds = {b.kind for b in report.built}
    assert "handout-teacher" in kinds and "handout" not in kinds
    assert "Name both sides of the conflict." in watched.text("handout-teacher")
    assert watched.pdf("handout").read_bytes() == handout
    printed = watched.printed_since(mark)
    assert "changed " in printed and "rebuilding origins" in printed
    assert f"built   {watched.pdf('handout-teacher')}  (" in printed  # one line per document
    assert printed.count("built   ") == len(report.built)


def test_an_invalid_save_keeps_the_last_good_pdfs_and_prints_the_error(watched: Watched) -> None:
    before = {kind: watched.pdf(kind).read_bytes() for kind in ("handout", "handout-teacher")}
    good = watched.lesson.read_text(encoding="utf-8")
    mark = len(watched.printed.getvalue())
    watched.save("title: ", "title: [unclosed ")
    report = watched.watcher.handle({watched.lesson})
    assert report is not None and "origins" in report.invalid and not report.built
    printed = watched.printed_since(mark)
    assert f"{watched.lesson}:2: expected valid YAML" in printed  # the line the parser stops on
    assert "the last good PDFs are kept" in printed
    assert {kind: watched.pdf(kind).read_bytes() for kind in before} == before

    watched.lesson.write_text(good.replace("objectives:\n", "objectives:\n  - Name them.\n", 1), "utf-8")
    report = watched.watcher.handle({watched.lesson})
    assert report is not None and report.ok
    assert {b.kind for b in report.built} >= {"handout-teacher", "teacher-pack"}
    assert "Name them." in watched.text("handout-teacher")


def test_saves_during_a_rebuild_make_one_rebuild_after_it(
    watched_html: Watched, monkeypatch: pytest.MonkeyPatch
) -> None:
    watched = watched_html
    queue = ChangeQueue(quiet=0)
    real = generator.build.run.build
    calls: list[str] = []

    def build(config, progress_stream=None):  # type: ignore[no-untyped-def]
        calls.append(str(config.selection.lesson_ids))
        if len(calls) == 1:  # two quick saves while this rebuild runs
            watched.save("Name them first.", "Name the two.")
            queue.put([watched.lesson])
            watched.save("Name the two.", "Name both countries.")
            queue.put([watched.lesson, watched.lesson.with_name(".origins.yaml.swp")])
        report = real(config, progress_stream)
        if len(calls) == 2:
            queue.close()
        return report

    monkeypatch.setattr(generator.build.run, "build", build)
    watched.save(QUESTION, f"{QUESTION} Name them first.")
    queue.put([watched.lesson])
    thread = threading.Thread(target=watched.watcher.run, args=(queue,))
    thread.start()
    thread.join(600)
    assert not thread.is_alive()
    assert len(calls) == 2  # the first save's rebuild, then one for both saves made during it
    questions = watched.text("questions")
    assert "Name both countries." in questions and "Name the two." not in questions


def test_a_real_rename_and_replace_save_is_seen_and_rebuilt(watched_html: Watched) -> None:
    watched = watched_html
    folders = watched.watcher.config.folders
    queue = ChangeQueue()
    before = watched.watcher.builds
    with FolderWatch([folders.lessons, folders.articles, LAYOUTS], queue):
        watched.save("Name both countries.", "Name the two countries.")
        batch = queue.take(timeout=30)
    assert batch is not None and watched.lesson.resolve() in {p.resolve() for p in batch}
    assert not any(p.name.endswith(".swp") for p in batch)  # the editor's temporary file
    report = watched.watcher.handle(batch)
    assert report is not None and report.ok and watched.watcher.builds == before + 1
    assert "Name the two countries." in watched.text("questions")


def test_a_change_selects_the_lessons_it_belongs_to(tmp_path: Path) -> None:
    lessons, articles = ROOT / "lessons", ROOT / "articles"

    def scope(*paths: Path) -> Scope:
        return scope_of(paths, lessons, articles, {})

    assert scope(lessons / "second-war.yaml").lesson_ids == {"second-war", "second-war-short"}
    assert scope(lessons / "second-war-short.yaml").lesson_ids == {"second-war-short"}
    assert scope(lessons / "origins" / "middle.md").lesson_ids == {"origins"}
    assert scope(lessons / "levels.yaml").everything
    assert scope(articles / "nagorno-karabakh-conflict.txt").everything
    assert scope(LAYOUTS / "print.css").everything
    assert scope(lessons / ".origins.yaml.swp", lessons / "origins.yaml~", lessons / "4913").empty
    # what a build recorded reading maps a file to the lessons that read it
    recorded = {"custom": frozenset({(lessons / "origins.yaml").resolve()})}
    assert (
        "custom" in scope_of([(lessons / "origins.yaml").resolve()], lessons, articles, recorded).lesson_ids
    )


def test_watch_names_an_unknown_lesson(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("watch", "no-such-lesson", "--lessons-dir", ROOT / "lessons", "--out", tmp_path)
    assert result.code == 1
    assert "no lesson 'no-such-lesson'" in result.err and "Traceback" not in result.err
