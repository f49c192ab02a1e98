"""Read a plain-text encyclopedia page into an `Article`.

In: the text of a page copied from a kids' encyclopedia (the bundled sample is a
Kiddle page), optionally with stray wiki or HTML markup. Out: an `Article` with
its title, infobox facts, lead paragraphs, sections (stable ids, heading,
paragraphs, parent), image captions kept apart from the reading text, and the
"See also" list.

Plain text loses heading levels and the difference between a heading, an image
and a paragraph, so the reader works on *blocks* (lines between blank lines):
a one-line block that is not a sentence is a heading, a two-line block of short
lines is an image file name and its caption, a long line is a paragraph. A page
that shows none of this structure still reads: its paragraphs are grouped into
numbered parts, never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from generator.errors import ArticleError
from generator.text.clean import clean_text, slugify, word_count

# Lines that belong to the site, not the article.
_CHROME = [
    re.compile(r"^kids encyclopedia robot$", re.I),
    re.compile(r"^kids encyclopedia facts$", re.I),
    re.compile(r"^quick facts for kids$", re.I),
    re.compile(r"^kids search engine$", re.I),
    re.compile(r".*facts for kids\. kiddle encyclopedia\.?$", re.I),
    re.compile(r"^(kids robot\.svg\s*)?in spanish:.*$", re.I),
]
_TITLE_SUFFIX = re.compile(r"\s+facts for kids$", re.I)

# Infobox labels of the encyclopedia's conflict, place and person boxes.
INFOBOX_LABELS = (
    "Date",
    "Location",
    "Status",
    "Result",
    "Territorial changes",
    "Belligerents",
    "Commanders and leaders",
    "Units involved",
    "Strength",
    "Casualties and losses",
    "Capital",
    "Population",
    "Area",
    "Government",
    "Born",
    "Died",
    "Nationality",
    "Occupation",
    "Known for",
    "Founded",
    "Official languages",
)
_LABEL_RE = re.compile(r"\b(" + "|".join(re.escape(label) for label in INFOBOX_LABELS) + r")\b(?=\s|$|:)")
_ICON_PREFIX = re.compile(r"^.*?\.(png|jpe?g|svg|gif)\s+", re.I)
_IMAGE_FILE = re.compile(r"\.(png|jpe?g|svg|gif|tiff?|webp)$", re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_WIKI_HEADING = re.compile(r"^(={2,6})\s*(.+?)\s*\1$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_BULLET = re.compile(r"^\s*[•*·\-–]\s+")
_SEE_ALSO = re.compile(r"^see also$", re.I)

# Headings past which the page is reference matter, not reading text.
_BACK_MATTER = re.compile(r"^(see also|references|notes|external links|further reading)$", re.I)

PARAGRAPHS_PER_PART = 4  # grouping for pages with no headings


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


@dataclass(frozen=True)
class SourceInfo:
    """Where the page comes from and under which license: articles/<id>.yaml."""

    source_title: str
    publisher: str
    source_url: str
    derived_from: str
    license: str
    license_url: str
    text_reflects: str  # the date the page's text reflects, e.g. "2024-04"

    @property
    def attribution(self) -> str:
        return (
            f"Adapted from \u201c{self.source_title}\u201d, {self.publisher} ({self.source_url}), "
            f"derived from {self.derived_from}. License: {self.license} ({self.license_url})."
        )


@dataclass
class Article:
    title: str
    infobox: list[InfoboxFact]
    sections: list[Section]  # the lead first, with id "introduction"
    images: list[Image]
    see_also: list[str]
    path: Path | None = None
    source: SourceInfo | None = None

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


@dataclass(frozen=True)
class _Block:
    lines: tuple[str, ...]


def read_article(path: Path) -> Article:
    """Read the page at `path`; raise ArticleError if it cannot be read as text.

    Lessons share articles, so a page read once in a process is reused while its
    file is unchanged."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _read_article(path, stamp)


@cache
def _read_article(path: Path, stamp: int) -> Article:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArticleError(f"{path}: no such article file") from None
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{path}: expected UTF-8 text, found a byte 0x{exc.object[exc.start]:02x} "
            f"at offset {exc.start}; save the page as UTF-8"
        ) from None
    article = parse_article(text, fallback_title=path.stem.replace("-", " "))
    article.path = path
    article.source = _read_source_info(path.with_suffix(".yaml"))
    return article


def _read_source_info(path: Path) -> SourceInfo | None:
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    fields = SourceInfo.__dataclass_fields__
    missing = [name for name in fields if not data.get(name)]
    if missing:
        raise ArticleError(f"{path}:1: expected the keys {', '.join(fields)}, found no {', '.join(missing)}")
    return SourceInfo(**{name: str(data[name]) for name in fields})


