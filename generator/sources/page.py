"""The shape every reader turns a page into, before it becomes an `Article`.

In: nothing (plain values). Out: `Page`, a flat list of typed blocks (headings
with their level, paragraphs, list items, image captions) plus the infobox, the
"See also" list and the page's own title line. Plain text, HTML, Markdown and
wikitext readers all produce a `Page`; `cleanup.py` tidies it; `assemble.py`
makes the `Article`; `normalized.py` writes it back as the one clean text form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.sources.model import InfoboxFact


@dataclass(frozen=True)
class Heading:
    level: int  # 2 for a section, 3 for a sub-section, ...
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Item:
    """One entry of a bulleted or numbered list."""

    text: str


@dataclass(frozen=True)
class Caption:
    """An image: its file name (may be empty) and its caption, never reading text."""

    file: str
    text: str


Block = Heading | Paragraph | Item | Caption


@dataclass
class Page:
    blocks: list[Block] = field(default_factory=list)
    infobox: list[InfoboxFact] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    title_line: str | None = None  # the page's own title, for a person to confirm; never metadata
    named_sections: bool = False  # True when headings were found by topic, not given by the page

    @property
    def has_headings(self) -> bool:
        return any(isinstance(b, Heading) for b in self.blocks)
