"""End to end: lessons built into real PDFs, read back with pypdf and poppler."""

import json
import subprocess
from pathlib import Path

from pypdf import PdfReader

from .conftest import folder_args

LETTER = (612, 792)
KINDS = (
    "handout",
    "handout-teacher",
    "vocabulary",
    "vocabulary-key",
    "timeline",
    "timeline-key",
    "questions",
    "questions-key",
    "teacher-guide",
    "student-pack",
    "teacher-pack",
)
A4 = (595, 842)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def page_size(path: Path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def embedded_fonts(path: Path) -> list[tuple[str, str]]:
    """(font name, emb) for each font, from poppler's pdffonts."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows]


def test_source_handout_end_to_end(workspace, run_cli):
    result = run_cli("build", "first-war", "--level", "source", *folder_args(workspace))
    assert result.code == 0, result.err
    handout = workspace / "output" / "first-war" / "source" / "handout.pdf"
    assert f"built   {handout}  (1 page)" in result.out

    text = " ".join(pdf_text(handout).split())
    assert "The First Nagorno-Karabakh War (1988–1994)" in text
    assert "Name" in text and "Date" in text and "Class" in text
    assert "also known as the Artsakh Liberation War" in text
    assert "A Russian-brokered ceasefire was signed in May 1994" in text
    assert "Page 1 of 1" in text
    assert "License: CC BY-SA 4.0" in text
    assert "Graves of Azerbaijani soldiers" not in text  # captions are not reading text
    assert page_size(handout) == LETTER
    fonts = embedded_fonts(handout)
    assert fonts and all(emb == "yes" for _, emb in fonts)
    assert any("DejaVu-Serif" in name for name, _ in fonts)


def test_manifest_lists_documents_and_passage_text(workspace, run_cli):
    run_cli("build", "first-war", "--level", "source", *folder_args(workspace))
    run_cli("build", "origins", "--level", "source", *folder_args(workspace))
    manifest = json.loads((workspace / "output" / "manifest.json").read_text())
    docs = {(d["lesson"], d["level"], d["kind"]): d for d in manifest["documents"]}
    assert set(docs) == {(lesson, "source", kind) for lesson in ("first-war", "origins") for kind in KINDS}
    entry = docs[("first-war", "source", "handout")]
    assert entry["path"] == "first-war/source/handout.pdf" and entry["pages"] == 1
    assert len(entry["sha256"]) == 64
    passage = manifest["passages"]["first-war"]["source"]
    assert passage["text"].startswith("First Nagorno-Karabakh War (1988–1994)\n\nThe First Nagorno")
    assert passage["readability"]["fk_grade"] > 14


def test_a4_paper(workspace, run_cli):
    assert (
        run_cli("build", "origins", "--level", "source", "--paper", "a4", *folder_args(workspace)).code == 0
    )
    assert page_size(workspace / "output" / "origins" / "source" / "handout.pdf") == A4


def test_bad_lesson_fails_alone(workspace, run_cli):
    bad = workspace / "lessons" / "first-war.yaml"
    bad.write_text(
        bad.read_text().replace("first-nagorno-karabakh-war-1988-1994", "first-nagorno-karabakh-war")
    )
    result = run_cli("build", "first-war", "origins", "--level", "source", *folder_args(workspace))
    assert result.code == 1
    assert result.err == (
        "failed  first-war: nothing written\n"
        f"  {bad}:5: sections[1]: no section 'first-nagorno-karabakh-war' in "
        f"{workspace / 'articles' / 'nagorno-karabakh-conflict.txt'}; did you mean "
        f"'first-nagorno-karabakh-war-1988-1994' or 'second-nagorno-karabakh-war-2020'?\n"
        "1 lesson(s) failed: first-war\n"
    )
    assert "Traceback" not in result.out + result.err
    assert not (workspace / "output" / "first-war").exists()
    assert (workspace / "output" / "origins" / "source" / "handout.pdf").exists()
    assert not list((workspace / "output").rglob("*.tmp"))


def test_unknown_lesson_and_level_are_refused(workspace, run_cli):
    result = run_cli("build", "first-wars", *folder_args(workspace))
    assert result.code == 1
    assert result.err.startswith("error: no lesson 'first-wars' in ")
    result = run_cli("build", "--level", "college", *folder_args(workspace))
    assert result.code == 1
    assert result.err == (
        f"error: no level 'college' in {workspace / 'lessons' / 'levels.yaml'}; "
        "expected one of elementary, middle, high, source\n"
    )
