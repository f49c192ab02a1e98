"""`python -m generator items [LESSON...] [--level L]`: every generated item, for a teacher to read.

Prints each generated question item (cloze, fact-box true/false, "which came
first?") with its key, the passage sentences it comes from and the article
sentences that confirm its key; then the candidates dropped, with the reason;
then one line of totals. `--summary` prints only the totals.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    command = sub.add_parser(
        "items",
        help="list the generated question items with their keys and sources",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    command.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson ids (default: all)")
    command.add_argument("--level", help="one level only (elementary, middle, high, source)")
    command.add_argument("--summary", action="store_true", help="print only the totals")
    command.add_argument("--lessons-dir", type=Path, default=Path("lessons"))
    command.add_argument("--articles-dir", type=Path, default=Path("articles"))
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.audit.load import load_lessons
    from generator.documents.generated import generated_items, summary_line

    loaded = load_lessons(args.lessons_dir, args.articles_dir, tuple(args.lessons), args.level)
    for message in loaded.errors:
        print(f"error: {message}", file=sys.stderr)
    results = []
    for lesson, passages in loaded.lessons:
        for passage in passages:
            result = generated_items(lesson, passage)
            results.append(result)
            if not args.summary:
                _print(result)
    if results:
        print(summary_line(results))
    return 1 if loaded.errors else 0


def _print(result: Any) -> None:
    from generator.documents.generated import KINDS, REASONS

    print(
        f"{result.lesson_id}/{result.level_id}: {len(result.items)} generated item(s), "
        f"{len(result.dropped)} candidate(s) dropped"
    )
    for n, generated in enumerate(result.items, start=1):
        item = generated.item
        print(f"  {n}. {KINDS[item.kind]}: {item.prompt}")
        for option in item.options:
            print(f"       {option.letter}. {option.text}")
        print(f"     key: {item.key}")
        for paragraph, sentence in item.evidence:
            print(f"     from paragraph {paragraph}: \u201c{sentence}\u201d")
        for sentence in generated.article:
            print(f"     article: \u201c{sentence}\u201d")
    for dropped in result.dropped:
        where = f"paragraph {dropped.paragraph}" if dropped.paragraph else "fact box"
        why = REASONS[dropped.reason]
        print(f"  dropped {KINDS[dropped.kind]} ({where}): {why}: \u201c{dropped.text}\u201d")
    print()
