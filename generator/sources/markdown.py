"""Read Markdown, and the article text `add-article` writes, into a `Page`.

In: Markdown text (repaired). Out: a `Page`. `#`-headings keep their levels
(a lone `#` title at the top is the page's own title line); `-`, `*`, `+` and
`1.` lines are list items; a block that is only `![caption](file)` is an image
caption; a table before the lead is the infobox (label | value), other tables
are left out; links keep their words, emphasis and footnotes are dropped.

The article text form (`normalized.py`) is this Markdown, one paragraph per
line, opened by a comment line that names it, so it is read without guessing.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote

from generator.sources.model import InfoboxFact
from generator.sources.page import Block, Caption, Heading, Item, Page, Paragraph

MARKER = "<!-- article text"
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+")
_IMAGE_ONLY = re.compile(r"^!\[(?P<caption>[^\]]*)\]\((?P<file>[^)\s]*)(?:\s+\"[^\"]*\")?\)$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:")
_COMMENT = re.compile(r"<!--.*?-->", re.S)

_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # an inline image: its caption is not reading text
    (re.compile(r"\[\^[^\]]+\]"), ""),  # a footnote mark
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # a link keeps its words
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # a reference link
    (re.compile(r"<(https?://|mailto:)[^>]+>"), ""),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])"), r"\2"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1"),  # escapes
]


def read_markdown(text: str) -> Page:
    text = _COMMENT.sub("", text)
    page = Page()
    blocks: list[Block] = []
    for kind, lines in _chunks(text.split("\n")):
        if kind == "heading":
            level, words = int(lines[0]), inline(lines[1])
            if level == 1 and not blocks and page.title_line is None:
                page.title_line = words
            elif words:
                blocks.append(Heading(level, words))
        elif kind == "table":
            if not any(isinstance(b, Paragraph | Item) for b in blocks) and not page.infobox:
                page.infobox = _facts(lines)
        elif kind == "list":
            blocks += [Item(inline(item)) for item in _items(lines)]
        else:
            image = _IMAGE_ONLY.match(" ".join(ln.strip() for ln in lines))
            if image:
                blocks.append(Caption(_file_name(image["file"]), inline(image["caption"])))
            else:
                words = inline(" ".join(ln.strip() for ln in lines))
                if words:
                    blocks.append(Paragraph(words))
    page.blocks = _rank_levels(blocks)
    return page


def inline(text: str) -> str:
    """Markdown inline markup removed; the words stay."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def _chunks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(kind, lines): headings as ("heading", [level, text]), tables, lists and paragraphs."""
    out: list[tuple[str, list[str]]] = []
    current: list[str] = []

    def close() -> None:
        if current:
            kind = (
                "table"
                if all(_TABLE_ROW.match(ln) for ln in current)
                else "list"
                if _ITEM.match(current[0])
                else "text"
            )
            out.append((kind, list(current)))
            current.clear()

    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        atx = _ATX.match(line)
        if atx:
            close()
            out.append(("heading", [str(len(atx.group(1))), atx.group(2)]))
        elif _FOOTNOTE_DEF.match(line.strip()):
            close()
        elif line.strip() and not current and _SETEXT.match(nxt) and not _ITEM.match(line):
            out.append(("heading", ["1" if nxt.strip().startswith("=") else "2", line.strip()]))
        elif _SETEXT.match(line) and out and out[-1][0] == "heading" and not current:
            continue  # the underline of the heading just read
        elif not line.strip() or _RULE.match(line):
            close()
        elif current and _ITEM.match(line) and not _ITEM.match(current[0]):
            close()
            current.append(line)
        else:
            current.append(line)
    close()
    return out


def _items(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        marker = _ITEM.match(line)
        if marker:
            items.append(line[marker.end() :].strip())
        elif items:
            items[-1] += " " + line.strip()
    return items


def _facts(lines: list[str]) -> list[InfoboxFact]:
    """Infobox rows (| label | value |); a repeated or empty label adds a value to the last fact."""
    rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]
    if len(rows) > 1 and all(set(c) <= set("-: ") for c in rows[1]):
        rows = rows[2:]  # the header row and its separator
    facts: list[tuple[str, list[str]]] = []
    for row in rows:
        if len(row) < 2:
            continue
        label, value = inline(row[0]), inline(" ".join(row[1:]))
        if facts and (not label or label == facts[-1][0]):
            facts[-1][1].append(value)
        elif label:
            facts.append((label, [value] if value else []))
    return [InfoboxFact(label, tuple(v for v in values if v)) for label, values in facts]


def _file_name(target: str) -> str:
    return unquote(PurePosixPath(target.split("?")[0]).name)


def _rank_levels(blocks: list[Block]) -> list[Block]:
    """Levels from 2 down, in the order of the page's own heading depths ("#" sections -> 2)."""
    depths = sorted({b.level for b in blocks if isinstance(b, Heading)})
    rank = {d: 2 + i for i, d in enumerate(depths)}
    return [Heading(rank[b.level], b.text) if isinstance(b, Heading) else b for b in blocks]
