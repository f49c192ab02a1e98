"""Command line: `python -m generator <command>`.

Every command prints messages, never tracebacks, for problems a user can fix
(any `GeneratorError`), and exits 1 on them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build.progress import summary_table
from generator.commands import (
    add_article,
    audit,
    check_layout,
    check_pdf,
    export,
    items,
    new_lesson,
    schema,
    serve,
    show_article,
    watch,
)
from generator.config import MAX_VERSIONS, BuildConfig, Folders, Selection, default_jobs
from generator.errors import GeneratorError, LessonError
from generator.spec.files import LEVELS_FILE

if TYPE_CHECKING:
    from generator.passages.passage import Passage
    from generator.spec.documents import DocumentChoice
    from generator.spec.lesson import Lesson

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

# The stages that read lessons import pydantic, WeasyPrint and the dictionaries,
# which take most of a second: commands import them when they need them, so a
# build with nothing to do stays fast.


# The environment variables that set the parser's defaults (see `_parser`).
DEFAULTS_FROM = ("PAPER", "VERSIONS", "JOBS")


def main(argv: list[str] | None = None) -> int:
    parser = _parser(*(os.environ.get(name) for name in DEFAULTS_FROM))
    args = parser.parse_args(argv)
    try:
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        return 0


@cache
def _parser(*_environment: str | None) -> argparse.ArgumentParser:
    """The command line's parser, made once per value of the variables in DEFAULTS_FROM
    (its defaults read them): a process that runs many commands (the web page, the
    tests) builds its twenty subcommands once."""
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    _add_sections(sub)
    _add_build(sub)
    _add_lesson_commands(sub)
    export.register(sub)
    add_article.register(sub)
    show_article.register(sub)
    audit.register(sub)
    items.register(sub)
    new_lesson.register(sub)
    schema.register(sub)
    watch.register(sub)
    check_pdf.register(sub)
    check_layout.register(sub)
    serve.register(sub)
    return parser


def _add_sections(sub: Subparsers) -> None:
    sections = sub.add_parser("sections", help="list an article's sections with ids and counts")
    sections.add_argument("path", type=Path, help="a plain-text article page")
    sections.set_defaults(run=_sections)


def _add_build(sub: Subparsers) -> None:
    """The build command. Its defaults read $PAPER, $JOBS and $VERSIONS when the parser is made."""
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
    builder.add_argument(
        "--format",
        choices=["pdf", "html"],
        default="pdf",
        dest="fmt",
        help="pdf for print (default), or self-contained html for screens",
    )
    builder.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=default_jobs(),
        help="worker processes (default: $JOBS, or the number of cores)",
    )
    builder.add_argument(
        "--versions",
        type=int,
        default=int(os.environ.get("VERSIONS") or 1),
        help=f"versions of the questions, shuffled (2 gives A and B; 1 to {MAX_VERSIONS}; default 1)",
    )
    builder.add_argument(
        "--no-wait",
        action="store_true",
        help="when another build is using the output folder, stop with a message instead of waiting",
    )
    builder.add_argument(
        "--large-print", action="store_true", help="18 pt type, wider lines and bigger drawings (own folder)"
    )
    builder.add_argument(
        "--font",
        choices=["standard", "dyslexic"],
        default="standard",
        help="dyslexic: OpenDyslexic with extra letter and word spacing, no italics (own folder)",
    )
    _folder_options(builder)
    builder.set_defaults(run=_build)


def _add_lesson_commands(sub: Subparsers) -> None:
    """The commands that inspect a lesson's passages: measure, check, passage, events and others."""
    _lesson_command(
        sub,
        "measure",
        "print the readability of a lesson's passages",
        _measure,
        "one level only",
        required=False,
    )

    check = sub.add_parser("check", help="fail when a written passage is outside its level's range")
    check.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson ids (default: all)")
    _folder_options(check)
    check.set_defaults(run=_check)

    _lesson_command(
        sub,
        "passage",
        "print a lesson's passage at a level, paragraphs numbered",
        _passage,
        "the level to print",
    )
    _lesson_command(
        sub,
        "events",
        "list the dated events of a lesson's sections",
        _events,
        "whose passage to read (default: the source text)",
        required=False,
    )
    _lesson_command(
        sub,
        "suggest-vocab",
        "list candidate glossary words of a passage",
        _suggest_vocab,
        "the level whose passage to read",
    )
    stub = _lesson_command(
        sub,
        "level-stub",
        "write a starting file for a leveled passage",
        _level_stub,
        "the level to write (elementary, middle, high)",
    )
    stub.add_argument("--force", action="store_true", help="overwrite an existing file")


