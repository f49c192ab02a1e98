"""Command line: `python -m generator <command>`.

Every command prints messages, never tracebacks, for problems a user can fix
(any `GeneratorError`), and exits 1 on them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .article import read_article
from .build import Folders, Selection, build
from .errors import GeneratorError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    sections = sub.add_parser("sections", help="list an article's sections with ids and counts")
    sections.add_argument("path", type=Path, help="a plain-text article page")
    sections.set_defaults(run=_sections)

    builder = sub.add_parser("build", help="build lessons into PDFs")
    builder.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson ids (default: all)")
    builder.add_argument("--grade", type=int, help="build the level for this grade only")
    builder.add_argument("--level", help="build this level only (elementary, middle, high, source)")
    builder.add_argument(
        "--paper",
        choices=["letter", "a4"],
        default=os.environ.get("PAPER", "letter").lower() or "letter",
        help="paper size (default: letter, or $PAPER)",
    )
    _folder_options(builder)
    builder.set_defaults(run=_build)
    return parser


def _folder_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lessons-dir", type=Path, default=Path("lessons"))
    parser.add_argument("--articles-dir", type=Path, default=Path("articles"))
    parser.add_argument("--out", type=Path, default=Path("output"))


def _folders(args: argparse.Namespace) -> Folders:
    return Folders(args.lessons_dir, args.articles_dir, args.out)


def _sections(args: argparse.Namespace) -> int:
    article = read_article(args.path)
    print(f"{article.title}")
    width = max((len(s.id) + (2 if s.parent else 0) for s in article.sections), default=2)
    print(f"{'id':<{width}}  paragraphs  words  heading")
    for section in article.sections:
        shown = ("  " if section.parent else "") + section.id
        note = f"  (repeats {section.duplicate_of})" if section.duplicate_of else ""
        print(f"{shown:<{width}}  {len(section.paragraphs):>10}  {section.words:>5}  {section.heading}{note}")
    return 0


def _build(args: argparse.Namespace) -> int:
    if args.grade is not None and args.level:
        raise GeneratorError("give --grade or --level, not both")
    selection = Selection(tuple(args.lessons), args.grade, args.level)
    report = build(_folders(args), selection, paper=args.paper)
    for doc in report.built:
        print(f"built   {doc.path}  ({doc.pages} page{'s' if doc.pages != 1 else ''})")
    for note in report.notes:
        print(f"note    {note}")
    for lesson_id, messages in report.errors.items():
        print(f"failed  {lesson_id}: nothing written", file=sys.stderr)
        for message in messages:
            print(f"  {message}", file=sys.stderr)
    print(f"{len(report.built)} built, {len(report.errors)} lesson(s) failed")
    return 0 if report.ok else 1
