"""Parse a document's HTML once for every fit variant the layout search tries.

In: a function giving the document's HTML with a fit class on <body> (None: the
default). Out: WeasyPrint `HTML` objects to lay out. The default is parsed; a
variant whose HTML is the default's with only that class added (checked on the
text, every time) is made from a copy of the default's parsed tree with the
class set, which is the tree parsing it would give. Parsing is a fifth of the
layout time of a long sheet (the vocabulary sheet's word cards and grid), and
the search lays a document out up to nine times. Anything else is parsed as
usual, as is everything when WeasyPrint's `HTML` holds other fields than the
ones known here (a newer WeasyPrint).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

# What weasyprint.HTML.__init__ sets (WeasyPrint 70); a copy needs exactly these.
_FIELDS = {"base_url", "url_fetcher", "media_type", "wrapper_element", "etree_element"}


class Variants:
    def __init__(self, text_of: Callable[[str | None], str], base_url: str, fetcher: Any) -> None:
        self.text_of = text_of
        self.base_url = base_url
        self.fetcher = fetcher
        self.default_text = ""
        self.default: dict[str, Any] = {}  # the default's fields, its tree copied before layout
        self.reused = 0  # variants made from the default's tree (tests count them)

    def html(self, fit: str | None) -> Any:
        from weasyprint import HTML

        text = self.text_of(fit)
        if fit is not None and self.default and (made := self._from_default(text, fit)) is not None:
            self.reused += 1
            return made
        html = HTML(string=text, base_url=self.base_url, url_fetcher=self.fetcher)
        if fit is None and set(vars(html)) == _FIELDS:
            self.default_text = text
            self.default = dict(vars(html), etree_element=copy.deepcopy(html.etree_element))
        return html

    def _from_default(self, text: str, fit: str) -> Any | None:
        import cssselect2  # type: ignore[import-untyped]  # WeasyPrint's own dependency, untyped
        from weasyprint import HTML

        tree = self.default["etree_element"]
        body = tree.find("body")
        if body is None:
            return None
        opening = f'<body class="{body.get("class", "")}"'
        if self.default_text.count(opening) != 1:
            return None
        if self.default_text.replace(opening, f'{opening[:-1]} {fit}"') != text:
            return None  # the variant differs in more than the class: parse it
        tree = copy.deepcopy(tree)
        body = tree.find("body")
        body.set("class", f"{body.get('class', '')} {fit}")
        html = HTML.__new__(HTML)
        html.base_url = self.default["base_url"]
        html.url_fetcher = self.default["url_fetcher"]
        html.media_type = self.default["media_type"]
        html.wrapper_element = cssselect2.ElementWrapper.from_html_root(tree, content_language=None)
        html.etree_element = html.wrapper_element.etree_element
        return html