Command = Callable[[argparse.Namespace], int]


def _lesson_command(
    sub: Subparsers,
    name: str,
    help_text: str,
    run: Command,
    level_help: str,
    required: bool = True,
    default: str | None = None,
) -> argparse.ArgumentParser:
    """A command that works on one lesson at a level."""
    command = sub.add_parser(name, help=help_text)
    command.add_argument("lesson", help="lesson id")
    command.add_argument("--level", required=required, default=default, help=level_help)
    _folder_options(command)
    command.set_defaults(run=run)
    return command


def _folder_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lessons-dir", type=Path, default=Path("lessons"))
    parser.add_argument("--articles-dir", type=Path, default=Path("articles"))
    parser.add_argument("--out", type=Path, default=Path("output"))


def _folders(args: argparse.Namespace) -> Folders:
    return Folders(args.lessons_dir, args.articles_dir, args.out)


def _sections(args: argparse.Namespace) -> int:
    from generator.sources.article import read_article

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
    from generator.build.run import build

    config = BuildConfig(
        folders=_folders(args),
        selection=Selection(tuple(args.lessons), args.grade, args.level),
        paper=args.paper,
        fmt=args.fmt,
        versions=args.versions,
        jobs=args.jobs,
        large_print=args.large_print,
        font=args.font,
    )
    report = build(config, on_wait=_on_wait(config.folders.output, args.no_wait))
    for line in report.not_covered:
        print(f"skipped {line}")
    for note in report.notes:
        print(f"note    {note}")
    for lesson_id, choices in report.documents.items():
        print(f"lesson  {documents_line(lesson_id, choices)}")
    failed = sum(len(m) for m in report.errors.values())
    for lesson_id, messages in report.errors.items():
        written = ": nothing written" if lesson_id in report.invalid else ""
        print(f"failed  {lesson_id}{written}", file=sys.stderr)
        for message in messages:
            print(f"  {message}", file=sys.stderr)
    print(summary_table(len(report.built), report.skipped, failed, report.pages, report.seconds))
    if report.errors:
        print(f"{len(report.errors)} lesson(s) failed: {', '.join(report.errors)}", file=sys.stderr)
    if report.not_covered and len(report.not_covered) == _selected_count(config):
        asked = f"grade {args.grade}" if args.grade is not None else f"level '{args.level}'"
        print(f"error: no selected lesson covers {asked}; nothing to build", file=sys.stderr)
        return 1
    return 0 if report.ok else 1


def _on_wait(output: Path, no_wait: bool) -> Callable[[int | None], None]:
    """While another build holds `output`: say so and wait, or (--no-wait) stop."""
    from generator.build.lock import refusal, waiting_message

    def on_wait(pid: int | None) -> None:
        if no_wait:
            raise refusal(output, pid)
        print(waiting_message(output, pid), file=sys.stderr, flush=True)

    return on_wait


def documents_line(lesson_id: str, choices: tuple[DocumentChoice, ...]) -> str:
    """'my-war: handout, vocabulary; no timeline (no events: ...)' for the build summary."""
    built = ", ".join(c.kind for c in choices if c.built) or "nothing"
    left = "; ".join(f"no {c.kind} ({c.reason})" for c in choices if not c.built)
    return f"{lesson_id}: {built}" + (f"; {left}" if left else "")


def _measure(args: argparse.Namespace) -> int:
    from generator.passages.gather import gather

    gathered = gather(_folders(args), Selection((args.lesson,), level_id=args.level))
    _raise_lesson_errors(gathered.errors)
    if args.lesson in gathered.skipped:
        raise GeneratorError(gathered.skipped[args.lesson].reason)
    for lesson, passage in gathered.passages:
        r, level = passage.readability, passage.level
        origin = (
            "hand-written"
            if passage.source_file
            else ("source text (fallback)" if passage.fallback else "source text")
        )
        target = f"range {level.fk_range[0]}-{level.fk_range[1]}, " if level.fk_range else ""
        band = f"band {level.band}" if level.band else "no band"
        print(f"{lesson.id}  {level.id}  {origin}")
        print(f"  Flesch-Kincaid grade {r.fk_grade:.1f} ({target}{band})")
        print(
            f"  {r.words} words, {r.sentences} sentences, {r.words_per_sentence} words per "
            f"sentence, longest {r.longest_sentence_words}"
        )
        glossed = [w for w in r.hard_words if lesson.spec.gloss_for(w)]
        marked = ", ".join(w + ("*" if w in glossed else "") for w in r.hard_words) or "none"
        print(
            f"  hard words {r.hard_word_share:.1%} of words ({len(glossed)} of "
            f"{len(r.hard_words)} in the glossary, marked *): {marked}"
        )
    return 0


