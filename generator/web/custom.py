""" "Make a custom lesson": a lesson file that extends another, written from a form.

In: the lesson it extends (its card), and the form's id, title, grades and
documents. Out: lessons/<id>.yaml holding `extends:` and only what differs
(the way the README teaches custom lessons), validated by the same loader as
every lesson; or `CustomError` with every problem of the form, each saying what
was expected and what was found. A file that does not load is not left behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.build.atomic import write_atomically
from generator.config import Folders
from generator.errors import GeneratorError
from generator.spec.files import LEVELS_FILE, UNIT_FILE
from generator.spec.ids import id_problem
from generator.spec.levels import Levels, grade_span
from generator.web.catalog import LessonCard

MAX_TITLE = 120


class CustomError(Exception):
    """Raised when the form cannot make a lesson; holds one message per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class CustomForm:
    lesson_id: str
    title: str
    grades: tuple[str, ...]
    documents: tuple[str, ...]


def check_form(
    form: CustomForm, parent: LessonCard, lessons: Path
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The grades and documents the form asks for, or CustomError with every problem."""
    problems = []
    problem = id_problem(form.lesson_id, "a lesson id")
    if problem:
        problems.append(f"Lesson id: {problem}.")
    elif form.lesson_id + ".yaml" in (LEVELS_FILE, UNIT_FILE):
        problems.append(f"Lesson id: '{form.lesson_id}' is the name of a settings file; pick another id.")
    elif (lessons / f"{form.lesson_id}.yaml").exists() or (lessons / form.lesson_id).exists():
        problems.append(
            f"Lesson id: there is already a lesson '{form.lesson_id}' ({lessons / form.lesson_id}.yaml "
            f"or the folder {lessons / form.lesson_id}); pick another id."
        )
    title = form.title.strip()
    if not title or len(title) > MAX_TITLE or "\n" in title or "\r" in title:
        problems.append(f"Title: expected one line of 1 to {MAX_TITLE} characters, found {len(title)}.")
    grades = tuple(sorted({int(g) for g in form.grades if g.isdigit() and len(g) <= 2}))
    unknown = [g for g in form.grades if not (g.isdigit() and len(g) <= 2 and int(g) in parent.grades)]
    if not grades or unknown:
        found = ", ".join(g[:10] for g in form.grades) or "none"
        problems.append(f"Grades: expected one or more of {parent.grades_text}, found {found}.")
    documents = tuple(d for d in parent.documents if d in form.documents)
    strange = [d for d in form.documents if d not in parent.documents]
    if not documents or strange:
        found = ", ".join(d[:20] for d in form.documents) or "none"
        problems.append(f"Documents: expected one or more of {', '.join(parent.documents)}, found {found}.")
    if problems:
        raise CustomError(problems)
    return grades, documents


def lesson_text(
    form: CustomForm, parent: LessonCard, grades: tuple[int, ...], documents: tuple[str, ...]
) -> str:
    """The YAML of the custom lesson: `extends:` and what differs, with comments that explain."""
    # JSON strings are YAML double-quoted strings: any title is written safely.
    span = grade_span(grades)
    grades_value = span if "," not in span else "[" + span + "]"
    return (
        f"# A custom lesson made on the lesson page from '{parent.id}' ({parent.path.name}).\n"
        "# It states only what differs: everything else (sections, glossary, questions,\n"
        "# the written passages) comes from the lesson it extends.\n"
        f"extends: {parent.id}\n"
        f"title: {json.dumps(form.title.strip(), ensure_ascii=False)}\n"
        f"grades: {grades_value}\n"
        f"documents: [{', '.join(documents)}]\n"
    )


def make_custom_lesson(form: CustomForm, parent: LessonCard, folders: Folders) -> Path:
    """Write and validate the custom lesson; return its path."""
    from generator.spec.lesson import load_lesson

    grades, documents = check_form(form, parent, folders.lessons)
    target = folders.lessons / f"{form.lesson_id}.yaml"
    write_atomically(target, lesson_text(form, parent, grades, documents).encode(), root=folders.lessons)
    try:
        load_lesson(target, Levels(folders.lessons / LEVELS_FILE), folders.articles)
    except GeneratorError as exc:
        target.unlink(missing_ok=True)
        raise CustomError(exc.messages) from None
    return target
