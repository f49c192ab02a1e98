"""The only way WeasyPrint may read a resource while rendering: files of the layouts folder.

In: a URL WeasyPrint wants (a stylesheet, an image, a font named by CSS).
Out: the file's bytes when the URL is a `file:` URL whose resolved path (symlinks
followed) lies inside the layouts folder; otherwise a `RefusedResource` error
naming the URL. `http:`, `https:`, `ftp:`, `data:` and every other scheme are
refused, as are `../` escapes and symlinks that leave the folder. Fonts come
from fontconfig, which WeasyPrint asks directly, so no font URL is ever needed.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator.errors import RenderError


class RefusedResource(RenderError):
    """Raised when a document asks for a resource outside the layouts folder."""


def check_url(url: str, root: Path) -> Path:
    """The file inside `root` that `url` names; RefusedResource for anything else."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    shown = url if len(url) <= 80 else url[:77] + "..."
    if scheme != "file":
        raise RefusedResource(
            f"refused to fetch '{shown}': expected a file of {root}, found a "
            f"{scheme or 'relative'}: URL; documents may not load anything from elsewhere"
        )
    if parts.netloc not in ("", "localhost"):
        raise RefusedResource(
            f"refused to fetch '{shown}': expected a local file, found host '{parts.netloc}'"
        )
    target = Path(url2pathname(unquote(parts.path))).resolve()
    inside = root.resolve()
    if not target.is_relative_to(inside):
        raise RefusedResource(f"refused to read '{shown}': expected a file inside {inside}, found {target}")
    if not target.is_file():
        raise RefusedResource(f"refused to read '{shown}': no such file in {inside}")
    return target


class LayoutsFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """A WeasyPrint URL fetcher that serves the layouts folder and refuses everything else.

    A refusal stops the rendering of the document (fail_on_errors), so it is
    reported with the document instead of silently printing a page without it."""

    def __init__(self, root: Path) -> None:
        super().__init__(fail_on_errors=True)
        self.root = root
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            path = check_url(url, self.root)
        except RefusedResource:
            self.refused.append(url)
            raise
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})