def parse_article(text: str, fallback_title: str = "Untitled") -> Article:
    blocks = _blocks(text)
    title, blocks = _take_title(blocks, fallback_title)
    infobox, blocks = _take_infobox(blocks)
    return _Assembler(title, infobox).run(blocks)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.replace("\u00a0", " ").rstrip()
        if any(p.match(line.strip()) for p in _CHROME):
            line = ""
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(_Block(tuple(current)))
            current = []
    if current:
        blocks.append(_Block(tuple(current)))
    return blocks


def _take_title(blocks: list[_Block], fallback: str) -> tuple[str, list[_Block]]:
    if not blocks:
        return fallback, blocks
    first = blocks[0].lines[0].strip()
    heading = _explicit_heading(first)
    if heading:
        first = heading[1]
    if _is_prose(first) or _LABEL_RE.match(first):
        return fallback, blocks
    rest = blocks[0].lines[1:]
    remaining = ([_Block(rest)] if rest else []) + blocks[1:]
    return clean_text(_TITLE_SUFFIX.sub("", first)), remaining


def _take_infobox(blocks: list[_Block]) -> tuple[list[InfoboxFact], list[_Block]]:
    """Take the blocks before the lead if they hold infobox labels."""
    end, seen_label = 0, False
    while end < len(blocks):
        block = blocks[end]
        if _is_infobox_block(block):
            seen_label = True
        elif _is_prose_block(block):
            break
        elif _is_heading_block(block):
            followed_by_prose = end + 1 < len(blocks) and _is_prose_block(blocks[end + 1])
            if not seen_label or followed_by_prose:
                break
        end += 1
    if not seen_label:
        return [], blocks
    return _facts_from_lines([ln for b in blocks[:end] for ln in b.lines]), blocks[end:]


def _is_infobox_block(block: _Block) -> bool:
    return any(
        _LABEL_RE.match(_BULLET.sub("", ln.strip())) or len(_LABEL_RE.findall(ln)) >= 3 for ln in block.lines
    )


def _facts_from_lines(lines: list[str]) -> list[InfoboxFact]:
    facts: list[tuple[str, list[str]]] = []
    pending = ""  # a label split over two lines ("Territorial" / "changes")
    for raw in lines:
        line = _BULLET.sub("", raw.strip())
        if len(_LABEL_RE.findall(line)) >= 3:  # a flattened infobox: all facts on one line
            facts.extend(_facts_from_flat(line))
            continue
        candidate = f"{pending} {line}".strip() if pending else line
        match = _LABEL_RE.match(candidate)
        if match:
            pending = ""
            facts.append((match.group(1), []))
            rest = candidate[match.end() :].strip(" :")
            if rest:
                facts[-1][1].append(_infobox_value(rest))
        elif any(label.startswith(candidate + " ") for label in INFOBOX_LABELS):
            pending = candidate
        elif facts:
            facts[-1][1].append(_infobox_value(line))
    return [InfoboxFact(label, tuple(v for v in values if v)) for label, values in facts]


def _facts_from_flat(line: str) -> list[tuple[str, list[str]]]:
    matches = list(_LABEL_RE.finditer(line))
    facts = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = _infobox_value(line[match.end() : end].strip(" :;,"))
        facts.append((match.group(1), [value] if value else []))
    return facts


def _infobox_value(text: str) -> str:
    """A value without the icon file that precedes it ("Army Artsakh.jpg Artsakh ...")."""
    return clean_text(_ICON_PREFIX.sub("", text))


def _explicit_heading(line: str) -> tuple[int, str] | None:
    """A heading written in wiki (== X ==) or Markdown (## X) markup, with its level."""
    for pattern, offset in ((_WIKI_HEADING, 0), (_MD_HEADING, 1)):
        match = pattern.match(line.strip())
        if match:
            return len(match.group(1)) + offset, clean_text(match.group(2))
    return None


def _is_prose(line: str) -> bool:
    text = clean_text(line)
    return word_count(text) >= 12 and bool(_SENTENCE_END.search(text))


def _is_prose_block(block: _Block) -> bool:
    return len(block.lines) == 1 and _is_prose(block.lines[0])


def _is_heading_block(block: _Block) -> bool:
    if len(block.lines) != 1:
        return False
    line = block.lines[0].strip()
    if _explicit_heading(line):
        return True
    text = clean_text(line)
    return (
        0 < word_count(text) <= 10
        and not _SENTENCE_END.search(text)
        and not _IMAGE_FILE.search(text)
        and not _BULLET.match(line)
    )


