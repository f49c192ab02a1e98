"""`python -m generator add-article SOURCE`: bring a teacher's page into articles/.

In: a plain-text, Markdown, wikitext or saved-HTML copy of a page, and its
metadata as flags (or, on a terminal, answers to questions). Out:
articles/<id>.txt in the clean article form and articles/<id>.yaml; a summary
of the sections found. Nothing is written unless both files can be.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from generator.errors import ArticleError


def register(sub: Any) -> None:
    command = sub.add_parser(
        "add-article",
        help="import a page (text, Markdown, wikitext, saved HTML) into articles/ with its metadata",
    )
    command.add_argument("source", type=Path, help="the page: .txt, .md, .wiki or .html")
    command.add_argument("--id", dest="article_id", help="article id (default: from the file name)")
    command.add_argument("--title", help="the article's title, printed in every footer")
    command.add_argument("--url", help="address of the page")
    command.add_argument("--license", help="CC BY-SA 4.0, CC BY-SA 3.0, CC BY 4.0, ... (see README)")
    command.add_argument("--license-url", help="the license's deed (known licenses have one)")
    command.add_argument("--attribution", help="who to credit: author or publisher")
    command.add_argument("--retrieved", help="when the page was copied: YYYY-MM-DD, YYYY-MM or YYYY")
    command.add_argument("--covers-to", help="the latest events its text describes: YYYY, YYYY-MM, ...")
    command.add_argument(
        "--format",
        dest="kind",
        choices=["text", "markdown", "wikitext", "html"],
        help="the source's format (default: from its file name)",
    )
    command.add_argument("--articles-dir", type=Path, default=Path("articles"))
    command.add_argument("--force", action="store_true", help="replace an article with the same id")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.build.atomic import write_atomically
    from generator.sources import importer

    page = importer.load_source(args.source, args.kind)
    article_id = args.article_id or importer.default_id(args.source)
    if not article_id.replace("-", "").isalnum() or article_id != article_id.lower():
        raise ArticleError(f"--id: expected lower-case letters, digits and hyphens, found '{article_id}'")
    text_path = args.articles_dir / f"{article_id}.txt"
    meta_path = text_path.with_suffix(".yaml")
    same_file = text_path.resolve() == args.source.resolve()
    if not args.force and not same_file and (text_path.exists() or meta_path.exists()):
        raise ArticleError(
            f"{text_path}: an article with the id '{article_id}' exists; pass --id for another id, "
            f"or --force to replace it"
        )
    values = {name: getattr(args, name) for name in importer.FIELDS}
    if args.license_url:
        values["license_url"] = args.license_url
    if importer.missing(values) and _interactive():
        _ask(values, page.title_line)
    absent = importer.missing(values)
    if absent:
        raise ArticleError(
            f"{args.source}: expected the article's {', '.join(absent)}, found none; give "
            + " ".join(f"--{n.replace('_', '-')} ..." for n in absent)
            + " (they are asked for only on a terminal, and never guessed from the text)"
        )
    meta = importer.build_metadata(values)
    imported = importer.import_article(page, article_id, meta, args.source)
    write_atomically(text_path, imported.text.encode("utf-8"))
    write_atomically(meta_path, imported.metadata.encode("utf-8"))
    _summary(imported, text_path, meta_path)
    return 0


def _interactive() -> bool:
    """Whether a person is at a terminal to answer questions (never in CI or a pipe)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _ask(values: dict[str, str | None], title_line: str | None) -> None:
    """Ask for each missing value; Enter takes the default shown in brackets."""
    from generator.sources.importer import FIELDS, REQUIRED

    defaults = {"title": title_line, "retrieved": date.today().isoformat()}
    print("The page needs a few facts for its footers (Enter keeps the value in brackets).")
    for name, question in FIELDS.items():
        if values.get(name):
            continue
        default = defaults.get(name)
        suffix = f" [{default}]" if default else ("" if name in REQUIRED else " (optional)")
        answer = input(f"{question}{suffix}: ").strip()
        values[name] = answer or default


def _summary(imported: Any, text_path: Path, meta_path: Path) -> None:
    article = imported.article
    sections = [s for s in article.sections]
    words = sum(s.words for s in sections)
    paragraphs = sum(len(s.paragraphs) for s in sections)
    print(
        f"wrote   {text_path}: {len(sections)} sections, {paragraphs} paragraphs, {words} words, "
        f"{len(article.infobox)} infobox facts, {len(article.images)} image captions (kept apart)"
    )
    print(f"wrote   {meta_path}: {article.source.title}, {article.source.license}")
    for section in sections:
        indent = "  " if section.parent else ""
        print(f"  {indent}{section.id:<40} {section.words:>5} words  {section.heading}")
    if imported.page.named_sections:
        print(
            "note    the page had no headings: sections start where its topic changes and are "
            f"named from their own words; edit the '## ' lines of {text_path} to rename or move them"
        )
    print(f"next    python -m generator show-article {imported.article_id}")
