"""End to end: lessons built into real PDFs, read back with pypdf and poppler.

Most tests read the shared session build (`built`, first-war at one level);
the few that need other options or edited lessons build into their own folder.
"""

import hashlib
import json
import logging
import multiprocessing
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from generator.config import PAPERS

from .conftest import BUILT_LEVEL, folder_args
from .helpers import (
    A4,
    KINDS,
    LETTER,
    embedded_fonts,
    flat_text,
    page_size,
    pdf_text,
    renderer_warnings,
)
from .rendering import lesson_at, rendered

# Re-exported: other test modules import these names from here.
__all__ = ["KINDS", "embedded_fonts", "pdf_text"]


def test_a_built_document_is_printed_with_its_page_count(built):
    for kind in KINDS:
        pdf = built.level(BUILT_LEVEL) / f"{kind}.pdf"
        pages = len(PdfReader(pdf).pages)
        assert f"built   {pdf}  ({pages} page{'s' if pages > 1 else ''})" in built.out


def test_source_handout_end_to_end():
    handout = rendered("first-war", "source", "handout")
    text = flat_text(handout)
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


def test_manifest_lists_documents_and_passage_text(built):
    manifest = json.loads((built.output / "manifest.json").read_text())
    docs = {(d["lesson"], d["level"], d["kind"]): d for d in manifest["documents"]}
    assert set(docs) == {("first-war", BUILT_LEVEL, kind) for kind in KINDS}
    entry = docs[("first-war", BUILT_LEVEL, "handout")]
    handout = built.level(BUILT_LEVEL) / "handout.pdf"
    assert entry["path"] == f"first-war/{BUILT_LEVEL}/handout.pdf"
    assert entry["pages"] == len(PdfReader(handout).pages)
    assert entry["sha256"] == hashlib.sha256(handout.read_bytes()).hexdigest()
    _lesson, passage = lesson_at("first-war", BUILT_LEVEL)
    recorded = manifest["passages"]["first-war"][BUILT_LEVEL]
    assert recorded == passage.manifest_entry()
    assert recorded["text"].startswith("The First War (1988–1994)\n\nThe First Nagorno-Karabakh War went on")
    assert 4 < recorded["readability"]["fk_grade"] < 7


def test_the_source_level_passage_is_the_article_text():
    _lesson, passage = lesson_at("first-war", "source")
    entry = passage.manifest_entry()
    assert entry["text"].startswith("First Nagorno-Karabakh War (1988–1994)\n\nThe First Nagorno")
    assert "also known as the Artsakh Liberation War in Armenia and Nagorno-Karabakh" in entry["text"]
    assert entry["readability"]["fk_grade"] > 14


def ink_columns_mm(pdf: Path, page: int, scratch: Path, dpi: int = 100) -> tuple[float, float]:
    """Leftmost and rightmost x (mm from the left edge) of anything printed on a page,
    from poppler's rendering: text and drawings alike (written as PGM, quicker than PNG)."""
    out = scratch / f"{pdf.stem}-{page}"
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile"]
        + [str(pdf), str(out)],
        check=True,
    )
    image = Image.open(out.with_suffix(".pgm")).point(lambda v: 255 if v < 250 else 0)
    box = image.getbbox()
    assert box, f"{pdf} page {page} is blank"
    per_mm = dpi / 25.4
    return box[0] / per_mm, box[2] / per_mm


def assert_inside_the_side_margins(pdf: Path, scratch: Path) -> None:
    """Nothing on any page of an A4 PDF runs into the side margins (18 mm)."""
    page = PAPERS["a4"]
    slack = 0.5  # mm: anti-aliasing and glyph side bearings at the margin
    # Numbers of ten and more ("10.") of a numbered list hang about 1 mm left of the text.
    list_numbers = 1.5
    assert page_size(pdf) == A4, pdf.name
    drawing = pdf.stem.startswith("timeline")
    for number in range(1, len(PdfReader(pdf).pages) + 1):
        left, right = ink_columns_mm(pdf, number, scratch)
        assert right <= page.width_mm - page.margin_right_mm + slack, (pdf.name, number, right)
        allowed = slack if drawing else list_numbers
        assert left >= page.margin_left_mm - allowed, (pdf.name, number, left)


def test_a4_paper_keeps_the_timeline_drawing_inside_the_margins(tmp_path):
    """The paper reaches composition: first-war's timeline, drawn across the page, is drawn
    for A4's narrower page, so nothing runs into the side margins (drawn for Letter, it
    runs 6 mm into the right one). The key: it prints every label."""
    assert_inside_the_side_margins(rendered("first-war", "source", "timeline-key", "a4"), tmp_path)


@pytest.mark.slow  # a whole level built and every page rasterized
def test_a4_paper_keeps_everything_inside_the_margins(workspace, run_cli, tmp_path):
    """Every document of a lesson built on A4 from the command line: after-2020's timeline
    (drawn down the page) and word search too."""
    result = run_cli("build", "after-2020", "--level", "source", "--paper", "a4", *folder_args(workspace))
    assert result.code == 0, result.err
    folder = workspace / "output" / "after-2020" / "source"
    for pdf in sorted(folder.glob("*.pdf")):
        if pdf.stem.endswith("-pack"):
            assert page_size(pdf) == A4, pdf.name
            continue  # a pack's pages are its documents' own, checked on their own
        assert_inside_the_side_margins(pdf, tmp_path)


def test_bad_lesson_fails_alone(workspace, run_cli):
    bad = workspace / "lessons" / "first-war.yaml"
    bad.write_text(
        bad.read_text().replace("first-nagorno-karabakh-war-1988-1994", "first-nagorno-karabakh-war")
    )
    result = run_cli(
        "build", "first-war", "origins", "--level", "source", "--format", "html", *folder_args(workspace)
    )
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
    assert (workspace / "output" / "origins" / "source" / "handout.html").exists()
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
    assert not list((workspace / "output").rglob("*.pdf"))


def _warn_in_worker(message: str) -> None:
    logging.getLogger("weasyprint.css").warning(message)


def test_the_warnings_guard_hears_render_workers():
    """Builds render in forked workers; a WeasyPrint warning logged there must fail the test."""
    logger = logging.getLogger("weasyprint")
    outer, logger.handlers = logger.handlers, []  # this test's own guard would fail it
    try:
        with renderer_warnings() as warnings:
            with multiprocessing.get_context("fork").Pool(1) as pool:
                pool.apply(_warn_in_worker, ("Ignored `hyphens: auto` at 3:1",))
    finally:
        logger.handlers = outer
    assert warnings == ["weasyprint.css: Ignored `hyphens: auto` at 3:1"]
