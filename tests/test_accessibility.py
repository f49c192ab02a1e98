"""Accessible prints: tagged PDFs (structure, title, language, alt text, artifacts), packs that
keep each part's structure, the large-print and dyslexia-friendly options, and grayscale contrast.

The standard prints are the shared build's (`built`: first-war, which has a word search, at
every level); the quick tests read its elementary level. The large-print + dyslexic print is
checked quickly on one document rendered with those options (tests/rendering.py), and on a
whole build of the level by the slow tests."""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from generator.a11y.check import check_pdf
from generator.cli import main
from generator.config import PrintOptions
from generator.documents.packs import compose_cover, pack_members
from generator.render.merge import merge_pack

from .conftest import ROOT, Built, SharedBuild
from .rendering import composed, lesson_at, rendered, renderer

LESSON, LEVEL = "first-war", "elementary"
KINDS = (
    "handout", "handout-teacher", "vocabulary", "vocabulary-key", "timeline", "timeline-key",
    "questions", "questions-key", "teacher-guide", "student-pack", "teacher-pack",
)  # fmt: skip
ADAPTED = PrintOptions(large_print=True, font="dyslexic")
# The quick tests' adapted document: questions set many of the small sizes large-print.css
# raises (how-to lines, paragraph references, true/false, generated items) and render fast.
QUICK_ADAPTED = "questions"


def standard(built: Built, kind: str) -> Path:
    return built.level(LEVEL) / f"{kind}.pdf"


@pytest.fixture(scope="module")
def adapted_questions() -> Path:
    return rendered(LESSON, LEVEL, QUICK_ADAPTED, "letter", ADAPTED)


@pytest.fixture(scope="module")
def adapted_build(shared_build: SharedBuild) -> Path:
    """The whole level built with both print options (slow tests only)."""
    options = ("--large-print", "--font", "dyslexic")
    built = shared_build("first-war-elementary-large-dyslexic", LESSON, "--level", LEVEL, *options)
    return built.level(LEVEL) / "large-print-dyslexic"


def assert_passes_structural_check(path: Path) -> None:
    result = check_pdf(path)
    assert result.ok, (path, result.problems)
    assert result.elements > 20 and result.marked_operators > 20
    assert result.artifacts > 0  # the running header and footer on every page


@pytest.mark.parametrize("kind", KINDS)
def test_every_document_kind_passes_the_structural_check(built: Built, kind: str) -> None:
    assert_passes_structural_check(standard(built, kind))


def test_the_large_print_dyslexic_print_passes_the_structural_check(adapted_questions: Path) -> None:
    assert_passes_structural_check(adapted_questions)


@pytest.mark.slow  # builds the whole level with both print options
@pytest.mark.parametrize("kind", KINDS)
def test_every_large_print_dyslexic_kind_passes_the_structural_check(adapted_build: Path, kind: str) -> None:
    assert_passes_structural_check(adapted_build / f"{kind}.pdf")


def test_title_language_and_pdf_ua_identification(built: Built) -> None:
    with pikepdf.open(standard(built, "questions-key")) as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert str(pdf.docinfo.Title).endswith(" - questions (answer key)")
        with pdf.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1"


