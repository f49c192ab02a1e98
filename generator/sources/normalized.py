"""Write a `Page` as the one clean article text form that `add-article` saves.

In: a tidied `Page`. Out: text: a comment line naming the form, the infobox as
a table (label | value), then the lead and sections: one paragraph per line,
blank lines between, `## ` before a section heading and `### ` before a
sub-section, `- ` before a list item, `![caption](file)` for an image's
caption. `markdown.py` reads it back without guessing; a teacher can edit it in
any text editor.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from generator.sources.markdown import MARKER
from generator.sources.page import Caption, Heading, Item, Page, Paragraph

_NUMBERED = re.compile(r"^(\d{1,3})([.)])(?=\s)")
HEADER = (
    f"{MARKER}: one paragraph per line; '## ' starts a section, '### ' a sub-section; "
    "'- ' a list item; '![caption](file)' an image caption, never read as text -->"
)


def to_text(page: Page) -> str:
    parts = [HEADER]
    if page.infobox:
        rows = ["| Fact | Value |", "|---|---|"]
        for fact in page.infobox:
            for i, value in enumerate(fact.values or ("",)):
                rows.append(f"| {_cell(fact.label) if i == 0 else ''} | {_cell(value)} |")
        parts.append("\n".join(rows))
    previous_item = False
    for block in page.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Item):
            line = f"- {_escape_start(block.text)}"
            if previous_item:
                parts[-1] += "\n" + line
            else:
                parts.append(line)
        elif isinstance(block, Caption):
            parts.append(f"![{block.text.replace(']', ')')}]({quote(block.file)})")
        elif isinstance(block, Paragraph):
            parts.append(_escape_start(block.text))
        previous_item = isinstance(block, Item)
    return "\n\n".join(parts) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "/")


def _escape_start(text: str) -> str:
    """A paragraph that starts like markup ("# 1 hit", "- 5 degrees", "1. ") is escaped."""
    if text[:1] in "#-*+|!":
        return "\\" + text
    return _NUMBERED.sub(r"\1\\\2", text)
