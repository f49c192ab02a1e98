"""Render document values to PDF: Jinja2 templates in layouts/, typeset by WeasyPrint.

In: a document value (see documents.py) and a paper size. Out: PDF bytes.
Every PDF is tagged as PDF/UA-1 (WeasyPrint's `pdf_variant`): a structure tree
from the HTML's semantics, the title from <title>, the language from <html lang>,
running headers and footers as artifacts. Print options (large print, the
dyslexia-friendly font) add their own stylesheet after print.css.
The expensive engine objects (the Jinja environment, one FontConfiguration,
the parsed print CSS, WeasyPrint's image cache) are made once per `Renderer`
and reused for every document, which keeps a steady document near the bare
renderer's time and memory flat. A renderer kept between builds (the watcher's)
asks `stale()` before each document: an edited stylesheet makes a new one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from generator.config import PAPERS, PageGeometry, PrintOptions
from generator.documents.base import Printable
from generator.errors import RenderError
from generator.render.artifacts import footers_as_artifacts
from generator.render.css import css_number, css_string
from generator.spec.files import LAYOUTS

if TYPE_CHECKING:
    from generator.render.fit import Fit

# WeasyPrint's variant for accessible PDFs: tagged, with /Lang, /Title shown as the window
# title and the XMP identification of PDF/UA-1.
PDF_VARIANT = "pdf/ua-1"
STANDARD = PrintOptions()
# A page that touches what every document needs (regular, bold and italic type, a list, a
# table, running header and footer, a tagged PDF with its artifacts pass), laid out once by
# `Renderer.warm` so that the first document of a warm process pays for none of it.
WARM_UP = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Warm up</title></head>
<body><h1>Warm up</h1><p>A <b>bold</b> and <i>italic</i> line, 1 2 3.</p>
<ol><li>One</li></ol><table><tr><th>A</th><td>B</td></tr></table></body></html>"""


def option_stylesheets(options: PrintOptions) -> list[str]:
    """The names of the option stylesheets (in layouts/, without .css) `options` turns on."""
    return [
        name
        for name, on in (("large-print", options.large_print), ("dyslexic", options.font == "dyslexic"))
        if on
    ]


