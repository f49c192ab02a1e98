"""`python -m generator new-lesson ARTICLE LESSON_ID --sections a,b --grades 6-8`.

In: an article, a new lesson id, the sections to read and the grades. Out:
lessons/<id>.yaml, a complete lesson a teacher edits rather than writes (every
document on, a glossary of the passage's hardest words with WordNet drafts,
the passage's dated sentences as events, one example of each question type
with evidence quoted from the passage, teacher notes with prompts), and a level
stub lessons/<id>/<level>.md for each level the grades cover. Drafts are marked
`draft: true`; the lesson builds as written, and the build lists what remains.
Before it finishes the command loads and checks what it wrote, as a build does.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import GeneratorError

if TYPE_CHECKING:
    from generator.passages.drafting import DraftEvent, DraftQuestion, DraftTerm

SCHEMA_FILE = Path("docs") / "lesson.schema.json"


def register(sub: Any) -> None:
    command = sub.add_parser(
        "new-lesson", help="write a new lesson to edit: drafts from an article's sections"
    )
    command.add_argument(
        "article", metavar="ARTICLE", help="article id (articles/<id>.txt) or the path of its .txt file"
    )
    command.add_argument(
        "lesson", metavar="LESSON_ID", help="the new lesson's id: lowercase words and hyphens"
    )
    command.add_argument("--sections", required=True, help="section ids, comma-separated (see `sections`)")
    command.add_argument("--grades", required=True, help="grades the lesson suits, e.g. 6-8")
    command.add_argument("--title", help="lesson title (default: the section's heading)")
    command.add_argument("--force", action="store_true", help="overwrite the lesson and its level stubs")
    command.add_argument("--lessons-dir", type=Path, default=Path("lessons"))
    command.add_argument("--articles-dir", type=Path, default=Path("articles"))
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.build.atomic import write_atomically
    from generator.config import Folders, Selection
    from generator.passages.gather import gather
    from generator.passages.passage import build_passage, stub_text
    from generator.sources import wordnet
    from generator.spec.files import LEVELS_FILE
    from generator.spec.lesson import load_lesson
    from generator.spec.levels import Levels

    wordnet.require()
    article_id = Path(args.article).stem if args.article.endswith(".txt") else args.article
    target = args.lessons_dir / f"{args.lesson}.yaml"
    skeleton = _skeleton(args, article_id, target)
    levels = Levels(args.lessons_dir / LEVELS_FILE)
    import tempfile  # here: the CLI imports every command's module, most runs never need it

    with tempfile.TemporaryDirectory() as scratch:  # the skeleton, loaded as any lesson is
        path = Path(scratch) / target.name
        path.write_text(_yaml_lines(skeleton), encoding="utf-8")
        lesson = load_lesson(path, levels, args.articles_dir)
    source = levels.ordered()[-1]
    passage = build_passage(lesson, source)
    graded = [lv for lv in lesson.covered_levels() if not lv.is_source]
    text = lesson_text(lesson, passage, [lv.id for lv in graded], args, target)
    written = []
    for level in graded:
        stub = args.lessons_dir / args.lesson / f"{level.id}.md"
        if stub.exists() and not args.force:
            print(f"kept    {stub}")
            continue
        write_atomically(stub, stub_text(lesson, level).encode(), root=args.lessons_dir)
        written.append(stub)
    write_atomically(target, text.encode(), root=args.lessons_dir)
    gathered = gather(Folders(args.lessons_dir, args.articles_dir), Selection((args.lesson,)))
    if gathered.errors:  # what new-lesson writes must build; say so plainly if it does not
        raise GeneratorError(
            f"{target} was written but does not build; please report this:\n"
            + "\n".join(m for ms in gathered.errors.values() for m in ms)
        )
    for stub in written:
        print(f"wrote   {stub}: the article's text, to rewrite for the level")
    print(f"wrote   {target}: {_counts(text)}")
    print("next    rewrite the passages, then the drafts (each marked 'draft: true'), then:")
    print(f"          python -m generator measure {args.lesson}")
    print(f"          python -m generator build {args.lesson}")
    return 0


def _skeleton(args: argparse.Namespace, article_id: str, target: Path) -> dict[str, Any]:
    """The lesson's fixed keys, checked here so a mistake names the option, not a file."""
    from generator.sources.article import read_article
    from generator.spec.ids import id_problem
    from generator.spec.levels import parse_grades
    from generator.spec.validation import did_you_mean

    problem = id_problem(args.lesson, "a lesson id")
    if problem:
        raise GeneratorError(f"LESSON_ID: {problem}")
    if target.exists() and not args.force:
        raise GeneratorError(f"{target} exists; edit it, or pass --force to start it again")
    article_path = args.articles_dir / f"{article_id}.txt"
    if not article_path.exists():
        known = sorted(p.stem for p in args.articles_dir.glob("*.txt"))
        raise GeneratorError(
            f"ARTICLE: expected one of {', '.join(known) or '(none)'} in {args.articles_dir}, "
            f"found '{article_id}'" + did_you_mean(article_id, known)
        )
    article = read_article(article_path)
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    for section_id in sections or [""]:
        if section_id not in article.section_ids:
            raise GeneratorError(
                f"--sections: no section '{section_id}' in {article_path}"
                + (
                    did_you_mean(section_id, article.section_ids)
                    or f"; run 'python -m generator sections {article_path}' to list them"
                )
            )
    try:
        grades = parse_grades(args.grades)
    except ValueError as exc:
        raise GeneratorError(f"--grades: {exc}") from None
    headings = [article.section(s).heading for s in sections]
    title = args.title or (headings[0] if len(headings) == 1 else f"{article.title}: {', '.join(headings)}")
    objectives = [
        f"Explain what the passage says about {heading}, citing paragraphs as evidence."
        for heading in headings[:3]
    ]
    return {
        "title": title,
        "article": article_id,
        "grades": f"{grades[0]}-{grades[-1]}" if len(grades) > 1 else grades[0],
        "sections": sections,
        "objectives": objectives,
    }


