"""Bring a teacher's page into the project: the work behind `add-article`.

In: a source file (plain text, Markdown, wikitext or saved HTML) and the
metadata a person gave (flags or answers). Out: `Imported`: the article text
in its one clean form, the metadata file's text, and what was found (sections,
words, captions, whether headings were named from the text). Nothing is written
here and nothing is guessed: metadata comes only from the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.errors import ArticleError
from generator.sources.article import FORMATS, read_page
from generator.sources.assemble import assemble
from generator.sources.metadata import LICENSES, ArticleMeta, canonical_license, license_names
from generator.sources.model import Article
from generator.sources.normalized import to_text
from generator.sources.page import Page
from generator.text.clean import slugify

# The metadata a person gives, in the order they are asked for, with the question.
FIELDS: dict[str, str] = {
    "title": "Title of the article",
    "url": "Address (URL) of the page",
    "license": f"License ({license_names()})",
    "attribution": "Who to credit (author or publisher, e.g. 'Kiddle Encyclopedia, from Wikipedia')",
    "retrieved": "Date the page was copied (YYYY-MM-DD, YYYY-MM or YYYY)",
    "covers_to": "Latest events the text describes (a year, YYYY-MM or a date)",
}
REQUIRED = ("title", "license", "retrieved", "covers_to")
_FLAG = {name: "--" + name.replace("_", "-") for name in FIELDS}


@dataclass(frozen=True)
class Imported:
    article_id: str
    text: str  # articles/<id>.txt
    metadata: str  # articles/<id>.yaml
    article: Article
    page: Page


def load_source(source: Path, kind: str | None = None) -> Page:
    if kind is not None and kind not in set(FORMATS.values()):
        raise ArticleError(f"expected a format of {', '.join(sorted(set(FORMATS.values())))}, found '{kind}'")
    return read_page(source, kind)


def default_id(source: Path) -> str:
    """The article id from the file name ("Aral Sea.html" -> "aral-sea"), never from the text."""
    return slugify(source.stem) or "article"


def missing(values: dict[str, str | None]) -> list[str]:
    return [name for name in REQUIRED if not values.get(name)]


def build_metadata(values: dict[str, str | None]) -> ArticleMeta:
    """Validate what the person gave; raise ArticleError naming the flags to fix."""
    data: dict[str, Any] = {k: v for k, v in values.items() if v}
    if "license" in data:
        name = canonical_license(str(data["license"]))
        if name is None:
            raise ArticleError(
                f"--license: expected one of {license_names()}, found '{data['license']}'; "
                f"a page under another license cannot be printed for a class"
            )
        data["license"] = name
        if not data.get("license_url") and LICENSES[name]:
            data["license_url"] = LICENSES[name]
    try:
        meta = ArticleMeta.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else ""
            detail = str(error["ctx"]["error"]) if error["type"] == "value_error" else error["msg"].lower()
            problems.append(f"{_FLAG.get(key, key)}: {detail}")
        raise ArticleError("\n".join(problems)) from None
    if meta.covers_to > meta.retrieved:
        raise ArticleError(
            f"--covers-to: expected a date no later than --retrieved ({meta.retrieved}), "
            f"found {meta.covers_to}; a page cannot describe events after it was copied"
        )
    if meta.license.startswith("CC") and not meta.url:
        raise ArticleError(
            f"--url: expected the page's address, found nothing; {meta.license} asks for a link to it"
        )
    return meta


def metadata_text(meta: ArticleMeta, source: Path) -> str:
    """articles/<id>.yaml, each key with a comment saying what it is."""

    def value(v: str) -> str:
        return yaml.safe_dump(v, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()

    lines = [
        f"# Metadata for the article text beside this file, imported from {source.name} on "
        f"{date.today().isoformat()}.",
        "# Every key is described in README.md, 'Your own article, step by step'.",
        f"title: {value(meta.title)}  # printed in every footer",
    ]
    if meta.url:
        lines.append(f"url: {value(meta.url)}")
    lines.append(f"license: {value(meta.license)}")
    if meta.deed:
        lines.append(f"license_url: {value(meta.deed)}")
    if meta.attribution:
        lines.append(f"attribution: {value(meta.attribution)}  # who the license asks you to credit")
    lines.append(f"retrieved: {value(meta.retrieved)}  # when the page was copied")
    lines.append(f"covers_to: {value(meta.covers_to)}  # the latest events its text describes")
    return "\n".join(lines) + "\n"


def import_article(page: Page, article_id: str, meta: ArticleMeta, source: Path) -> Imported:
    text = to_text(page)
    article = assemble(page, meta.title)
    article.source = meta
    return Imported(article_id, text, metadata_text(meta, source), article, page)
