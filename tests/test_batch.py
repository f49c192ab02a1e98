"""The batch build: skipping, incremental rebuilds, parallel workers, packs, HTML, failures."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from generator.errors import RenderError
from generator.render.renderer import Renderer

from .conftest import ROOT, folder_args
from .test_build import KINDS


def pdfs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.pdf"))}


def summary(out: str) -> list[int]:
    """built, skipped, failed, pages from the summary table."""
    lines = out.strip().splitlines()
    assert lines[-2].split() == ["built", "skipped", "failed", "pages", "time"]
    return [int(v) for v in lines[-1].split()[:4]]


def test_second_build_renders_nothing_and_edits_rebuild_only_what_changed(workspace, run_cli):
    args = ["first-war", "origins", "--level", "middle", "-j", "1", *folder_args(workspace)]
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
    rebuilt = {
        line.split()[1].split("output/")[1] for line in edited.out.splitlines() if line.startswith("built ")
    }
    assert rebuilt == {
        "origins/middle/handout-teacher.pdf",
        "origins/middle/teacher-guide.pdf",
        "origins/middle/teacher-pack.pdf",
        "origins/middle/student-pack.pdf",
    }
    assert summary(edited.out)[:3] == [4, 18, 0]


def test_parallel_and_repeated_builds_are_byte_identical(tmp_path, run_cli):
    roots = []
    for name, jobs in (("one", "1"), ("two", "2"), ("again", "2")):
        root = tmp_path / name
        (root / "output").mkdir(parents=True)
        args = [
            "--lessons-dir",
            ROOT / "lessons",
            "--articles-dir",
            ROOT / "articles",
            "--out",
            root / "output",
        ]
        assert run_cli("build", "second-war", "--level", "elementary", "-j", jobs, *args).code == 0
        roots.append(root / "output")
    first = pdfs(roots[0])
    assert len(first) == 11
    assert pdfs(roots[1]) == first and pdfs(roots[2]) == first


def test_packs_have_a_cover_and_a_bookmark_per_document(workspace, run_cli):
    assert run_cli("build", "first-war", "--level", "high", *folder_args(workspace)).code == 0
    folder = workspace / "output" / "first-war" / "high"
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
    real_pdf = Renderer.pdf

    def failing(self, document, paper="letter"):
        if document.kind == "vocabulary":
            raise RenderError("layouts/vocabulary.html:3: simulated failure")
        return real_pdf(self, document, paper)

    monkeypatch.setattr(Renderer, "pdf", failing)
    result = run_cli("build", "origins", "--level", "middle", "-j", "1", *folder_args(workspace))
    assert result.code == 1
    target = workspace / "output" / "origins" / "middle" / "vocabulary.pdf"
    assert f"  {target}: layouts/vocabulary.html:3: simulated failure\n" in result.err
    assert result.err.endswith("1 lesson(s) failed: origins\n")
    assert not target.exists()
    assert (workspace / "output" / "origins" / "middle" / "vocabulary-key.pdf").exists()
    assert "Traceback" not in result.err


def test_a_killed_build_leaves_whole_pdfs_and_the_next_run_completes(workspace):
    command = [sys.executable, "-m", "generator", "build", "second-war", "-j", "2", *folder_args(workspace)]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    output = workspace / "output"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(output.rglob("*.pdf"))) < 3:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for pdf in output.rglob("*.pdf"):
        assert len(PdfReader(pdf).pages) >= 1  # every file there is a whole PDF
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert len(list(output.rglob("*.pdf"))) == 4 * 11  # 4 levels x (9 documents + 2 packs)
    assert not list(output.rglob("*.tmp"))


def test_workers_leave_no_temporary_folders(workspace, run_cli):
    before = set(Path(tempfile.gettempdir()).glob("weasyprint-*"))
    assert run_cli("build", "origins", "--level", "high", "-j", "2", *folder_args(workspace)).code == 0
    assert set(Path(tempfile.gettempdir()).glob("weasyprint-*")) <= before


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_job_count_must_be_positive(workspace, run_cli, jobs):
    result = run_cli("build", "-j", jobs, *folder_args(workspace))
    assert result.code == 1
    assert result.err == f"error: expected at least 1 job (-j), found {jobs}\n"
