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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, get_args

from generator.errors import GeneratorError

Paper = Literal["letter", "a4"]
Format = Literal["pdf", "html"]
MAX_VERSIONS = 4


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

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise GeneratorError(f"expected a paper of {', '.join(PAPERS)}, found '{self.paper}'")
        if self.fmt not in get_args(Format):
            raise GeneratorError(f"expected a format of {', '.join(get_args(Format))}, found '{self.fmt}'")
        if not 1 <= self.versions <= MAX_VERSIONS:
            raise GeneratorError(f"expected 1 to {MAX_VERSIONS} versions, found {self.versions}")
        if self.jobs < 1:
            raise GeneratorError(f"expected at least 1 job (-j), found {self.jobs}")
        if self.selection.grade is not None and self.selection.level_id:
            raise GeneratorError("give --grade or --level, not both")

    @property
    def page(self) -> PageGeometry:
        return PAPERS[self.paper]

    @property
    def compose(self) -> ComposeOptions:
        return ComposeOptions(versions=self.versions, page=self.page)

    def key(self) -> str:
        """Hash of every setting that changes what is written (not the folders or job count)."""
        settings = {
            "paper": self.paper,
            "format": self.fmt,
            "versions": self.versions,
            "selection": asdict(self.selection),
        }
        return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()

    def document_key(self) -> str:
        """The settings a single document's content hash depends on."""
        return hashlib.sha256(f"{self.paper}\0{self.fmt}".encode()).hexdigest()
