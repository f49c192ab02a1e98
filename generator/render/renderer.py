"""Render document values to PDF: Jinja2 templates in layouts/, typeset by WeasyPrint.

In: a document value (see documents.py) and a paper size. Out: PDF bytes.
The expensive engine objects (the Jinja environment, one FontConfiguration,
the parsed print CSS, WeasyPrint's image cache) are made once per `Renderer`
and reused for every document, which keeps a steady document near the bare
renderer's time and memory flat.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Literal

import jinja2

from generator.errors import RenderError
from generator.spec.files import LAYOUTS

Paper = Literal["letter", "a4"]
PAPERS: dict[str, str] = {"letter": "letter", "a4": "A4"}


class Renderer:
    def __init__(self, layouts: Path = LAYOUTS) -> None:
        # Imported here: WeasyPrint takes most of a second to import, and the
        # reading, listing and checking commands never render.
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.layouts = layouts
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(layouts),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.fonts = FontConfiguration()
        self.print_css = CSS(filename=str(layouts / "print.css"), font_config=self.fonts)
        self.paper_css = {
            paper: CSS(string=f"@page {{ size: {size}; }}", font_config=self.fonts)
            for paper, size in PAPERS.items()
        }
        self.cache: dict[str, Any] = {}

    def html(self, document: Any, fit: str | None = None) -> str:
        """`fit`: a class for <body> that changes spacing to end the last page well (fit.py)."""
        try:
            template = self.env.get_template(document.template)
            return template.render(doc=document, fit=fit)
        except jinja2.TemplateError as exc:
            where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "lineno", None) else ""
            raise RenderError(f"{where}{document.template}: {exc}") from None

    def standalone_html(self, document: Any, paper: Paper = "letter") -> str:
        """The document as one self-contained HTML file (styles inline), for screens."""
        css = (self.layouts / "print.css").read_text(encoding="utf-8")
        style = f"<style>\n{css}\n@page {{ size: {PAPERS[paper]}; }}\n</style>\n</head>"
        return self.html(document).replace("</head>", style, 1)

    def close(self) -> None:
        """Remove the font folder WeasyPrint makes for @font-face rules, if any."""
        folder = getattr(self.fonts, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)

    def pdf(self, document: Any, paper: Paper = "letter") -> tuple[bytes, int]:
        """The PDF of `document` and its page count."""
        from weasyprint import HTML

        from generator.render.fit import fitted

        def lay_out(fit: str | None) -> Any:
            html = HTML(string=self.html(document, fit), base_url=str(self.layouts))
            return html.render(
                stylesheets=[self.print_css, self.paper_css[paper]],
                font_config=self.fonts,
                cache=self.cache,
            )

        rendered = fitted(lay_out)
        return rendered.write_pdf(), len(rendered.pages)
