"""The layout check: each rule on small PDFs made for it, then every document kind at
every level built on Letter and on A4, read back page by page."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.config import PAPERS, ComposeOptions, Folders, Selection
from generator.documents.base import Printable
from generator.documents.unit import compose_unit, load_unit
from generator.layoutcheck.report import check_document
from generator.passages.gather import gather
from generator.render.renderer import Renderer
from generator.spec.levels import Levels

from .conftest import ROOT
from .rendering import composed, renderer

# The smallest type of each level, as levels.yaml sets it (10 pt at elementary, 9 pt elsewhere).
MIN_SIZES = {lv.id: lv.typography.min_size_pt for lv in Levels(ROOT / "lessons" / "levels.yaml").ordered()}
PAGE = "@page { size: letter; margin: 18mm 18mm 22mm 18mm; }"
TEXT = "A line of ordinary text on the page, set at twelve points. " * 2


def make_pdf(folder: Path, name: str, body: str, css: str = "") -> Path:
    """A PDF from HTML, with the margins of the real documents, under a level folder."""
    from weasyprint import HTML

    path = folder / "elementary" / f"{name}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    style = f"<style>{PAGE} body {{ font: 12pt 'DejaVu Sans'; margin: 0 }} {css}</style>"
    HTML(string=f"<html><head>{style}</head><body>{body}</body></html>").write_pdf(path)
    return path


def rules(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in check_document(path, MIN_SIZES).findings:
        found.setdefault(finding.rule, []).append(f"page {finding.page}: {finding.message}")
    return found


def full_page(lines: int = 34) -> str:
    return "".join(f"<p style='margin:0 0 6pt'>{TEXT}</p>" for _ in range(lines // 2))


def test_a_clean_page_passes(tmp_path):
    assert rules(make_pdf(tmp_path, "clean", f"<h2>A heading</h2><p>{TEXT}</p><p>{TEXT}</p>")) == {}


def test_text_and_drawings_outside_the_margins(tmp_path):
    wide = make_pdf(tmp_path, "wide", f"<p>{TEXT}</p><p style='white-space: nowrap'>{TEXT}</p>")
    assert "outside-margins" in rules(wide)
    drawing = make_pdf(
        tmp_path,
        "drawing",
        f"<p>{TEXT}</p><svg width='190mm' height='20mm'><rect x='1' y='1' width='700' height='40'"
        " fill='none' stroke='black'/></svg>",
    )
    (message,) = rules(drawing)["outside-margins"]
    assert "mm over the right margin" in message


def test_text_under_the_levels_minimum(tmp_path):
    tiny = make_pdf(tmp_path, "tiny", f"<p>{TEXT}</p><p style='font-size: 7pt'>Small print here</p>")
    (message,) = rules(tiny)["small-text"]
    assert message == "page 1: text under 10 pt (7 pt): \u201cSmall print here\u201d"
    label = make_pdf(
        tmp_path,
        "label",
        f"<p>{TEXT}</p><svg width='80mm' height='20mm' viewBox='0 0 80 20'>"
        "<text x='2' y='10' font-size='2.6' font-family='DejaVu Sans'>1988</text></svg>",
    )
    (message,) = rules(label)["small-text"]
    assert "(7.4 pt)" in message and "1988" in message  # drawing labels count too
    assert rules(make_pdf(tmp_path, "ten", f"<p style='font-size: 10pt'>{TEXT}</p>")) == {}


def test_text_over_text_and_lines_through_letters(tmp_path):
    overlap = make_pdf(
        tmp_path,
        "overlap",
        f"<p>{TEXT}</p><div style='position: relative; height: 30pt'>"
        "<span style='position: absolute; left: 0; top: 0'>First label</span>"
        "<span style='position: absolute; left: 20pt; top: 3pt'>Second label</span></div>",
    )
    (message,) = rules(overlap)["overlap"]
    assert "text printed over text" in message
    struck = make_pdf(
        tmp_path,
        "struck",
        "<svg width='100mm' height='20mm' viewBox='0 0 100 20'>"
        "<text x='2' y='10' font-size='5' font-family='DejaVu Sans'>1988 to 1994</text>"
        "<line x1='10' y1='0' x2='10' y2='20' stroke='black' stroke-width='0.3'/></svg>",
    )
    (message,) = rules(struck)["struck-text"]
    assert "1988 to 1994" in message
    beside = make_pdf(
        tmp_path,
        "beside",
        "<svg width='100mm' height='20mm' viewBox='0 0 100 20'>"
        "<text x='2' y='10' font-size='5' font-family='DejaVu Sans'>1988 to 1994</text>"
        "<line x1='60' y1='0' x2='60' y2='20' stroke='black' stroke-width='0.3'/></svg>",
    )
    assert rules(beside) == {}


def test_a_nearly_empty_last_page(tmp_path):
    tail = make_pdf(tmp_path, "tail", full_page(40) + f"<p>{TEXT}</p>")
    (message,) = rules(tail)["last-page"]
    assert message.startswith("page 2: last page") and message.endswith("full (under 25%)")
    fuller = make_pdf(tmp_path, "fuller", full_page(40) + full_page(14))
    assert "last-page" not in rules(fuller)
    one = make_pdf(tmp_path, "one", f"<p>{TEXT}</p>")  # a one-page document is exempt
    assert rules(one) == {}


def test_a_heading_ending_a_page(tmp_path):
    body = "<div style='height: 650pt'></div><h2>B. The next part</h2>" + f"<p>{TEXT}</p>"
    css = "h2 { font-size: 14pt; line-height: 1.2; margin: 0; break-after: auto } p { break-inside: avoid }"
    (message,) = rules(make_pdf(tmp_path, "alone", body, css))["heading-at-bottom"]
    assert message == "page 1: heading \u201cB. The next part\u201d ends the page"
    kept = make_pdf(tmp_path, "kept", body, css + " h2 { break-after: avoid }")
    assert "heading-at-bottom" not in rules(kept)


def item(number: int, lines: int) -> str:
    lines_html = "".join(
        "<div style='border-bottom: 1pt solid black; height: 24pt'></div>" for _ in range(lines)
    )
    return f"<li value='{number}'><p style='margin:0'>Why did the war begin?</p>{lines_html}</li>"


def test_a_numbered_item_apart_from_its_lines(tmp_path):
    css = "ol { padding-left: 30pt; margin: 0 }"
    split = make_pdf(tmp_path, "split", full_page(32) + f"<ol>{item(1, 3)}{item(2, 3)}</ol>", css)
    (message,) = rules(split)["item-split"]
    assert message.startswith("page 1: item ") and message.endswith(
        "Why did the war begin?\u201d) runs onto page 2"
    )
    kept = make_pdf(
        tmp_path,
        "kept",
        full_page(32) + f"<ol>{item(1, 3)}{item(2, 3)}</ol>",
        css + "li {break-inside: avoid}",
    )
    assert "item-split" not in rules(kept)
    long = make_pdf(tmp_path, "long", full_page(20) + f"<ol>{item(1, 30)}</ol>", css)
    assert "item-split" not in rules(long)  # a long answer may break between its lines


def test_check_layout_command(tmp_path, run_cli):
    make_pdf(tmp_path, "clean", f"<p>{TEXT}</p>")
    result = run_cli("check-layout", tmp_path, "--lessons-dir", ROOT / "lessons")
    assert result.code == 0, result.out
    assert "layout ok: 1 PDFs, 1 pages checked" in result.out
    assert "letter  elementary          1         1         0         0" in result.out
    make_pdf(tmp_path, "tail", full_page(40) + f"<p>{TEXT}</p>")
    result = run_cli("check-layout", tmp_path, "--lessons-dir", ROOT / "lessons")
    assert result.code == 1
    assert f"{tmp_path / 'elementary' / 'tail.pdf'}\n  page 2: last-page: last page" in result.out
    assert "letter  elementary          2         1         1         1" in result.out
    assert "1 finding(s) in 1 of 2 PDFs" in result.err
    missing = run_cli("check-layout", tmp_path / "nothing")
    assert missing.code == 1
    assert missing.err == f"error: no file or folder {tmp_path / 'nothing'}; build first (make pdfs)\n"


WORD = "Nagorno" * 28 + "abcd"  # 200 letters, no hyphen or space to break at


def with_long_word(document: Printable) -> Printable:
    """The document with WORD in its title, its first question, timeline event, word card
    and matching option (whichever of these it has)."""
    masthead = dataclasses.replace(document.masthead, title=f"The {WORD} war")
    changed = dataclasses.replace(document, masthead=masthead)
    if hasattr(document, "items"):
        first = dataclasses.replace(document.items[0], prompt=f"Why {WORD}?")
        changed = dataclasses.replace(changed, items=(first, *document.items[1:]))
    if hasattr(document, "entries"):
        entry = dataclasses.replace(document.entries[0], text=f"The {WORD} began")
        changed = dataclasses.replace(changed, entries=(entry, *document.entries[1:]))
    if hasattr(document, "cards"):
        card = dataclasses.replace(document.cards[0], definition=f"a {WORD}")
        option = dataclasses.replace(document.options[0], definition=f"a {WORD}")
        changed = dataclasses.replace(changed, cards=(card, *document.cards[1:]))
        changed = dataclasses.replace(changed, options=(option, *document.options[1:]))
    return changed


def assert_long_word_breaks(kinds: list[str] | None, folder: Path) -> None:
    """The documents of these kinds (None: every kind) of first-war at elementary, with
    WORD in them, on A4 (the narrower paper), have no text outside the margins."""
    documents = composed("first-war", "elementary", "a4")
    (folder / "elementary").mkdir()
    for kind in kinds or list(documents):
        document = with_long_word(documents[kind])
        path = folder / "elementary" / f"{kind}.pdf"
        path.write_bytes(renderer().pdf(document, PAPERS["a4"])[0])
        assert "outside-margins" not in rules(path), kind


def test_a_very_long_word_breaks_inside_the_margins(tmp_path):
    """A 200-letter word in a title and a question breaks on A4."""
    assert_long_word_breaks(["questions"], tmp_path)


@pytest.mark.slow  # renders every document kind (the vocabulary sheets take seconds)
def test_a_very_long_word_breaks_inside_the_margins_of_every_kind(tmp_path):
    """...and in a timeline event, a word card and a matching option: every document kind."""
    assert_long_word_breaks(None, tmp_path)


# Every document kind at every level, on each paper: first-war on Letter (a horizontal
# timeline) and after-2020 on A4 (a vertical timeline), each read back page by page.


@pytest.fixture(scope="module")
def built_a4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.cli import main

    out = tmp_path_factory.mktemp("layout-a4")
    args = [
        "--lessons-dir",
        str(ROOT / "lessons"),
        "--articles-dir",
        str(ROOT / "articles"),
        "--out",
        str(out),
    ]
    assert main(["build", "after-2020", "--paper", "a4", "-j", "2", *args]) == 0
    return out


def assert_layout_ok(root: Path, paper: str) -> None:
    results = [check_document(path, MIN_SIZES) for path in sorted(root.rglob("*.pdf"))]
    kinds = {(r.path.parent.name, r.path.stem) for r in results}
    assert len(kinds) == 4 * 11, sorted(kinds)  # 11 kinds at each of the 4 levels
    assert {r.paper for r in results} == {paper}
    problems = [
        f"{r.path.relative_to(root)}: page {f.page}: {f.rule}: {f.message}"
        for r in results
        for f in r.findings
    ]
    assert problems == []


@pytest.mark.slow
def test_every_document_on_letter_passes_the_layout_check(shared_build):
    every_level = shared_build("first-war-every-level", "first-war")
    assert_layout_ok(every_level.output, "letter")


@pytest.mark.slow
def test_every_document_on_a4_passes_the_layout_check(built_a4):
    assert_layout_ok(built_a4, "a4")


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_unit_overview_passes_the_layout_check(tmp_path, paper):
    folders = Folders(ROOT / "lessons", ROOT / "articles", tmp_path)
    spec = load_unit(ROOT / "lessons" / "unit.yaml")
    gathered = gather(folders, Selection(tuple(spec.lessons), level_id="high"))
    overview = compose_unit(spec, gathered.passages, ComposeOptions(page=PAPERS[paper]))
    renderer = Renderer()
    path = tmp_path / "unit-overview.pdf"
    path.write_bytes(renderer.pdf(overview, PAPERS[paper])[0])
    renderer.close()
    result = check_document(path, MIN_SIZES)
    assert result.findings == ()
    assert overview.drawing.width <= PAPERS[paper].content_width_mm
