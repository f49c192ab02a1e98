"""Read MediaWiki wikitext (a page's "edit source") into a `Page`.

In: wikitext (repaired). Out: a `Page`. mwparserfromhell parses the markup;
this module decides what a reader sees: headings keep their levels, links
keep their words, `{{lang-xx|...}}` and `{{convert|...}}` keep their text,
other templates, references, tables, categories and links to the same page
in other languages are dropped, the infobox template becomes infobox facts,
and `[[File:...|caption]]` becomes an image caption kept apart from the text.
The result is rendered as Markdown and read by `markdown.py`.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from generator.sources.markdown import read_markdown
from generator.sources.model import InfoboxFact
from generator.sources.page import Page
from generator.text.clean import clean_text

_FILE = re.compile(r"^\s*(file|image)\s*:", re.I)
_NOT_TEXT_LINK = re.compile(r"^\s*(category|[a-z]{2,3}(-[a-z]+)?)\s*:", re.I)
_MAGIC = re.compile(r"__[A-Z]+__")
_IMAGE_OPTION = re.compile(
    r"^(thumb|thumbnail|frame|frameless|border|left|right|center|centre|none|upright(=.*)?|"
    r"\d+(x\d+)?px|alt=.*|link=.*|class=.*|lang=.*|page=.*)$",
    re.I,
)
_SKIP_PARAMS = {
    *("name", "image", "image_size", "imagesize", "alt", "caption", "image_caption", "map", "coords"),
}
_UNITS = {
    "km2": "square kilometres",
    "sqmi": "square miles",
    "km": "kilometres",
    "mi": "miles",
    "m": "metres",
    "ft": "feet",
    "kg": "kilograms",
    "c": "°C",
    "f": "°F",
}
_DROPPED_TAGS = {"ref", "references", "table", "gallery", "math", "timeline", "score", "imagemap"}


def read_wikitext(text: str) -> Page:
    code = mwparserfromhell.parse(_MAGIC.sub("", text))
    renderer = _Renderer()
    markdown = renderer.render(code)
    page = read_markdown(markdown)
    page.infobox = renderer.infobox
    return page


class _Renderer:
    def __init__(self) -> None:
        self.infobox: list[InfoboxFact] = []

    def render(self, code: Wikicode) -> str:
        return "".join(self.node(n) for n in code.nodes)

    def node(self, node: Node) -> str:
        if isinstance(node, Text):
            return str(node.value)
        if isinstance(node, Heading):
            return f"\n\n{'#' * node.level} {self.render(node.title).strip()}\n\n"
        if isinstance(node, Wikilink):
            return self._link(node)
        if isinstance(node, Template):
            return self._template(node)
        if isinstance(node, Tag):
            return self._tag(node)
        if isinstance(node, ExternalLink):
            return self.render(node.title) if node.title else ""
        if isinstance(node, HTMLEntity):
            return str(node.normalize())
        if isinstance(node, Comment | Argument):
            return ""
        return ""

    def _link(self, link: Wikilink) -> str:
        title = str(link.title)
        if _FILE.match(title):
            return self._image(link)
        if _NOT_TEXT_LINK.match(title) and not link.text:
            return ""  # a category, or the page in another language
        return self.render(link.text) if link.text else title.split("#")[0]

    def _image(self, link: Wikilink) -> str:
        file = _FILE.sub("", str(link.title)).strip()
        parts = [p.strip() for p in str(link.text or "").split("|")]
        words = [p for p in parts if p and not _IMAGE_OPTION.match(p)]
        caption = clean_text(self.render(mwparserfromhell.parse(words[-1]))) if words else ""
        return f"\n\n![{caption}]({quote(file)})\n\n" if caption else ""

    def _template(self, template: Template) -> str:
        name = str(template.name).strip().lower().replace("_", " ")
        params = [p for p in template.params if not p.showkey]
        if name.startswith("infobox"):
            return self._take_infobox(template)
        if name.startswith("lang-") and params:
            return self.render(params[-1].value)
        if name == "lang" and len(params) >= 2:
            return self.render(params[1].value)
        if name in ("convert", "cvt") and len(params) >= 2:
            return self._convert(params)
        if name in ("nowrap", "nobr", "small", "big", "nobold", "noitalic") and params:
            return self.render(params[0].value)
        if name in ("circa", "c.") and params:
            return "c. " + self.render(params[0].value)
        return ""  # citations, notes, navigation boxes, maintenance tags

    def _convert(self, params: list) -> str:  # type: ignore[type-arg]
        number = str(params[0].value).strip()
        unit = str(params[1].value).strip()
        if number.replace(".", "", 1).isdigit() and "." not in number:
            number = f"{int(number):,}"
        return f"{number} {_UNITS.get(unit.lower(), unit)}"

    def _tag(self, tag: Tag) -> str:
        name = str(tag.tag).lower()
        if name in _DROPPED_TAGS:
            return ""
        if name == "li":
            return "- "
        if name in ("dt", "dd"):
            return ""
        if name == "br":
            return " "
        return self.render(tag.contents) if tag.contents else ""

    def _take_infobox(self, template: Template) -> str:
        """Keep the facts; give back the caption of the infobox's picture, which goes with the lead."""
        facts = []
        for param in template.params:
            key = str(param.name).strip()
            if not param.showkey or key.lower() in _SKIP_PARAMS:
                continue
            value = clean_text(self.render(param.value))
            if value:
                label = key.replace("_", " ").replace("-", " ")
                facts.append(InfoboxFact(label[:1].upper() + label[1:], (value,)))
        if self.infobox:
            return ""
        self.infobox = facts
        image = template.get("image").value.strip_code().strip() if template.has("image") else ""
        caption = clean_text(self.render(template.get("caption").value)) if template.has("caption") else ""
        return f"\n\n![{caption}]({quote(image)})\n\n" if image and caption else ""
