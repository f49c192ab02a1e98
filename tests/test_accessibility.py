"""Accessible prints: tagged PDFs (structure, title, language, alt text, artifacts), packs that
keep each part's structure, the large-print and dyslexia-friendly options, and grayscale contrast.

One standard build and one large-print + dyslexic build of `first-war` (it has a word search) at
the elementary level, made once for the module and only read."""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from generator.a11y.check import check_pdf
from generator.cli import main

LESSON, LEVEL = "first-war", "elementary"
KINDS = (
    "handout", "handout-teacher", "vocabulary", "vocabulary-key", "timeline", "timeline-key",
    "questions", "questions-key", "teacher-guide", "student-pack", "teacher-pack",
)  # fmt: skip


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("a11y")
    for extra in ([], ["--large-print", "--font", "dyslexic"]):
        code = main(["build", LESSON, "--level", LEVEL, "-j", "1", "--out", str(folder), *extra])
        assert code == 0
    return folder


def standard(out: Path, kind: str) -> Path:
    return out / LESSON / LEVEL / f"{kind}.pdf"


def adapted(out: Path, kind: str) -> Path:
    return out / LESSON / LEVEL / "large-print-dyslexic" / f"{kind}.pdf"


@pytest.mark.parametrize("kind", KINDS)
def test_every_document_kind_passes_the_structural_check(out: Path, kind: str) -> None:
    for path in (standard(out, kind), adapted(out, kind)):
        result = check_pdf(path)
        assert result.ok, (path, result.problems)
        assert result.elements > 20 and result.marked_operators > 20
        assert result.artifacts > 0  # the running header and footer on every page


def test_title_language_and_pdf_ua_identification(out: Path) -> None:
    with pikepdf.open(standard(out, "questions-key")) as pdf:
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


def test_the_timeline_drawing_says_every_event_with_its_date(out: Path) -> None:
    (alt,) = _figures(standard(out, "timeline-key"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(standard(out, "timeline-key")), "-"], capture_output=True, text=True
    ).stdout
    assert alt.startswith("Timeline of ") and "drawn to scale" in alt
    count = int(alt.split()[2])
    assert count >= 4 and alt.count(";") == count - 1
    assert "date to find" not in alt
    # The student copy's drawing hides the dates students look for; so does its text alternative.
    (student_alt,) = _figures(standard(out, "timeline"))
    assert "date to find" in student_alt
    assert "1994" in alt and "1994" in text


def test_the_word_search_says_how_many_words_and_which(out: Path) -> None:
    (alt,) = _figures(standard(out, "vocabulary"))
    assert alt.startswith("Word search of ")
    count = int(alt.split()[3])
    words = alt.split(": ", 1)[1].rstrip(".").split(", ")
    assert len(words) == count >= 4


def test_packs_keep_each_part_as_a_tagged_part_and_their_bookmarks(out: Path) -> None:
    with pikepdf.open(standard(out, "student-pack")) as pdf:
        (document,) = list(pdf.Root.StructTreeRoot.K)
        parts = list(document.K)
        assert document.S == pikepdf.Name.Document and all(p.S == pikepdf.Name.Part for p in parts)
        with pdf.open_outline() as outline:
            assert len(parts) == len(outline.root) >= 4
        keys = [int(p.obj.StructParents) for p in pdf.pages]
        assert len(set(keys)) == len(keys)  # renumbered: no two pages share a parent-tree entry


def test_rendering_twice_gives_the_same_bytes(out: Path, tmp_path: Path) -> None:
    code = main(["build", LESSON, "--level", LEVEL, "-j", "1", "--out", str(tmp_path)])
    assert code == 0
    for kind in ("timeline", "vocabulary", "student-pack"):
        assert standard(tmp_path, kind).read_bytes() == standard(out, kind).read_bytes(), kind


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


def test_large_print_sets_body_type_at_18_pt_or_more(out: Path) -> None:
    for kind in ("handout", "questions", "vocabulary", "timeline"):
        sizes = Counter(size for size, _ in _text_sizes(adapted(out, kind)))
        body = sizes.most_common(1)[0][0]
        assert body >= 18, (kind, sizes)
        if kind != "timeline":  # the drawing's labels do not scale yet (config.LARGE_PRINT_SCALE)
            assert min(sizes) >= 17.9, (kind, sorted(sizes))
        standard_body = Counter(s for s, _ in _text_sizes(standard(out, kind))).most_common(1)[0][0]
        assert standard_body < 18


def test_dyslexic_font_is_embedded_and_no_italic(out: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(adapted(out, "handout"))], capture_output=True, text=True).stdout
    assert "OpenDyslexic" in fonts
    assert "Italic" not in fonts and "Oblique" not in fonts
    assert (
        "OpenDyslexic"
        not in subprocess.run(
            ["pdffonts", str(standard(out, "handout"))], capture_output=True, text=True
        ).stdout
    )


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


@pytest.mark.parametrize("kind", KINDS)
def test_grayscale_contrast_of_text_and_lines(out: Path, kind: str, tmp_path: Path) -> None:
    """Every ink colour used for text and lines (a peak in the page's gray histogram: a solid
    colour; rendered without anti-aliasing so a hairline keeps its true colour) has a contrast
    of 4.5:1 or more against the paper."""
    from PIL import Image

    for path in (standard(out, kind), adapted(out, kind)):
        subprocess.run(
            [
                "pdftoppm",
                "-gray",
                "-r",
                "100",
                "-aa",
                "no",
                "-aaVector",
                "no",
                "-png",
                str(path),
                str(tmp_path / "p"),
            ],
            check=True,
        )
        for png in sorted(tmp_path.glob("p-*.png")):
            with Image.open(png) as image:
                pixels = Counter(dict(enumerate(image.convert("L").histogram())))
            background = pixels.most_common(1)[0][0]
            assert background >= 250, (path, png.name, background)
            ink = {v: n for v, n in pixels.items() if v < background - 12}
            total = sum(ink.values())
            peaks = [v for v, n in ink.items() if n >= 0.03 * total]
            assert peaks, (path, png.name)
            for value in peaks:
                if any(abs(value - d) <= 2 for d in DECORATIVE):
                    continue
                assert contrast(value, background) >= 4.5, (
                    path,
                    png.name,
                    value,
                    contrast(value, background),
                )
            png.unlink()
