"""Read a plain-text copy of an encyclopedia page into a `Page`.

In: repaired text (see `repair.py`): a page copied from a browser (Kiddle,
Wikipedia, Britannica Kids style; one paragraph per line), or an old text dump
hard-wrapped at a fixed width with `*****` or `===` headings. Out: a `Page`.

Plain text loses the difference between a heading, an image and a paragraph,
so the reader works on *blocks* (lines between blank lines): a one-line block
that is not a sentence is a heading, a block that starts with an image file
name is an image and its caption, other lines are paragraphs or list items.
Headings drawn with rules (a line of `*`, `=` or `-` above or below, or around
the text) take their levels in the order their styles first appear, as
reStructuredText does. A hard-wrapped page is recognised by the width most of
its lines stop at; its lines are joined back into paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.sources import boilerplate
from generator.sources.infobox import facts_from_lines, is_infobox_block, starts_with_label
from generator.sources.page import Block, Caption, Heading, Item, Page, Paragraph
from generator.sources.repair import clean
from generator.text.clean import word_count

_TITLE_SUFFIX = re.compile(r"\s+facts for kids$", re.I)
_IMAGE_FILE = re.compile(r"\.(png|jpe?g|svg|gif|tiff?|webp)$", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_PROSE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_BULLET = re.compile(r"^\s*(?:[•*·\-–]|\d{1,3}[.)])\s+")
_RULE = re.compile(r"^\s*([*=\-~#+_^])\1{2,}\s*$")
_FRAMED = re.compile(r"^\s*([*=#~])\1{2,}\s*(.+?)\s*\1{3,}\s*$")  # ***** History *****
_WIKI_HEADING = re.compile(r"^\s*(={1,6})\s*(.+?)\s*\1\s*$")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class _Marked:
    """A heading drawn with markup; `style` orders its level."""

    style: tuple[str, int]
    text: str


_Line = str | _Marked


def read_plain_text(text: str) -> Page:
    raw = text.split("\n")
    width = wrap_width(raw)
    lines = _mark_headings(raw)
    blocks = _blocks(lines, width)
    page = Page()
    blocks = _take_title(blocks, page)
    blocks = _take_infobox(blocks, page)
    page.blocks = _Body(width, _style_levels(blocks)).read(blocks)
    return page


def wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped text stops at, or None when lines are whole paragraphs."""
    lengths = [len(ln.rstrip()) for ln in lines if len(ln.strip()) >= 30]
    if len(lengths) < 5:
        return None
    long_lines = sum(n > 110 for n in lengths)
    width = sorted(lengths)[int(len(lengths) * 0.9)]
    near = sum(width - 16 <= n <= width for n in lengths)
    if long_lines > len(lengths) * 0.1 or width > 110 or near < len(lengths) * 0.5:
        return None
    return width


def _mark_headings(raw: list[str]) -> list[_Line]:
    """Lines, with headings drawn by rules or markup turned into `_Marked` values."""
    out: list[_Line] = []
    i = 0
    while i < len(raw):
        line = raw[i].replace("\u00a0", " ").rstrip()
        nxt = raw[i + 1].rstrip() if i + 1 < len(raw) else ""
        after = raw[i + 2].rstrip() if i + 2 < len(raw) else ""
        rule = _RULE.match(line)
        if rule and nxt.strip() and not _RULE.match(nxt) and _RULE.match(after):
            out += ["", _Marked(("over", ord(rule.group(1))), nxt.strip()), ""]  # *** / History / ***
            i += 3
            continue
        if line.strip() and not rule and _RULE.match(nxt) and len(nxt.strip()) >= 3:
            if word_count(line) <= 12 and not _BULLET.match(line):
                char = _RULE.match(nxt)
                assert char is not None
                out += ["", _Marked(("under", ord(char.group(1))), line.strip()), ""]  # History / =====
                i += 2
                continue
        if rule:  # a separator line
            out.append("")
            i += 1
            continue
        framed = _FRAMED.match(line)
        wiki = _WIKI_HEADING.match(line)
        md = _MD_HEADING.match(line)
        if wiki and len(wiki.group(1)) >= 2:
            out += ["", _Marked(("wiki", len(wiki.group(1))), wiki.group(2)), ""]
        elif framed:
            out += ["", _Marked(("framed", ord(framed.group(1))), framed.group(2)), ""]
        elif md:
            out += ["", _Marked(("md", len(md.group(1))), md.group(2)), ""]
        else:
            out.append(line)
        i += 1
    return out


