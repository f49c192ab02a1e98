"""Read a web page saved from the browser into a `Page`.

In: the HTML of a saved page (repaired with `repair.fix_mojibake`). Out: a
`Page`. The article's main content, with its headings, paragraphs and lists, is
found by trafilatura, which leaves out menus, sidebars, cookie banners and
footers. Two things it would drop are taken first with lxml: the infobox table
(label and value per row) and image captions (`figure`/`figcaption`, wiki
thumbnails), each placed after the heading it followed on the page.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote

import lxml.etree
import lxml.html
import trafilatura

from generator.sources.model import InfoboxFact
from generator.sources.page import Block, Caption, Heading, Item, Page, Paragraph
from generator.text.clean import clean_text

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_DROP = (
    "//sup[contains(@class,'reference')]",
    "//*[contains(@class,'mw-editsection')]",
    "//*[@id='toc' or contains(@class,'toc')]",
    "//*[contains(@class,'navbox') or contains(@class,'hatnote') or contains(@class,'noprint')]",
    "//script",
    "//style",
)
_FIGURES = (
    "//figure",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' thumb ')]",
    "//*[contains(@class,'gallerybox')]",
)
_CAPTIONS = ".//figcaption|.//*[contains(@class,'thumbcaption') or contains(@class,'gallerytext')]"


def read_html(text: str) -> Page:
    if not text.strip():
        return Page()
    tree = lxml.html.document_fromstring(text)
    page = Page()
    for path in _DROP:
        for element in tree.xpath(path):
            _remove(element)
    page.infobox, captions = _take_infobox(tree)
    captions += _take_captions(tree)
    extracted = trafilatura.extract(
        lxml.html.tostring(tree, encoding="unicode"),
        output_format="xml",
        include_tables=False,
        include_images=False,
        include_links=False,
        include_comments=False,
        favor_recall=True,
        deduplicate=False,
    )
    blocks: list[Block] = []
    if extracted:
        for element in lxml.etree.fromstring(extracted.encode()).iter("head", "p", "item", "quote"):
            words = clean_text(" ".join(element.itertext()))
            if not words:
                continue
            if element.tag == "head":
                level = int((element.get("rend") or "h2").lstrip("h") or 2)
                if level == 1 and page.title_line is None and not blocks:
                    page.title_line = words
                else:
                    blocks.append(Heading(level, words))
            elif element.tag == "item":
                blocks.append(Item(words))
            elif element.getparent() is None or element.getparent().tag != "item":
                blocks.append(Paragraph(words))
    page.blocks = _place_captions(blocks, captions)
    return page


def _remove(element: lxml.html.HtmlElement) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _take_infobox(
    tree: lxml.html.HtmlElement,
) -> tuple[list[InfoboxFact], list[tuple[str | None, Caption]]]:
    """The infobox's facts, and the caption of its picture (which goes with the lead)."""
    tables = tree.xpath("//table[contains(@class,'infobox')]")
    if not tables:
        return [], []
    facts: list[InfoboxFact] = []
    captions: list[tuple[str | None, Caption]] = []
    for row in tables[0].xpath(".//tr"):
        images = row.xpath(".//img")
        if images and not row.xpath("./th"):
            caption = clean_text(row.text_content())
            if caption:
                captions.append((None, Caption(_file_name(images[0]), caption)))
            continue
        label_cells = row.xpath("./th")
        value_cells = row.xpath("./td")
        if len(label_cells) == 1 and value_cells:
            label = clean_text(label_cells[0].text_content())
            values = tuple(line for cell in value_cells for line in _cell_lines(cell) if line)
            if label and values:
                facts.append(InfoboxFact(label, values))
    for table in tables:
        _remove(table)
    return facts, captions


def _cell_lines(cell: lxml.html.HtmlElement) -> list[str]:
    """A value cell's lines: list items and <br>-separated lines are separate values."""
    items = cell.xpath(".//li")
    if items:
        return [clean_text(li.text_content()) for li in items]
    for br in cell.xpath(".//br"):
        br.tail = "\n" + (br.tail or "")
    return [clean_text(line) for line in cell.text_content().split("\n")]


def _take_captions(tree: lxml.html.HtmlElement) -> list[tuple[str | None, Caption]]:
    """Each image's caption with the text of the heading it came after (None: before any)."""
    found: list[tuple[str | None, Caption]] = []
    for path in _FIGURES:
        for figure in tree.xpath(path):
            if figure.getparent() is None:
                continue  # inside a figure already taken
            caption_nodes = figure.xpath(_CAPTIONS)
            caption = clean_text(" ".join(n.text_content() for n in caption_nodes))
            images = figure.xpath(".//img")
            file = _file_name(images[0]) if images else ""
            if caption:
                found.append((_heading_before(figure), Caption(file, caption)))
            _remove(figure)
    return found


def _file_name(image: lxml.html.HtmlElement) -> str:
    source = image.get("src") or ""
    name = PurePosixPath(unquote(source.split("?")[0])).name
    return name or clean_text(image.get("alt") or "")


def _heading_before(element: lxml.html.HtmlElement) -> str | None:
    for before in element.itersiblings(preceding=True):
        if before.tag in _HEADINGS:
            return clean_text(before.text_content())
        inner = before.xpath(".//h2|.//h3|.//h4|.//h5|.//h6")
        if inner:
            return clean_text(inner[-1].text_content())
    parent = element.getparent()
    return _heading_before(parent) if parent is not None and parent.tag != "body" else None


def _place_captions(blocks: list[Block], captions: list[tuple[str | None, Caption]]) -> list[Block]:
    """Each caption at the end of the section whose heading it followed."""
    out = list(blocks)
    for heading, caption in captions:
        index = _section_end(out, heading)
        out.insert(index, caption)
    return out


def _section_end(blocks: list[Block], heading: str | None) -> int:
    start = 0
    if heading is not None:
        key = _key(heading)
        matches = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and _key(b.text) == key]
        if not matches:
            return len(blocks) if not blocks else _first_heading(blocks)
        start = matches[0] + 1
    for i in range(start, len(blocks)):
        if isinstance(blocks[i], Heading):
            return i
    return len(blocks)


def _first_heading(blocks: list[Block]) -> int:
    return next((i for i, b in enumerate(blocks) if isinstance(b, Heading)), len(blocks))


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()
