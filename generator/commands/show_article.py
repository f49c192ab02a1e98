"""`python -m generator show-article ID`: what an article holds, before writing a lesson.

In: an article id (articles/<id>.txt and .yaml). Out: printed: its source and
dates, its sections (id, words, reading grade, heading, first sentence), its
infobox facts, its dated events, and warnings a teacher should act on.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from generator.errors import ArticleError


def register(sub: Any) -> None:
    command = sub.add_parser("show-article", help="show an article's sections, facts, dates and warnings")
    command.add_argument("article_id", metavar="ID", help="article id (articles/<id>.txt)")
    command.add_argument("--articles-dir", type=Path, default=Path("articles"))
    command.add_argument("--max-section-words", type=int, default=None, help="warn above (default 600)")
    command.add_argument("--max-paragraph-words", type=int, default=None, help="warn above (default 180)")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.sources.article import read_article
    from generator.sources.survey import MAX_PARAGRAPH_WORDS, MAX_SECTION_WORDS, survey
    from generator.spec.validation import did_you_mean

    path = args.articles_dir / f"{args.article_id}.txt"
    if not path.exists():
        known = sorted(p.stem for p in args.articles_dir.glob("*.txt"))
        raise ArticleError(
            f"{path}: no such article; expected one of {', '.join(known) or '(none yet)'}"
            + (did_you_mean(args.article_id, known) or "; import one with 'python -m generator add-article'")
        )
    article = read_article(path, require_metadata=False)
    report = survey(
        article,
        args.max_section_words or MAX_SECTION_WORDS,
        args.max_paragraph_words or MAX_PARAGRAPH_WORDS,
    )
    _print(report, path)
    return 0


def _print(report: Any, path: Path) -> None:
    article = report.article
    meta = article.source
    print(f"{article.title}  ({path})")
    if meta is not None:
        print(f"  {meta.attribution_line}")
        print(f"  copied {meta.retrieved_text}; the text describes events up to {meta.covers_to_text}")
    grade = f", reading grade {report.grade:.1f} (Flesch-Kincaid)" if report.grade is not None else ""
    print(f"  {len(report.sections)} sections, {report.words} words{grade}")
    print("\nsections: id, words, grade, heading / first sentence")
    for line in report.sections:
        indent = "  " if line.parent else ""
        grade = f"{line.grade:4.1f}" if line.grade is not None else "   -"
        print(f"  {indent}{line.id:<{44 - len(indent)}} {line.words:>5}  {grade}  {line.heading}")
        if line.first_sentence:
            print(f"  {indent}    {_short(line.first_sentence, 100)}")
    print(f"\ninfobox: {len(article.infobox)} facts")
    for fact in article.infobox:
        print(f"  {fact.label}: {'; '.join(fact.values)}")
    if article.images:
        print(f"\nimage captions (kept apart from the text): {len(article.images)}")
        for image in article.images:
            print(f"  {image.section_id}: {_short(image.caption, 90)}")
    print(f"\ndated events: {len(report.events)} (date, section, paragraph)")
    for event in report.events:
        print(f"  {event.when.label:<28} {event.section_id} {event.paragraph}")
        print(f"      {_short(event.sentence, 110)}")
    print(f"\nwarnings: {len(report.warnings) or 'none'}")
    for warning in report.warnings:
        print(f"  {warning}")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
