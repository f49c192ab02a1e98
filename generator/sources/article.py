"""Read an article (articles/<id>.txt and its <id>.yaml) into an `Article`.

In: the path of an article text: the clean form `add-article` writes, or a
plain-text copy of a page (the bundled Kiddle page), plus its metadata file.
Out: an `Article` with its title, license and dates from the metadata file,
its infobox facts, lead and sections (stable ids, heading, paragraphs,
parent), image captions kept apart from the reading text and its "See also"
list. A page with no headings is cut where its topic changes, never into
numbered parts. `read_page` reads any supported source (plain text, Markdown,
wikitext, saved HTML) into a `Page` for `add-article`.
"""

from __future__ import annotations

import dataclasses
from functools import cache, lru_cache
from pathlib import Path

from generator.errors import ArticleError
from generator.sources.assemble import assemble
from generator.sources.cleanup import tidy
from generator.sources.markdown import MARKER, read_markdown
from generator.sources.metadata import ArticleMeta, load_metadata
from generator.sources.model import Article, Image, InfoboxFact, Section
from generator.sources.page import Page
from generator.sources.plaintext import read_plain_text
from generator.sources.repair import fix_mojibake, repair

__all__ = ["Article", "Image", "InfoboxFact", "Section", "parse_article", "read_article", "read_page"]

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".wiki": "wikitext",
    ".wikitext": "wikitext",
    ".mediawiki": "wikitext",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


def read_article(path: Path, require_metadata: bool = True) -> Article:
    """Read the article at `path`; raise ArticleError if it cannot be read, or if its
    metadata file is missing or invalid (when `require_metadata`: every build needs it).

    Lessons share articles, so a page read once in a process is reused while its
    files are unchanged."""
    meta_path = path.with_suffix(".yaml")
    return _read_article(path, _stamp(path), _stamp(meta_path), require_metadata)


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@cache
def _read_article(path: Path, stamp: int, meta_stamp: int, require_metadata: bool) -> Article:
    text = read_source_text(path, what="article")
    meta_path = path.with_suffix(".yaml")
    meta: ArticleMeta | None = None
    if meta_path.exists():
        meta = load_metadata(meta_path)
    elif require_metadata:
        raise ArticleError(
            f"{path}: expected a metadata file {meta_path} with the article's title and license, "
            f"found none; write it with 'python -m generator add-article {path}'"
        )
    # A copy of the parse, so the page read for another path (a lesson folder's copy of the
    # same article) is not parsed again; the copy's title, path and source are its own.
    article = dataclasses.replace(_parsed_article(text, path.stem.replace("-", " ")))
    if meta is not None:
        article.title = meta.title
    article.path = path
    article.source = meta
    return article


def read_source_text(path: Path, what: str = "source") -> str:
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise ArticleError(f"{path}: no such {what} file") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if FORMATS.get(path.suffix.lower()) == "html":
            return data.decode("cp1252", errors="replace")  # old pages without UTF-8
        raise ArticleError(
            f"{path}: expected UTF-8 text, found a byte 0x{exc.object[exc.start]:02x} "
            f"at offset {exc.start}; save the page as UTF-8"
        ) from None


@lru_cache(maxsize=64)
def _parsed_article(text: str, fallback_title: str) -> Article:
    return parse_article(text, fallback_title)


def parse_article(text: str, fallback_title: str = "Untitled") -> Article:
    """An article from the text of a page, titled `fallback_title` (never its first line)."""
    page = tidy(_read(text, "text"))
    return assemble(page, fallback_title)


def read_page(path: Path, kind: str | None = None) -> Page:
    """Any supported source file as a tidied `Page` (kind: text, markdown, wikitext, html)."""
    text = read_source_text(path)
    kind = kind or FORMATS.get(path.suffix.lower()) or sniff(text)
    return tidy(_read(text, kind))


def sniff(text: str) -> str:
    """The format of a file whose name does not say it."""
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    if "{{infobox" in head or "'''" in head and "[[" in head:
        return "wikitext"
    return "text"


def _read(text: str, kind: str) -> Page:
    if kind == "html":
        from generator.sources.htmlpage import read_html  # trafilatura: imported only when needed

        return read_html(fix_mojibake(text))
    text = repair(text)
    if kind == "wikitext":
        from generator.sources.wikitext import read_wikitext

        return read_wikitext(text)
    if kind == "markdown" or text.lstrip().startswith(MARKER):
        return read_markdown(text)
    return read_plain_text(text)