def _check(args: argparse.Namespace) -> int:
    from generator.documents.base import estimate_line
    from generator.passages.check import check_passage, check_rising
    from generator.passages.gather import gather

    gathered = gather(_folders(args), Selection(tuple(args.lessons)))
    _raise_lesson_errors(gathered.errors)
    passages = [p for _, p in gathered.passages]
    problems = [m for p in passages for m in check_passage(p)] + check_rising(passages)
    for passage in passages:
        if passage.source_file and not check_passage(passage):
            print(
                f"ok      {passage.lesson_id}/{passage.level.id}: "
                f"{estimate_line(passage)}, {passage.readability.words} words"
            )
        elif passage.fallback:
            print(
                f"missing {passage.lesson_id}/{passage.level.id}: no hand-written text; "
                f"the build uses the source text"
            )
    for problem in problems:
        print(f"problem {problem}", file=sys.stderr)
    return 1 if problems else 0


def _level_stub(args: argparse.Namespace) -> int:
    from generator.build.atomic import write_atomically
    from generator.passages.passage import stub_text
    from generator.spec.ids import id_problem
    from generator.spec.lesson import load_lesson
    from generator.spec.levels import Levels

    folders = _folders(args)
    problem = id_problem(args.lesson, "a lesson id")
    if problem:
        raise GeneratorError(f"level-stub: {problem}")
    levels = Levels(folders.lessons / LEVELS_FILE)
    lesson = load_lesson(folders.lessons / f"{args.lesson}.yaml", levels, folders.articles)
    level = lesson.levels.get(args.level)
    if level is None or level.is_source:
        raise GeneratorError(
            f"expected a level to write ({', '.join(lv for lv in lesson.levels if lv != 'source')}), "
            f"found '{args.level}'"
        )
    target = folders.lessons / lesson.id / f"{level.id}.md"
    if target.exists() and not args.force:
        raise GeneratorError(f"{target} exists; edit it, or pass --force to start again from the source")
    write_atomically(target, stub_text(lesson, level).encode(), root=folders.lessons)
    print(
        f"wrote   {target}: rewrite each paragraph, then run "
        f"'python -m generator measure {lesson.id} --level {level.id}'"
    )
    return 0


def _passage(args: argparse.Namespace) -> int:
    _, passage = _one_passage(args)
    for section in passage.sections:
        print(f"## {section.heading}\n")
        for paragraph in section.paragraphs:
            print(f"[{paragraph.number}] {paragraph.text}\n")
    return 0


def _events(args: argparse.Namespace) -> int:
    from generator.passages.events import extract_events

    if args.level is None:  # the source text: the level without grades
        from generator.spec.levels import Levels

        args.level = Levels(args.lessons_dir / LEVELS_FILE).ordered()[-1].id
    lesson, passage = _one_passage(args)
    found = extract_events(passage, lesson)
    print(f"{lesson.id}  {passage.level.id}: {len(found)} dated events (date, precision, where)")
    for event in found:
        print(
            f"  {event.when.label:<28} {event.when.precision:<7} "
            f"{event.section_id} paragraph {event.paragraph}"
        )
        print(f"      {event.text}")
    return 0


def _suggest_vocab(args: argparse.Namespace) -> int:
    from generator.passages.glossary import suggest

    lesson, passage = _one_passage(args)
    print(
        f"{lesson.id}  {passage.level.id}: candidate words, rarest first "
        f"(zipf = log10 uses per billion words; N = a name, G = already in the glossary)"
    )
    for candidate in suggest(lesson, passage):
        marks = ("N" if candidate.is_name else " ") + ("G" if candidate.glossed else " ")
        print(f"  {candidate.zipf:4.1f}  {marks}  {candidate.word}")
    return 0


def _one_passage(args: argparse.Namespace) -> tuple[Lesson, Passage]:
    """The validated lesson named on the command line and its passage at --level."""
    from generator.passages.gather import gather

    gathered = gather(_folders(args), Selection((args.lesson,), level_id=args.level))
    _raise_lesson_errors(gathered.errors)
    if args.lesson in gathered.skipped:
        raise GeneratorError(gathered.skipped[args.lesson].reason)
    return gathered.passages[0]


def _raise_lesson_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise LessonError([m for messages in errors.values() for m in messages])


def _selected_count(config: BuildConfig) -> int:
    # Imported here: the lesson stages load pydantic, which a build with nothing to do
    # never needs.
    from generator.passages.gather import selected_paths

    return len(selected_paths(config.folders.lessons, config.selection.lesson_ids))