def _figures(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        found: list[str] = []

        def walk(kids: object) -> None:
            if isinstance(kids, pikepdf.Array):
                for kid in kids:
                    walk(kid)
            elif isinstance(kids, pikepdf.Dictionary) and "/S" in kids:
                if kids.S == pikepdf.Name.Figure:
                    found.append(str(kids.get("/Alt", "")))
                walk(kids.get("/K"))

        walk(pdf.Root.StructTreeRoot.K)
        return found


def test_the_timeline_drawing_says_every_event_with_its_date(built: Built) -> None:
    (alt,) = _figures(standard(built, "timeline-key"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(standard(built, "timeline-key")), "-"], capture_output=True, text=True
    ).stdout
    assert alt.startswith("Timeline of ") and "drawn to scale" in alt
    count = int(alt.split()[2])
    assert count >= 4 and alt.count(";") == count - 1
    assert "date to find" not in alt
    # The student copy's drawing hides the dates students look for; so does its text alternative.
    (student_alt,) = _figures(standard(built, "timeline"))
    assert "date to find" in student_alt
    assert "1994" in alt and "1994" in text


def test_the_word_search_says_how_many_words_and_which(built: Built) -> None:
    (alt,) = _figures(standard(built, "vocabulary"))
    assert alt.startswith("Word search of ")
    count = int(alt.split()[3])
    words = alt.split(": ", 1)[1].rstrip(".").split(", ")
    assert len(words) == count >= 4


def test_packs_keep_each_part_as_a_tagged_part_and_their_bookmarks(built: Built) -> None:
    with pikepdf.open(standard(built, "student-pack")) as pdf:
        (document,) = list(pdf.Root.StructTreeRoot.K)
        parts = list(document.K)
        assert document.S == pikepdf.Name.Document and all(p.S == pikepdf.Name.Part for p in parts)
        with pdf.open_outline() as outline:
            assert len(parts) == len(outline.root) >= 4
        keys = [int(p.obj.StructParents) for p in pdf.pages]
        assert len(set(keys)) == len(keys)  # renumbered: no two pages share a parent-tree entry


def test_rendering_again_gives_the_same_bytes(built: Built) -> None:
    """A pack made again, its cover rendered in another process by a renderer with another
    history and merged with the built documents, is the build's pack, byte for byte (the
    documents' composed HTML is held still by the golden files)."""
    lesson, passage = lesson_at(LESSON, LEVEL)
    kinds = set(composed(LESSON, LEVEL))
    cover, _pages = renderer().pdf(compose_cover("student-pack", lesson, passage, kinds))
    members = [(standard(built, kind), label) for kind, label in pack_members("student-pack", kinds)]
    merged, _pages = merge_pack(cover, members)
    assert merged == standard(built, "student-pack").read_bytes()


def shared_folders(tmp_path: Path) -> list[str]:
    """The shared build's folder options: the bundled lessons, an output folder of the test's."""
    lessons, articles, out = ROOT / "lessons", ROOT / "articles", tmp_path / "output"
    return ["--lessons-dir", str(lessons), "--articles-dir", str(articles), "--out", str(out)]


@pytest.mark.slow  # a whole build of the level of its own
def test_building_again_gives_the_same_bytes(built: Built, tmp_path: Path) -> None:
    """Every PDF of a level built again, with one worker instead of the shared build's two
    and only this level, from the same folders (the teacher copy prints the passage's path)."""
    code = main(["build", LESSON, "--level", LEVEL, "-j", "1", *shared_folders(tmp_path)])
    assert code == 0
    folder = tmp_path / "output" / LESSON / LEVEL
    again = sorted(p.name for p in folder.glob("*.pdf"))
    assert again == sorted(f"{kind}.pdf" for kind in KINDS)
    for name in again:
        assert (folder / name).read_bytes() == (built.level(LEVEL) / name).read_bytes(), name


def _text_sizes(path: Path) -> Iterator[tuple[float, str]]:
    """(size in pt, font) of every text run inside tagged content (artifacts left out). The
    size is the Tf size times the vertical scale of the matrices WeasyPrint sets (cm, Tm)."""
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            ctm, tm, size, font = 1.0, 1.0, 0.0, ""
            stack: list[float] = []
            marks: list[str] = []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name == "q":
                    stack.append(ctm)
                elif name == "Q":
                    ctm = stack.pop()
                elif name == "cm":
                    ctm *= abs(float(operands[3]))
                elif name in ("BDC", "BMC"):
                    marks.append(str(operands[0]))
                elif name == "EMC":
                    marks.pop()
                elif name == "Tf":
                    font, size = str(operands[0]), float(operands[1])
                elif name == "Tm":
                    tm = abs(float(operands[3]))
                elif name in ("TJ", "Tj") and "/Artifact" not in marks:
                    yield round(size * ctm * tm, 1), font


def assert_large_print(kind: str, adapted: Path, standard: Path) -> None:
    sizes = Counter(size for size, _ in _text_sizes(adapted))
    body = sizes.most_common(1)[0][0]
    assert body >= 18, (kind, sizes)
    if kind != "timeline":  # the drawing's labels do not scale yet (config.LARGE_PRINT_SCALE)
        assert min(sizes) >= 17.9, (kind, sorted(sizes))
    standard_body = Counter(s for s, _ in _text_sizes(standard)).most_common(1)[0][0]
    assert standard_body < 18


def test_large_print_sets_body_type_at_18_pt_or_more(built: Built, adapted_questions: Path) -> None:
    assert_large_print(QUICK_ADAPTED, adapted_questions, standard(built, QUICK_ADAPTED))


@pytest.mark.slow  # builds the whole level with both print options
@pytest.mark.parametrize("kind", ["handout", "questions", "vocabulary", "timeline"])
def test_large_print_sets_body_type_at_18_pt_or_more_in_each_kind(
    built: Built, adapted_build: Path, kind: str
) -> None:
    assert_large_print(kind, adapted_build / f"{kind}.pdf", standard(built, kind))


def fonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def assert_dyslexic_font(adapted: Path, standard: Path) -> None:
    assert "OpenDyslexic" in fonts(adapted)
    assert "Italic" not in fonts(adapted) and "Oblique" not in fonts(adapted)
    assert "OpenDyslexic" not in fonts(standard)


def test_dyslexic_font_is_embedded_and_no_italic(built: Built, adapted_questions: Path) -> None:
    assert_dyslexic_font(adapted_questions, standard(built, QUICK_ADAPTED))


@pytest.mark.slow  # builds the whole level with both print options
@pytest.mark.parametrize("kind", KINDS)
def test_dyslexic_font_is_embedded_and_no_italic_in_each_kind(
    built: Built, adapted_build: Path, kind: str
) -> None:
    assert_dyslexic_font(adapted_build / f"{kind}.pdf", standard(built, kind))


def _luminance(gray: int) -> float:
    c = gray / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def contrast(a: int, b: int) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Decorative fills a student neither reads nor marks: era bars (#e6e6e6 in the timeline
# drawing, #ddd elsewhere, always outlined in black) and the key's highlight behind found
# words (#bbb, under black letters).
DECORATIVE = {0xE6, 0xDD, 0xBB}
# Rendered without anti-aliasing, a solid colour keeps its value at any resolution, and a
# hairline is still a pixel wide (so it weighs more against the text at a low resolution,
# not less): 50 dpi finds the ink colours 100 dpi finds, at a third of the time. Written
# as PGM: PNG compression would take as long as the rendering.
DPI = 50


def assert_grayscale_contrast(path: Path, scratch: Path, last_page: int | None = None) -> None:
    """Every ink colour used for text and lines (a peak in the page's gray histogram: a solid
    colour; rendered without anti-aliasing so a hairline keeps its true colour) has a contrast
    of 4.5:1 or more against the paper. `last_page`: only the pages up to it."""
    from PIL import Image

    up_to = ["-l", str(last_page)] if last_page else []
    command = ["pdftoppm", "-gray", "-r", str(DPI), "-aa", "no", "-aaVector", "no", *up_to]
    subprocess.run([*command, str(path), str(scratch / "p")], check=True)
    images = sorted(scratch.glob("p-*.pgm"))
    assert images, path
    for page in images:
        with Image.open(page) as image:
            pixels = Counter(dict(enumerate(image.convert("L").histogram())))
        background = pixels.most_common(1)[0][0]
        assert background >= 250, (path, page.name, background)
        ink = {v: n for v, n in pixels.items() if v < background - 12}
        total = sum(ink.values())
        peaks = [v for v, n in ink.items() if n >= 0.03 * total]
        assert peaks, (path, page.name)
        for value in peaks:
            if any(abs(value - d) <= 2 for d in DECORATIVE):
                continue
            assert contrast(value, background) >= 4.5, (path, page.name, value, contrast(value, background))
        page.unlink()


@pytest.mark.parametrize("kind", KINDS)
def test_grayscale_contrast_of_text_and_lines(built: Built, kind: str, tmp_path: Path) -> None:
    # A pack's pages after its cover are its documents' own, checked with those documents.
    assert_grayscale_contrast(standard(built, kind), tmp_path, 1 if kind.endswith("-pack") else None)


def test_grayscale_contrast_of_the_large_print_dyslexic_print(
    adapted_questions: Path, tmp_path: Path
) -> None:
    assert_grayscale_contrast(adapted_questions, tmp_path)


@pytest.mark.slow  # builds the whole level with both print options and rasterizes every page
@pytest.mark.parametrize("kind", KINDS)
def test_grayscale_contrast_of_each_large_print_dyslexic_kind(
    adapted_build: Path, kind: str, tmp_path: Path
) -> None:
    assert_grayscale_contrast(adapted_build / f"{kind}.pdf", tmp_path)