class Renderer:
    def __init__(self, layouts: Path = LAYOUTS) -> None:
        # Imported here: WeasyPrint takes most of a second to import, and the
        # reading, listing and checking commands never render.
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        from generator.render.fetcher import LayoutsFetcher

        self.layouts = layouts
        self.fetcher = LayoutsFetcher(layouts)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(layouts),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # Values that reach CSS go through these, never in as raw text (see css.py).
        self.env.filters["css_string"] = css_string
        self.env.filters["css_number"] = css_number
        self.fonts = FontConfiguration()
        self.print_css = CSS(
            filename=str(layouts / "print.css"), font_config=self.fonts, url_fetcher=self.fetcher
        )
        # Page size and margins come from the build's PageGeometry, the same values
        # composition sizes drawings with.
        self.page_css = {
            page: CSS(string=page.page_css(), font_config=self.fonts, url_fetcher=self.fetcher)
            for page in PAPERS.values()
        }
        # One stylesheet per print option, added after print.css when the option is on.
        # Option stylesheets (large print, dyslexic) are parsed on first use: a standard
        # build never reads them.
        self.option_css: dict[str, Any] = {}
        self.cache: dict[str, Any] = {}
        self.last_fit: Fit | None = None  # what the last pdf() chose (see fit.py)
        self._pid = os.getpid()  # a forked worker inherits this renderer but does not own it
        self._stamp = self._stylesheets_stamp()

    def _stylesheets_stamp(self) -> tuple[tuple[str, int, int], ...]:
        """Name, size and modification time of each stylesheet this renderer parses once."""
        found = []
        for path in sorted(self.layouts.glob("*.css")):
            try:
                info = path.stat()
            except OSError:
                continue
            found.append((path.name, info.st_size, info.st_mtime_ns))
        return tuple(found)

    def stale(self) -> bool:
        """True when a stylesheet changed since this renderer parsed it (templates are
        reloaded by Jinja itself)."""
        return self._stylesheets_stamp() != self._stamp

    def html(self, document: Printable, fit: str | None = None) -> str:
        """`fit`: a class for <body> that changes spacing to end the last page well (fit.py)."""
        try:
            template = self.env.get_template(document.template)
            return template.render(doc=document, fit=fit)
        except ValueError as exc:  # a filter refused a value (css.py)
            raise RenderError(f"{document.template}: {exc}") from None
        except jinja2.TemplateError as exc:
            lineno = getattr(exc, "lineno", None)
            where = f"{getattr(exc, 'filename', '')}:{lineno}: " if lineno else ""
            raise RenderError(f"{where}{document.template}: {exc}") from None

    def standalone_html(
        self,
        document: Printable,
        page: PageGeometry = PAPERS["letter"],
        options: PrintOptions = STANDARD,
    ) -> str:
        """The document as one self-contained HTML file (styles inline), for screens."""
        names = ["print", *option_stylesheets(options)]
        css = "\n".join((self.layouts / f"{name}.css").read_text(encoding="utf-8") for name in names)
        style = f"<style>\n{css}\n{page.page_css()}\n</style>\n</head>"
        return self.html(document).replace("</head>", style, 1)

    def _option_css(self, name: str) -> Any:
        from weasyprint import CSS

        if name not in self.option_css:
            path = self.layouts / f"{name}.css"
            self.option_css[name] = CSS(filename=str(path), font_config=self.fonts, url_fetcher=self.fetcher)
        return self.option_css[name]

    def close(self) -> None:
        """Remove the font folder WeasyPrint makes for @font-face rules, if any, when this
        process made the renderer (never the folder of the process it was forked from)."""
        if os.getpid() != self._pid:
            return
        folder = getattr(self.fonts, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)

    def warm(self, page: PageGeometry = PAPERS["letter"]) -> None:
        """Lay out and write one small tagged page and discard it (see WARM_UP)."""
        from weasyprint import HTML

        html = HTML(string=WARM_UP, base_url=str(self.layouts), url_fetcher=self.fetcher)
        rendered = html.render(
            stylesheets=[self.print_css, self.page_css[page]], font_config=self.fonts, cache=self.cache
        )
        footers_as_artifacts(rendered.write_pdf(pdf_variant=PDF_VARIANT))

    def pdf(
        self,
        document: Printable,
        page: PageGeometry = PAPERS["letter"],
        options: PrintOptions = STANDARD,
        known: Fit | None = None,
    ) -> tuple[bytes, int]:
        """The tagged PDF of `document` and its page count. `known`: the fit an earlier
        search chose for the same content, laid out once instead of searched for (fit.py);
        the choice made is left in `last_fit`."""
        from weasyprint.urls import FatalURLFetchingError

        from generator.render.fit import fitted
        from generator.render.parsed import Variants

        self.last_fit = None
        variants = Variants(lambda fit: self.html(document, fit), str(self.layouts), self.fetcher)

        def lay_out(fit: str | None) -> Any:
            return variants.html(fit).render(
                stylesheets=[
                    self.print_css,
                    self.page_css[page],
                    *(self._option_css(name) for name in option_stylesheets(options)),
                ],
                font_config=self.fonts,
                cache=self.cache,
            )

        try:
            rendered, self.last_fit = fitted(lay_out, known)
            tagged = rendered.write_pdf(pdf_variant=PDF_VARIANT)
            return footers_as_artifacts(tagged), len(rendered.pages)
        except FatalURLFetchingError as exc:  # the fetcher refused a resource (fetcher.py)
            cause = exc.__cause__
            raise RenderError(f"{document.template}: {cause or exc}") from None
