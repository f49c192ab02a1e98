"""`python -m generator export LESSON --level L --to FORMAT`: a lesson into the tools teachers use.

In: a lesson id, a level, a format (or `all`) and options. Out: files in
<out>/<lesson>/<level>/ (default output/exports/), each validated before it is
written (see generator/exports/), and one line per file saying what it holds
and how it was checked.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError

FORMATS: dict[str, str] = {
    "qti": "questions as a QTI 1.2 package (Canvas, Schoology)",
    "moodle": "questions as Moodle XML",
    "gift": "questions as GIFT text",
    "quizlet": "vocabulary as a Quizlet import file (term TAB definition)",
    "anki": "vocabulary as an Anki deck (.apkg)",
    "docx": "handout, vocabulary sheet, questions and keys as editable Word files",
    "flashcards": "duplex vocabulary flashcards (PDF, one file per flip)",
    "bingo": "vocabulary bingo cards for a class and the caller's list (PDF)",
}


def register(sub: Any) -> None:
    command = sub.add_parser("export", help="export a lesson for an LMS, a flashcard app, Word or class sets")
    command.add_argument("lesson", help="lesson id")
    command.add_argument(
        "--level", required=True, help="the level to export (elementary, middle, high, source)"
    )
    command.add_argument(
        "--to",
        required=True,
        dest="fmt",
        metavar="FORMAT",
        help="one of " + ", ".join(FORMATS) + ", or all",
    )
    command.add_argument("--paper", default="letter", help="letter (default) or a4, for .docx and PDFs")
    command.add_argument(
        "--students", type=int, default=30, help="bingo: how many different cards (default 30)"
    )
    command.add_argument(
        "--free-centre",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="bingo: a free square in the middle of odd-sized cards (default: yes)",
    )
    command.add_argument(
        "--set", type=int, default=0, dest="set_number", help="bingo: another number deals other cards"
    )
    command.add_argument(
        "--flip", choices=["long", "short", "both"], default="both", help="flashcards: duplex flip"
    )
    command.add_argument("--lessons-dir", type=Path, default=Path("lessons"))
    command.add_argument("--articles-dir", type=Path, default=Path("articles"))
    command.add_argument(
        "--out", type=Path, default=Path("output") / "exports", help="default: output/exports"
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.build.atomic import write_atomically
    from generator.config import Folders
    from generator.exports.source import load_source
    from generator.spec.validation import did_you_mean  # imports pydantic: only when exporting

    wanted = list(FORMATS) if args.fmt == "all" else [args.fmt]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise GeneratorError(
            f"--to: expected one of {', '.join(FORMATS)} or all, found '{args.fmt}'"
            + did_you_mean(args.fmt, [*FORMATS, "all"])
        )
    if args.paper not in ("letter", "a4"):
        raise GeneratorError(f"--paper: expected letter or a4, found '{args.paper}'")
    source = load_source(Folders(args.lessons_dir, args.articles_dir, args.out), args.lesson, args.level)
    folder = args.out / source.lesson.id / source.level_id
    for fmt in wanted:
        for output in _exporter(fmt)(source, args):
            target = folder / output.name
            write_atomically(target, output.data)
            print(f"wrote   {target}  {output.summary}")
            for check in output.checks:
                print(f"  checked: {check}")
    return 0


def _exporter(fmt: str) -> Callable[[Any, argparse.Namespace], list[Any]]:
    """The export function of a format; each module is imported only when asked for."""

    def questions(module: str, function: str) -> Callable[[Any, argparse.Namespace], list[Any]]:
        def export(source: Any, args: argparse.Namespace) -> list[Any]:
            import importlib

            from generator.exports.quizitems import quiz_for

            return [
                getattr(importlib.import_module(f"generator.exports.{module}"), function)(quiz_for(source))
            ]

        return export

    if fmt in ("qti", "moodle", "gift"):
        return questions(fmt, f"export_{fmt}")
    if fmt == "quizlet":
        from generator.exports.quizlet import export_quizlet

        return lambda source, args: [export_quizlet(source)]
    if fmt == "anki":
        from generator.exports.anki import export_anki

        return lambda source, args: [export_anki(source)]
    if fmt == "docx":
        from generator.exports.docx_sheets import export_docx

        return lambda source, args: export_docx(source, args.paper)
    if fmt == "flashcards":
        from generator.exports.flashcards import export_flashcards
        from generator.exports.output import FLIPS

        return lambda source, args: export_flashcards(
            source, args.paper, FLIPS if args.flip == "both" else (args.flip,)
        )
    from generator.exports.bingo import export_bingo

    return lambda source, args: export_bingo(
        source, args.paper, args.students, args.free_centre, args.set_number
    )
