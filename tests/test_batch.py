"""The batch build: skipping, incremental rebuilds, parallel workers, packs, HTML, failures.

PDF tests here are the few true end-to-end ones (incremental, byte identity, packs,
a killed build); the rest build HTML, which runs the same plan without rendering.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from generator.errors import RenderError
from generator.render.renderer import Renderer

from .conftest import ROOT, folder_args
from .helpers import KINDS, built_paths, pdfs, summary


def test_second_html_build_renders_nothing_and_edits_rebuild_only_what_changed(workspace, run_cli):
    """The quick form of the test below: the same plan and manifest, without typesetting."""
    args = ["first-war", "origins", "--level", "middle", "--format", "html", *folder_args(workspace)]
    first = run_cli("build", *args)
    assert first.code == 0, first.err
    assert summary(first.out)[:3] == [18, 0, 0]  # 2 lessons x 9 documents (packs are printed matter)
    before = {p: p.read_bytes() for p in (workspace / "output").rglob("*.html")}

    again = run_cli("build", *args)
    assert summary(again.out)[:3] == [0, 18, 0]
    assert {p: p.read_bytes() for p in (workspace / "output").rglob("*.html")} == before

    lesson = workspace / "lessons" / "origins.yaml"
    lesson.write_text(lesson.read_text().replace("objectives:\n", "objectives:\n  - Name the two sides.\n"))
    edited = run_cli("build", *args)
    assert built_paths(edited.out, workspace / "output") == {
        "origins/middle/handout-teacher.html",
        "origins/middle/teacher-guide.html",
    }
    assert summary(edited.out)[:3] == [2, 16, 0]


def test_a_build_from_other_folders_into_the_same_output_reads_them(workspace, run_cli):
    """The output records where each lesson was read from: the same lesson id from another
    lessons folder (an edited copy) or with another articles folder is built again, never
    taken for current because the files it was built from are unchanged."""
    output = ["--out", str(workspace / "output")]
    args = ["origins", "--level", "middle", "--format", "html", *output]
    first = run_cli("build", *args, *folder_args(workspace)[:4])
    assert summary(first.out)[:3] == [9, 0, 0]
    copy = workspace / "copy"
    shutil.copytree(workspace / "lessons", copy / "lessons")
    shutil.copytree(workspace / "articles", copy / "articles")
    lesson = copy / "lessons" / "origins.yaml"
    lesson.write_text(lesson.read_text().replace("objectives:\n", "objectives:\n  - Name the two sides.\n"))
    from_copy = ["--lessons-dir", str(copy / "lessons"), "--articles-dir", str(workspace / "articles")]
    edited = run_cli("build", *args, *from_copy)
    # The new objective is in the teacher copy and the guide (a document is also made again
    # when only the path of the passage it was composed from changed; the worksheets are not).
    middle = workspace / "output" / "origins" / "middle"
    rebuilt = built_paths(edited.out, workspace / "output")
    assert {"origins/middle/handout-teacher.html", "origins/middle/teacher-guide.html"} <= rebuilt
    assert not rebuilt & {f"origins/middle/{k}.html" for k in ("vocabulary", "timeline", "questions")}
    assert "Name the two sides." in (middle / "teacher-guide.html").read_text()
    assert summary(run_cli("build", *args, *from_copy).out)[:3] == [0, 9, 0]
    lesson = {"copy/lessons/origins.yaml", "copy/lessons/origins"}  # its file, its passages' folder
    article = {f"articles/nagorno-karabakh-conflict.{suffix}" for suffix in ("txt", "yaml")}
    assert read_from(workspace) == lesson | article
    # The same article from another folder: read again (nothing in it changed, so no
    # document does), and recorded as read from there.
    other_articles = ["--lessons-dir", str(copy / "lessons"), "--articles-dir", str(copy / "articles")]
    assert summary(run_cli("build", *args, *other_articles).out)[:3] == [0, 9, 0]
    assert read_from(workspace) == lesson | {f"copy/{path}" for path in article}


def read_from(workspace):
    """The files and folders the manifest says `origins` was built from."""
    manifest = json.loads((workspace / "output" / "manifest.json").read_text())
    inputs = [
        Path(p).resolve().relative_to(workspace.resolve()) for p in manifest["lessons"]["origins"]["inputs"]
    ]
    return {p.as_posix() for p in inputs}


@pytest.mark.slow  # renders two lessons' documents and packs, then again after an edit
def test_second_build_renders_nothing_and_edits_rebuild_only_what_changed(workspace, run_cli):
    args = ["first-war", "origins", "--level", "middle", *folder_args(workspace)]
    first = run_cli("build", *args)
    assert first.code == 0, first.err
    assert summary(first.out)[:3] == [22, 0, 0]  # 2 lessons x (9 documents + 2 packs)
    before = pdfs(workspace / "output")

    again = run_cli("build", *args)
    assert summary(again.out)[:3] == [0, 22, 0]
    assert pdfs(workspace / "output") == before

    # A new objective changes the teacher copy, the teacher guide and both packs' covers: not
    # the student handout or the worksheets, and nothing of the other lesson.
    lesson = workspace / "lessons" / "origins.yaml"
    lesson.write_text(lesson.read_text().replace("objectives:\n", "objectives:\n  - Name the two sides.\n"))
    edited = run_cli("build", *args)
    assert built_paths(edited.out, workspace / "output") == {
        "origins/middle/handout-teacher.pdf",
        "origins/middle/teacher-guide.pdf",
        "origins/middle/teacher-pack.pdf",
        "origins/middle/student-pack.pdf",
    }
    assert summary(edited.out)[:3] == [4, 18, 0]


@pytest.mark.slow  # renders a whole level again, in one process, to compare bytes
def test_parallel_and_separate_builds_are_byte_identical(built, tmp_path, run_cli):
    """One level built alone in one process gives the bytes the shared build (every level,
    two workers, another folder) wrote."""
    args = ["--lessons-dir", ROOT / "lessons", "--articles-dir", ROOT / "articles", "--out", tmp_path]
    assert run_cli("build", "first-war", "--level", "elementary", "-j", "1", *args).code == 0
    alone = pdfs(tmp_path)
    assert len(alone) == 11
    shared = pdfs(built.output)
    assert alone == {path: shared[path] for path in alone}


def test_packs_have_a_cover_and_a_bookmark_per_document(built):
    folder = built.level("elementary")
    for pack, labels, parts in (
        (
            "student-pack",
            ["Cover", "Reading", "Vocabulary", "Timeline", "Questions"],
            ["handout", "vocabulary", "timeline", "questions"],
        ),
        (
            "teacher-pack",
            [
                "Cover",
                "Teacher guide",
                "Reading (teacher copy)",
                "Vocabulary: answer key",
                "Timeline: answer key",
                "Questions: answer key",
            ],
            ["teacher-guide", "handout-teacher", "vocabulary-key", "timeline-key", "questions-key"],
        ),
    ):
        with pikepdf.open(folder / f"{pack}.pdf") as pdf, pdf.open_outline() as outline:
            assert [item.title for item in outline.root] == labels
            pages = 1 + sum(len(PdfReader(folder / f"{p}.pdf").pages) for p in parts)
            assert len(pdf.pages) == pages
    cover = PdfReader(folder / "student-pack.pdf").pages[0].extract_text()
    assert "Student pack" in cover and "Estimated grade" not in cover and "High" not in cover


def test_html_format_is_self_contained(workspace, run_cli):
    result = run_cli("build", "origins", "--level", "elementary", "--format", "html", *folder_args(workspace))
    assert result.code == 0, result.err
    folder = workspace / "output" / "origins" / "elementary"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"{kind}.html" for kind in KINDS if not kind.endswith("-pack"))
    html = (folder / "handout.html").read_text()
    assert "<style>" in html and "<link" not in html and "src=" not in html
    assert "Roots of the conflict" in html


def test_a_failing_document_is_reported_and_the_others_build(workspace, run_cli, monkeypatch):
    real_html = Renderer.html

    def failing(self, document):
        if document.kind == "vocabulary":
            raise RenderError("layouts/vocabulary.html:3: simulated failure")
        return real_html(self, document)

    monkeypatch.setattr(Renderer, "html", failing)
    args = ["origins", "--level", "middle", "--format", "html", "-j", "1", *folder_args(workspace)]
    result = run_cli("build", *args)
    assert result.code == 1
    target = workspace / "output" / "origins" / "middle" / "vocabulary.html"
    assert f"  {target}: layouts/vocabulary.html:3: simulated failure\n" in result.err
    assert result.err.endswith("1 lesson(s) failed: origins\n")
    assert not target.exists()
    assert (workspace / "output" / "origins" / "middle" / "vocabulary-key.html").exists()
    assert "Traceback" not in result.err


@pytest.mark.slow  # a real build in a process of its own, killed, then run to the end
def test_a_killed_build_leaves_whole_pdfs_and_the_next_run_completes(workspace):
    command = [sys.executable, "-m", "generator", "build", "second-war", "--level", "middle", "-j", "2"]
    command += folder_args(workspace)
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    output = workspace / "output"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(output.rglob("*.pdf"))) < 3:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    killed_with = len(list(output.rglob("*.pdf")))
    assert 3 <= killed_with < 11  # killed half-way, not after the build
    for pdf in output.rglob("*.pdf"):
        assert len(PdfReader(pdf).pages) >= 1  # every file there is a whole PDF
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert len(list(output.rglob("*.pdf"))) == 11  # 9 documents + 2 packs
    assert not list(output.rglob("*.tmp"))


def test_workers_leave_no_temporary_folders(built):
    """The shared build ran two workers with a temporary folder of its own."""
    assert built.jobs == 2
    assert built.temp_left == []


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_job_count_must_be_positive(workspace, run_cli, jobs):
    result = run_cli("build", "-j", jobs, *folder_args(workspace))
    assert result.code == 1
    assert result.err == f"error: expected at least 1 job (-j), found {jobs}\n"