def _is_image_block(block: _Block) -> bool:
    """An image: its file name, then its caption, with no blank line between."""
    if len(block.lines) != 2:
        return False
    file, caption = (ln.strip() for ln in block.lines)
    return not _is_prose(file) and not _BULLET.match(caption) and word_count(caption) <= 60


class _Assembler:
    """Walks the body blocks and builds sections, images and the See also list."""

    def __init__(self, title: str, infobox: list[InfoboxFact]) -> None:
        self.title = title
        self.infobox = infobox
        self.sections = [Section("introduction", "Introduction", [])]
        self.images: list[Image] = []
        self.see_also: list[str] = []
        self.levels: dict[str, int] = {"introduction": 1}
        self.in_back_matter = False
        self.saw_heading = False
        self.child_shape: tuple[str, tuple[bool, bool]] | None = None

    def run(self, blocks: list[_Block]) -> Article:
        for i, block in enumerate(blocks):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            self._take(block, following)
        if not self.saw_heading:
            self._group_into_parts()
        self.sections = [s for s in self.sections if s.paragraphs or s.children]
        self._flag_duplicates()
        return Article(self.title, self.infobox, self.sections, self.images, self.see_also)

    def _take(self, block: _Block, following: _Block | None) -> None:
        if _is_heading_block(block):
            explicit = _explicit_heading(block.lines[0])
            heading = explicit[1] if explicit else clean_text(block.lines[0])
            if _BACK_MATTER.match(heading):
                self.in_back_matter = True
                self.saw_heading = True
                return
            if not self.in_back_matter:
                self._open_section(heading, explicit[0] if explicit else None, following)
                return
        if self.in_back_matter:
            self.see_also.extend(clean_text(_BULLET.sub("", ln)) for ln in block.lines if _BULLET.match(ln))
            return
        if _is_image_block(block) and not _is_prose_block(block):
            file, caption = (clean_text(ln) for ln in block.lines)
            self.images.append(Image(file, caption, self.sections[-1].id))
            return
        for line in block.lines:
            text = clean_text(_BULLET.sub("", line))
            if text and not _IMAGE_FILE.search(text):
                self.sections[-1].paragraphs.append(text)

    def _open_section(self, heading: str, level: int | None, following: _Block | None) -> None:
        self.saw_heading = True
        section = Section(self._unique_id(slugify(heading) or "section"), heading, [])
        previous = self.sections[-1]
        parent_id: str | None = None
        if level is not None:
            # Explicit markup gives real levels: the parent is the nearest shallower heading.
            for earlier in reversed(self.sections):
                if self.levels.get(earlier.id, 1) < level and earlier.id != "introduction":
                    parent_id = earlier.id
                    break
            self.levels[section.id] = level
        elif not previous.paragraphs and previous.id != "introduction" and previous.parent is None:
            # A heading directly after another heading: the first is a parent.
            parent_id = previous.id
            self.child_shape = (previous.id, _heading_shape(heading))
        elif self.child_shape and _heading_shape(heading) == self.child_shape[1]:
            # Later headings shaped like the first child ("Russia", "Turkey", "Iran")
            # continue the same parent; any other heading closes it.
            parent_id = self.child_shape[0]
        else:
            self.child_shape = None
        if parent_id:
            section.parent = parent_id
            self.section_by_id(parent_id).children.append(section.id)
        self.sections.append(section)

    def section_by_id(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def _unique_id(self, base: str) -> str:
        existing = {s.id for s in self.sections}
        candidate, n = base, 2
        while candidate in existing:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def _group_into_parts(self) -> None:
        paragraphs = self.sections[0].paragraphs
        if len(paragraphs) <= PARAGRAPHS_PER_PART:
            return
        lead, rest = paragraphs[:1], paragraphs[1:]
        self.sections[0].paragraphs = lead
        for n, start in enumerate(range(0, len(rest), PARAGRAPHS_PER_PART), start=1):
            chunk = rest[start : start + PARAGRAPHS_PER_PART]
            self.sections.append(Section(f"part-{n}", f"Part {n}", chunk))

    def _flag_duplicates(self) -> None:
        seen: dict[tuple[str, ...], str] = {}
        for section in self.sections:
            key = tuple(section.paragraphs)
            if not key:
                continue
            if key in seen:
                section.duplicate_of = seen[key]
            else:
                seen[key] = section.id


def _heading_shape(heading: str) -> tuple[bool, bool]:
    """What sibling headings share: short, and with or without digits."""
    return (word_count(heading) <= 3, any(ch.isdigit() for ch in heading))
