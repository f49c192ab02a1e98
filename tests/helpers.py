"""Helpers the test modules share: reading built PDFs back, and catching renderer warnings.

In: paths of built files. Out: their text, page size, fonts and bytes, read with
pypdf and poppler (the tools a teacher's print shop would trust), and the
WeasyPrint warnings logged while a block ran, in this process or in any render
worker forked from it.
"""

from __future__ import annotations

import logging
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PdfReader

LETTER = (612, 792)
A4 = (595, 842)
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
LEVEL_IDS = ("elementary", "middle", "high", "source")


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def flat_text(path: Path) -> str:
    """The PDF's text with every run of whitespace made one space."""
    return " ".join(pdf_text(path).split())


class _Text(HTMLParser):
    BLOCKS = {"p", "div", "li", "ul", "ol", "br", "td", "th", "tr", "h1", "h2", "h3", "h4", "section"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.skip += tag in ("style", "script", "head")
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "script", "head")
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    """The visible text of a built HTML file, whitespace made single spaces."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def page_size(path: Path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def embedded_fonts(path: Path) -> list[tuple[str, str]]:
    """(font name, emb) for each font, from poppler's pdffonts."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows]


def pdfs(root: Path) -> dict[str, bytes]:
    """Every PDF under `root` by its relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.pdf"))}


def built_paths(out: str, root: Path) -> set[str]:
    """The files a build printed a `built` line for, relative to its output folder."""
    return {
        Path(line.split()[1]).relative_to(root).as_posix()
        for line in out.splitlines()
        if line.startswith("built ")
    }


def summary(out: str) -> list[int]:
    """built, skipped, failed, pages from the summary table."""
    lines = out.strip().splitlines()
    assert lines[-2].split() == ["built", "skipped", "failed", "pages", "time"]
    return [int(v) for v in lines[-1].split()[:4]]


class _AppendToFile(logging.Handler):
    """Appends each record to a file, opened per record: a render worker forked
    from this process inherits the handler, so its warnings land in the same file."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.WARNING)
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        with self.path.open("a", encoding="utf-8") as file:
            file.write(f"{record.name}: {record.getMessage()}".replace("\n", " ") + "\n")


@contextmanager
def renderer_warnings() -> Iterator[list[str]]:
    """The WeasyPrint warnings logged inside the block, from this process and its
    forked workers; the list is filled when the block ends."""
    logger = logging.getLogger("weasyprint")
    with tempfile.TemporaryDirectory(prefix="renderer-warnings-") as folder:
        handler = _AppendToFile(Path(folder) / "warnings.log")
        old_level = logger.level
        logger.setLevel(logging.WARNING)
        logger.addHandler(handler)
        found: list[str] = []
        try:
            yield found
        finally:
            logger.removeHandler(handler)
            logger.setLevel(old_level)
            if handler.path.exists():
                found += handler.path.read_text(encoding="utf-8").splitlines()