def _blocks(lines: list[_Line], width: int | None) -> list[list[_Line]]:
    """Runs of lines between blank lines, without the site's furniture."""
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if isinstance(line, _Marked):
            if current:
                blocks.append(current)
            blocks.append([line])
            current = []
            continue
        if line.strip() and not boilerplate.is_furniture(line):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    text_blocks = [b for b in blocks if not isinstance(b[0], _Marked)]
    return [b for b in blocks if isinstance(b[0], _Marked) or not _is_language_block(b, text_blocks)]


def _is_language_block(block: list[_Line], _all: list[list[_Line]]) -> bool:
    return len(block) >= 3 and boilerplate.is_language_list([str(ln) for ln in block])


def _take_title(blocks: list[list[_Line]], page: Page) -> list[list[_Line]]:
    """The page's own title line ("Lake Sevan facts for kids"), kept apart from the text."""
    if not blocks:
        return blocks
    first = blocks[0][0]
    text = first.text if isinstance(first, _Marked) else clean(first)
    if not isinstance(first, _Marked) and (_is_prose(text) or starts_with_label(text)):
        return blocks
    if word_count(text) > 14:
        return blocks
    page.title_line = clean(_TITLE_SUFFIX.sub("", text))
    rest = blocks[0][1:]
    return ([rest] if rest else []) + blocks[1:]


def _take_infobox(blocks: list[list[_Line]], page: Page) -> list[list[_Line]]:
    """Take the blocks before the lead if they hold infobox labels."""
    end, seen_label = 0, False
    while end < len(blocks):
        block = blocks[end]
        if isinstance(block[0], _Marked):
            break
        lines = [str(ln) for ln in block]
        if is_infobox_block(lines):
            seen_label = True
        elif len(lines) == 1 and _is_prose(lines[0]):
            break
        elif _is_heading_block(block):
            followed_by_prose = end + 1 < len(blocks) and _is_prose_block(blocks[end + 1])
            if not seen_label or followed_by_prose:
                break
        end += 1
    if not seen_label:
        return blocks
    page.infobox = facts_from_lines([str(ln) for b in blocks[:end] for ln in b])
    return blocks[end:]


def _style_levels(blocks: list[list[_Line]]) -> dict[tuple[str, int], int]:
    """Levels of the heading styles: wiki and Markdown by their marks, drawn styles by first use."""
    styles: list[tuple[str, int]] = []
    for block in blocks:
        first = block[0]
        if isinstance(first, _Marked) and first.style not in styles:
            styles.append(first.style)
    marked = sorted(s for s in styles if s[0] in ("wiki", "md"))
    drawn = [s for s in styles if s[0] not in ("wiki", "md")]
    return {style: 2 + rank for rank, style in enumerate(marked + drawn)}


def _is_prose(line: str) -> bool:
    if len(line) < 40 or not _PROSE_END.search(line.rstrip()):
        return False  # a sentence of 12 words is longer than this
    return word_count(clean(line)) >= 12 and bool(_PROSE_END.search(clean(line)))


def _is_prose_block(block: list[_Line]) -> bool:
    return len(block) == 1 and isinstance(block[0], str) and _is_prose(block[0])


def _is_heading_block(block: list[_Line]) -> bool:
    if isinstance(block[0], _Marked):
        return True
    if len(block) != 1:
        return False
    line = str(block[0]).strip()
    if len(line) > 150:  # ten words, however long, with markup: longer is a paragraph
        return False
    text = clean(line)
    return (
        0 < word_count(text) <= 10
        and not _SENTENCE_END.search(text)
        and not _IMAGE_FILE.search(text)
        and not _BULLET.match(line)
    )


