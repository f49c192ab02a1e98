"""Turn a tidied `Page` into the `Article` the lessons read.

In: a `Page` (blocks with heading levels). Out: an `Article`: the blocks before
the first heading are the lead ("introduction"); each heading opens a section
with a stable id made from its words; a heading's parent is the nearest earlier
heading of a higher level; captions are kept apart from the reading text, with
the section they belong to; a section that repeats an earlier one word for
word is flagged.
"""

from __future__ import annotations

from generator.sources.model import Article, Image, Section
from generator.sources.page import Caption, Heading, Page
from generator.text.clean import slugify


def assemble(page: Page, title: str) -> Article:
    sections = [Section("introduction", "Introduction", [])]
    levels = {"introduction": 1}
    images: list[Image] = []
    for block in page.blocks:
        if isinstance(block, Heading):
            section = Section(_unique_id(slugify(block.text) or "section", sections), block.text, [])
            parent = next(
                (s for s in reversed(sections) if s.id != "introduction" and levels[s.id] < block.level),
                None,
            )
            if parent is not None:
                section.parent = parent.id
                parent.children.append(section.id)
            levels[section.id] = block.level
            sections.append(section)
        elif isinstance(block, Caption):
            images.append(Image(block.file, block.text, sections[-1].id))
        else:
            sections[-1].paragraphs.append(block.text)
    kept = _non_empty(sections)
    _flag_duplicates(kept)
    return Article(title, list(page.infobox), kept, images, list(page.see_also), page_title=page.title_line)


def _non_empty(sections: list[Section]) -> list[Section]:
    """Sections with text, or with a child that has text; parents forget empty children."""
    by_id = {s.id: s for s in sections}

    def has_text(section: Section) -> bool:
        return bool(section.paragraphs) or any(has_text(by_id[c]) for c in section.children)

    kept = [s for s in sections if has_text(s)]
    ids = {s.id for s in kept}
    for section in kept:
        section.children = [c for c in section.children if c in ids]
    return kept


def _unique_id(base: str, sections: list[Section]) -> str:
    existing = {s.id for s in sections}
    candidate, n = base, 2
    while candidate in existing:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _flag_duplicates(sections: list[Section]) -> None:
    seen: dict[tuple[str, ...], str] = {}
    for section in sections:
        key = tuple(section.paragraphs)
        if not key:
            continue
        if key in seen:
            section.duplicate_of = seen[key]
        else:
            seen[key] = section.id