def q(value: object) -> str:
    """A YAML scalar or flow list: JSON's quoting is valid YAML and keeps any text intact."""
    import json

    if isinstance(value, list):
        return "[" + ", ".join(q(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def _yaml_lines(data: dict[str, Any]) -> str:
    return "".join(f"{key}: {q(value)}\n" for key, value in data.items())


def lesson_text(lesson: Any, passage: Any, level_ids: list[str], args: Any, target: Path) -> str:
    """The lesson file: keys in the order a teacher works through them, with comments."""
    from generator.passages.drafting import draft_events, draft_questions, draft_terms

    schema = os.path.relpath(SCHEMA_FILE.resolve(), target.parent.resolve())
    terms = draft_terms(lesson, passage)
    events = draft_events(lesson, passage)
    questions = draft_questions(lesson, passage, terms)
    first_level = level_ids[0] if level_ids else "middle"
    out = [
        *_header_lines(lesson, schema),
        *_fixed_key_lines(lesson.spec, args.grades, puzzle="word_search" if len(terms) >= 4 else "none"),
        *_glossary_lines(lesson.id, terms, level_ids, first_level),
        *_teacher_lines(lesson.spec.grades),
        *_event_lines(lesson.id, events),
        *_question_lines(lesson, questions, level_ids, first_level),
    ]
    return "\n".join(out) + "\n"


def _header_lines(lesson: Any, schema: str) -> list[str]:
    """The schema line for editors, where the file came from, and what to do next."""
    return [
        f"# yaml-language-server: $schema={schema}",
        f"# Made by `python -m generator new-lesson` from {lesson.article.path}.",
        "# It builds as written. Items marked `draft: true` are drafts: rewrite each, then",
        "# delete its `draft: true` line; the build lists the drafts that remain.",
        "# Every key is described in docs/lesson-format.md.",
        "#",
        "# Next steps:",
        f"#   1. Rewrite the passage of each level: lessons/{lesson.id}/<level>.md",
        f"#      (`python -m generator measure {lesson.id}` says whether it reads at its level).",
        "#   2. Rewrite the drafts below for your passages; delete what you do not want.",
        f"#   3. python -m generator build {lesson.id}",
        "",
    ]


def _fixed_key_lines(spec: Any, grades: Any, puzzle: str) -> list[str]:
    """Title, article, grades, sections, objectives, documents and puzzle: what the options gave."""
    return [
        f"title: {q(spec.title)}  # printed on every page",
        f"article: {spec.article}  # articles/{spec.article}.txt",
        f"grades: {q(grades) if '-' in str(grades) else grades}"
        "  # built at every level whose grades meet these, and at the source level",
        "sections:  # ids from `python -m generator sections`",
        *(f"  - {ref.section}" for ref in spec.sections),
        "objectives:  # what students will be able to do: the teacher copy, guide and pack covers",
        *(f"  - {q(o)}" for o in spec.objectives),
        "documents: [handout, vocabulary, timeline, questions, teacher-guide]  # each with its key",
        f"puzzle: {puzzle}  # on the vocabulary sheet, or none",
        "",
    ]


def _glossary_lines(
    lesson_id: str, terms: list[DraftTerm], level_ids: list[str], first_level: str
) -> list[str]:
    """The drafted glossary: each term with WordNet's definition at every level."""
    out = [
        "# The passage's rarest words (`python -m generator suggest-vocab "
        f"{lesson_id} --level {first_level}`),",
        "# with WordNet's definition as a draft: write each for your students, one per level.",
        "# A term must appear in the passage of every level it is defined for.",
        "glossary:" if terms else "glossary: []",
    ]
    for term in terms:
        out += [
            f"  - term: {q(term.term)}  # first used in paragraph {term.paragraph}",
            f"    part_of_speech: {term.part_of_speech}",
            "    definitions:",
            *(f"      {level_id}: {q(term.definition)}" for level_id in level_ids),
            "    draft: true",
        ]
    return out


def _teacher_lines(grades: tuple[int, ...]) -> list[str]:
    """The teacher guide's notes, as prompts for the teacher to answer."""
    return [
        "",
        "# Notes for the teacher guide.",
        "teacher:",
        "  draft: true",
        "  sensitive_content: "
        + q(
            "Say how the passage handles hard content (violence, loss, people forced from their "
            "homes) and how to prepare the class."
        ),
        "  names: "
        + q("List the names that differ between the sides or sources (places, peoples), or say none do."),
        "  minutes: 45",
        f"  standards: {q(_standards(grades))}  # Common Core: citing evidence from the text",
        "  discussion:",
        "    - " + q("Which detail of the passage helps you most to understand what happened, and why?"),
        "",
    ]


def _event_lines(lesson_id: str, events: list[DraftEvent]) -> list[str]:
    """The passage's dated sentences as draft timeline events; nothing when it has none."""
    if not events:
        return []
    out = [
        f"# Timeline events: the passage's dated sentences (`python -m generator events {lesson_id}`).",
        "# Keep those that matter and shorten each; a wording per level is possible:",
        "#   text: {elementary: ..., middle: ...}. A date must be given in each level's passage.",
        "events:",
    ]
    for event in events:
        out += [
            f"  - date: {q(event.date)}  # paragraph {event.paragraph}",
            f"    text: {q(event.text)}",
            "    draft: true",
        ]
    out.append("")
    return out


def _question_lines(
    lesson: Any, questions: dict[str, DraftQuestion], level_ids: list[str], first_level: str
) -> list[str]:
    """One drafted question of each type a level asks, with its evidence quoted."""
    out = [
        "# Questions per level. Evidence: a paragraph of that level's passage and words quoted",
        f"# from it word for word (`python -m generator passage {lesson.id} --level {first_level}`",
        "# numbers the paragraphs). One example of each type; copy one to add your own.",
        "questions:" if level_ids else "questions: {}",
    ]
    for level_id in level_ids:
        asked = lesson.levels[level_id].exercises.question_types
        out.append(f"  {level_id}:")
        for kind in asked:
            question = questions.get(kind)
            if question is None:
                continue
            out.append(f"    # {kind}: {question.comment}")
            out.append(f"    - type: {kind}")
            out += [f"      {key}: {q(value)}" for key, value in question.fields]
            out.append("      evidence:")
            for paragraph, quote in question.evidence:
                out.append(f"        - {{paragraph: {paragraph}, quote: {q(quote)}}}")
            out.append("      draft: true")
    return out


def _standards(grades: tuple[int, ...]) -> list[str]:
    """Common Core 'cite textual evidence' standards for the grades (RI to grade 8, then RH)."""
    codes = [f"RI.{g}.1" for g in grades if g <= 8]
    codes += ["RH.9-10.1"] if {9, 10} & set(grades) else []
    codes += ["RH.11-12.1"] if {11, 12} & set(grades) else []
    return codes


def _counts(text: str) -> str:
    drafts = sum(1 for line in text.splitlines() if line.strip() == "draft: true")
    return f"{drafts} drafts to rewrite (glossary, teacher notes, events, questions)"