class _Body:
    """Walks the body blocks and turns them into page blocks, inferring heading levels."""

    def __init__(self, width: int | None, levels: dict[tuple[str, int], int]) -> None:
        self.width = width
        self.levels = levels
        self.out: list[Block] = []
        self.last_heading: Heading | None = None
        self.text_since_heading = True
        self.child_shape: tuple[bool, bool] | None = None

    def read(self, blocks: list[list[_Line]]) -> list[Block]:
        for block in blocks:
            if _is_heading_block(block):
                self._heading(block[0])
            elif self._is_image(block):
                lines = [clean(str(ln)) for ln in block]
                self.out.append(Caption(lines[0], " ".join(lines[1:])))
            else:
                self._text([str(ln) for ln in block])
        return self.out

    def _heading(self, line: _Line) -> None:
        if isinstance(line, _Marked):
            heading = Heading(self.levels.get(line.style, 2), clean(line.text))
        else:
            heading = Heading(self._implicit_level(clean(line)), clean(line))
        self.out.append(heading)
        self.last_heading = heading
        self.text_since_heading = False

    def _implicit_level(self, text: str) -> int:
        """Plain text loses levels: a heading straight after another is its child, and later
        headings shaped like that first child ("Russia", "Turkey", "Iran") are its siblings."""
        if self.levels:
            return 2  # the page draws its headings; an undrawn one-liner is a plain heading
        previous = self.last_heading
        if previous is not None and not self.text_since_heading and previous.level == 2:
            self.child_shape = _heading_shape(text)
            return 3
        if self.child_shape and _heading_shape(text) == self.child_shape:
            return 3
        self.child_shape = None
        return 2

    def _is_image(self, block: list[_Line]) -> bool:
        """An image: its file name, then its caption, with no blank line between."""
        lines = [str(ln).strip() for ln in block]
        if len(lines) < 2 or _BULLET.match(lines[1]):
            return False
        if _IMAGE_FILE.search(lines[0]):
            return word_count(" ".join(lines[1:])) <= 60
        if self.width is not None or len(lines) != 2:
            return False  # a hard-wrapped paragraph of two lines is not an image
        return not _is_prose(lines[0]) and word_count(lines[1]) <= 60

    def _text(self, lines: list[str]) -> None:
        for kind, text in self._paragraphs(lines):
            text = clean(text)
            # Lines were checked one by one already; a joined paragraph is checked whole.
            joined = self.width is not None
            if not text or _IMAGE_FILE.search(text) or joined and boilerplate.is_furniture(text):
                continue
            self.out.append(Item(text) if kind == "item" else Paragraph(text))
            self.text_since_heading = True

    def _paragraphs(self, lines: list[str]) -> list[tuple[str, str]]:
        """(kind, text) per paragraph or list item; wrapped lines are joined."""
        out: list[tuple[str, str]] = []
        for line in lines:
            bullet = _BULLET.match(line)
            text = line[bullet.end() :] if bullet else line.strip()
            if bullet:
                out.append(("item", text))
            elif self.width is not None and out and self._continues(out[-1], line):
                out[-1] = (out[-1][0], _join(out[-1][1], text))
            else:
                out.append(("paragraph", text))
        return out

    def _continues(self, previous: tuple[str, str], line: str) -> bool:
        """In a wrapped page, a line goes on the previous paragraph unless that one ended short."""
        assert self.width is not None
        last_line_length = len(previous[1].split("\n")[-1])
        return last_line_length >= self.width * 0.6 or previous[0] == "item" and line.startswith("  ")


def _join(paragraph: str, line: str) -> str:
    # Keep the last physical line recognisable (after "\n") so the next join can measure it.
    return f"{paragraph}\n{line}" if paragraph else line


def _heading_shape(heading: str) -> tuple[bool, bool]:
    """What sibling headings share: short, and with or without digits."""
    return (word_count(heading) <= 3, any(ch.isdigit() for ch in heading))
