"""Tidy a `Page` whatever format it came from.

In: a `Page` from any reader. Out: the same page without edit markers on its
headings, without navigation, cookie or footer text that survived the reader,
without its back matter ("See also", references, external links, language
lists: the "See also" entries are kept apart), and, when the page has no
headings at all, with sections found where its topic changes (`topics.py`).
"""

from __future__ import annotations

from generator.sources import boilerplate
from generator.sources.page import Block, Caption, Heading, Item, Page, Paragraph
from generator.sources.repair import clean
from generator.sources.topics import find_sections


def tidy(page: Page, find_topics: bool = True) -> Page:
    blocks: list[Block] = []
    back_matter: Heading | None = None
    for block in page.blocks:
        if isinstance(block, Heading):
            text = clean(boilerplate.without_edit_marker(block.text))
            if boilerplate.BACK_MATTER.match(text):
                back_matter = Heading(block.level, text)
            elif back_matter is None and text and not boilerplate.is_furniture(text):
                blocks.append(Heading(block.level, text))
            # Back matter runs to the end of the page: later headings are the site's.
        elif back_matter is not None:
            if isinstance(block, Item) and boilerplate.SEE_ALSO.match(back_matter.text):
                page.see_also.append(clean(block.text))
        elif isinstance(block, Paragraph | Item):
            text = clean(block.text)
            if text and not boilerplate.is_furniture(text):
                blocks.append(type(block)(text))
        elif isinstance(block, Caption):
            blocks.append(Caption(clean(block.file), clean(block.text)))
    page.blocks = blocks
    if find_topics and not page.has_headings:
        page.blocks = find_sections(page.blocks)
        page.named_sections = page.has_headings
    return page
