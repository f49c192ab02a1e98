"""What reading an article produces: the `Article` every later stage works on.

In: nothing (plain values). Out: `Article` (title, infobox facts, sections with
stable ids and paragraphs, image captions kept apart, the "See also" list, and
the page's metadata), `Section`, `InfoboxFact`, `Image`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.text.clean import word_count

if TYPE_CHECKING:
    from generator.sources.metadata import ArticleMeta


@dataclass(frozen=True)
class InfoboxFact:
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Image:
    file: str
    caption: str
    section_id: str


@dataclass
class Section:
    id: str
    heading: str
    paragraphs: list[str]
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    duplicate_of: str | None = None

    @property
    def words(self) -> int:
        return sum(word_count(p) for p in self.paragraphs)


@dataclass
class Article:
    title: str  # from the metadata file; the file name when there is none
    infobox: list[InfoboxFact]
    sections: list[Section]  # the lead first, with id "introduction"
    images: list[Image]
    see_also: list[str]
    path: Path | None = None
    source: ArticleMeta | None = None
    page_title: str | None = None  # the page's own first line, shown to people, never used as metadata

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    @property
    def section_ids(self) -> list[str]:
        return [s.id for s in self.sections]

    def fact(self, label: str) -> InfoboxFact | None:
        return next((f for f in self.infobox if f.label.lower() == label.lower()), None)
