"""`python -m generator audit [LESSON...]`: every printed fact checked against the article.

Prints one line per finding (`file:line: lesson/level: message`) and exits 1 on
any; `make check` runs it over the bundled lessons.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    command = sub.add_parser(
        "audit",
        help="check that every printed name, number, date and event date is the article's",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    command.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson ids (default: all)")
    command.add_argument("--lessons-dir", type=Path, default=Path("lessons"))
    command.add_argument("--articles-dir", type=Path, default=Path("articles"))
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.audit import audit

    report = audit(args.lessons_dir, args.articles_dir, tuple(args.lessons))
    for message in report.errors:
        print(f"error: {message}", file=sys.stderr)
    for finding in report.findings:
        print(finding)
    count = len(report.findings)
    lessons = len(report.lessons)
    if report.ok:
        plural = "s" if lessons != 1 else ""
        print(f"audit: {lessons} lesson{plural}, every name, number and date is the article's")
        return 0
    print(
        f"audit: {count} finding{'s' if count != 1 else ''} in {lessons} lesson{'s' if lessons != 1 else ''}"
        + (f"; {len(report.errors)} lesson error(s)" if report.errors else ""),
        file=sys.stderr,
    )
    return 1
