"""One build configuration, made once by the CLI (or a test) and passed down.

In: folders, what to build (lessons, grade or level) and how (paper, format,
versions, jobs). Out: a frozen `BuildConfig`, validated on creation, with one
`key()` for the incremental build and the `ComposeOptions` composers read (the
page geometry reaches composition, so drawings size themselves to the paper).
Kept free of heavy imports: the no-op build path imports it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from generator.errors import GeneratorError

Paper = Literal["letter", "a4"]
Format = Literal["pdf", "html"]
Font = Literal["standard", "dyslexic"]
MAX_VERSIONS = 4
# Large print draws the timeline and word search this much bigger: the drawing is laid
# out for a narrower page and scaled up to the real one, so its labels grow with the type.
# 1.0 for now: WeasyPrint 70 sizes an inline <svg> from its width/height attributes and
# ignores a CSS width, so the drawing cannot yet be scaled up after layout.
LARGE_PRINT_SCALE = 1.0


@dataclass(frozen=True)
class PageGeometry:
    """A sheet of paper and the margins every document uses, in millimetres."""

    name: Paper
    css_size: str  # the value of the CSS `size` descriptor
    width_mm: float
    height_mm: float
    margin_top_mm: float = 18.0
    margin_right_mm: float = 18.0
    margin_bottom_mm: float = 22.0  # room for the footer
    margin_left_mm: float = 18.0

    @property
    def content_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def content_height_mm(self) -> float:
        return self.height_mm - self.margin_top_mm - self.margin_bottom_mm

    def page_css(self) -> str:
        """The @page rule for this paper: the one place page size and margins are set."""
        return (
            f"@page {{ size: {self.css_size}; margin: {self.margin_top_mm}mm {self.margin_right_mm}mm "
            f"{self.margin_bottom_mm}mm {self.margin_left_mm}mm; }}"
        )


PAPERS: dict[Paper, PageGeometry] = {
    "letter": PageGeometry("letter", "letter", 215.9, 279.4),
    "a4": PageGeometry("a4", "A4", 210.0, 297.0),
}


@dataclass(frozen=True)
class Folders:
    lessons: Path = Path("lessons")
    articles: Path = Path("articles")
    output: Path = Path("output")


@dataclass(frozen=True)
class Selection:
    """Which lessons and which level: a grade picks the level that serves it."""

    lesson_ids: tuple[str, ...] = ()  # empty: every lesson
    grade: int | None = None
    level_id: str | None = None


@dataclass(frozen=True)
class ComposeOptions:
    """What composers need to know about the build: versions and the page."""

    versions: int = 1  # A/B versions of the questions
    page: PageGeometry = PAPERS["letter"]
    large_print: bool = False
    font: Font = "standard"

    @property
    def drawing_scale(self) -> float:
        """How much bigger than natural size drawings are printed."""
        return LARGE_PRINT_SCALE if self.large_print else 1.0

    @property
    def drawing_width_mm(self) -> float:
        """The width drawings are laid out for; printed at `drawing_scale` it fills the page."""
        return self.page.content_width_mm / self.drawing_scale


@dataclass(frozen=True)
class PrintOptions:
    """How a document is printed beyond its paper: what the renderer adds to print.css."""

    large_print: bool = False
    font: Font = "standard"

    def folder(self) -> str | None:
        """The output subfolder for these options; None for the standard print."""
        parts = (["large-print"] if self.large_print else []) + (
            ["dyslexic"] if self.font == "dyslexic" else []
        )
        return "-".join(parts) or None


def default_jobs() -> int:
    """$JOBS, or the number of cores."""
    value = os.environ.get("JOBS", "")
    return int(value) if value.isdigit() and int(value) > 0 else (os.cpu_count() or 1)


@dataclass(frozen=True)
class BuildConfig:
    folders: Folders = Folders()
    selection: Selection = Selection()
    paper: Paper = "letter"
    fmt: Format = "pdf"
    versions: int = 1
    jobs: int = field(default_factory=default_jobs)
    large_print: bool = False
    font: Font = "standard"

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise GeneratorError(f"expected a paper of {', '.join(PAPERS)}, found '{self.paper}'")
        if self.fmt not in get_args(Format):
            raise GeneratorError(f"expected a format of {', '.join(get_args(Format))}, found '{self.fmt}'")
        if not 1 <= self.versions <= MAX_VERSIONS:
            raise GeneratorError(f"expected 1 to {MAX_VERSIONS} versions, found {self.versions}")
        if self.font not in get_args(Font):
            raise GeneratorError(
                f"expected a font of {', '.join(get_args(Font))}, found '{self.font}'; try --font dyslexic"
            )
        if self.jobs < 1:
            raise GeneratorError(f"expected at least 1 job (-j), found {self.jobs}")
        if self.selection.grade is not None and self.selection.level_id:
            raise GeneratorError("give --grade or --level, not both")

    @property
    def page(self) -> PageGeometry:
        return PAPERS[self.paper]

    @property
    def compose(self) -> ComposeOptions:
        return ComposeOptions(
            versions=self.versions, page=self.page, large_print=self.large_print, font=self.font
        )

    @property
    def print_options(self) -> PrintOptions:
        return PrintOptions(large_print=self.large_print, font=self.font)

    def option_folder(self) -> str | None:
        """The subfolder of output/<lesson>/<level>/ for non-standard print options, so a
        large-print or dyslexia-friendly build never overwrites the standard PDFs."""
        return self.print_options.folder()

    def key(self) -> str:
        """Hash of every setting that changes what is written (not the folders or job count)."""
        settings = {
            "paper": self.paper,
            "format": self.fmt,
            "versions": self.versions,
            # Which lessons are selected does not change a lesson's own outputs; the grade or
            # level does (it picks the levels built).
            "grade": self.selection.grade,
            "level": self.selection.level_id,
        }
        if folder := self.option_folder():  # the standard print keeps the key it always had
            settings["options"] = folder
        return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()

    def document_key(self) -> str:
        """The settings a single document's content hash depends on."""
        options = f"{self.paper}\0{self.fmt}"
        if folder := self.option_folder():  # the standard print keeps the key it always had
            options += f"\0{folder}"
        return hashlib.sha256(options.encode()).hexdigest()
