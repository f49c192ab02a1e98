"""What a teacher asked for on a lesson page, read from the URL and checked.

In: the lesson id from the path and the query values (grade or level, paper,
versions). Out: a `Choice`, or a `PageError` (404 for an unknown lesson or
level, 400 for a value that cannot be used) whose message says what was
expected and what was found, for the error page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast, get_args

from generator.config import MAX_VERSIONS, PAPERS, BuildConfig, Folders, Font, Paper, Selection
from generator.spec.ids import id_problem
from generator.spec.levels import Levels, grade_span


class PageError(Exception):
    """Raised when a request names something that does not exist (404) or a bad value (400)."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


def not_found(message: str) -> PageError:
    return PageError(404, "Not found", message)


def bad_request(message: str) -> PageError:
    return PageError(400, "That request cannot be used", message)


@dataclass(frozen=True)
class Choice:
    """A lesson at one grade (or one level), on a paper, with a number of question versions
    and the print options (large print, a dyslexia-friendly font)."""

    lesson_id: str
    grade: int | None = None
    level_id: str | None = None
    paper: Paper = "letter"
    versions: int = 1
    large_print: bool = False
    font: Font = "standard"

    @property
    def picked(self) -> bool:
        """Whether a grade or level was chosen (without one there is nothing to build)."""
        return self.grade is not None or self.level_id is not None

    def config(self, folders: Folders, jobs: int) -> BuildConfig:
        """The build this choice needs: the same settings `python -m generator build` takes."""
        selection = Selection((self.lesson_id,), self.grade, self.level_id)
        return BuildConfig(
            folders, selection, self.paper, "pdf", self.versions, jobs, self.large_print, self.font
        )

    def query(self) -> str:
        """The URL query that asks for this choice again."""
        what = f"grade={self.grade}" if self.grade is not None else f"level={self.level_id}"
        options = ("&large_print=1" if self.large_print else "") + (
            f"&font={self.font}" if self.font != "standard" else ""
        )
        return f"{what}&paper={self.paper}&versions={self.versions}{options}"


def check_lesson_id(lesson_id: str, known: list[str]) -> None:
    if lesson_id in known:
        return
    if id_problem(lesson_id, "a lesson id"):
        raise not_found(f"There is no lesson '{lesson_id[:60]}'. Lesson ids are like 'first-war'.")
    raise not_found(f"There is no lesson '{lesson_id}'. The library has: {', '.join(known)}.")


def read_choice(lesson_id: str, query: Mapping[str, str], grades: tuple[int, ...], levels: Levels) -> Choice:
    """The choice in `query` for a lesson that covers `grades`."""
    grade_text, level_id = query.get("grade", "").strip(), query.get("level", "").strip()
    if grade_text and level_id:
        raise bad_request(
            f"Pick a grade or a level, not both (found grade={grade_text!r}, level={level_id!r})."
        )
    grade = None
    if grade_text:
        if not grade_text.isdigit() or len(grade_text) > 2:
            raise bad_request(f"Expected a grade from 1 to 12, found {grade_text[:20]!r}.")
        grade = int(grade_text)
        if grade not in grades:
            raise bad_request(
                f"This lesson covers grades {grade_span(grades)}, not grade {grade}. "
                "Pick one of those grades, or another lesson."
            )
        if levels.level_for_grade(grade) is None:
            raise bad_request(f"No reading level in {levels.path} serves grade {grade}.")
    if level_id and level_id not in levels.by_id:
        raise not_found(f"There is no level '{level_id[:40]}'. The levels are: {', '.join(levels.by_id)}.")
    paper = query.get("paper", "letter").strip().lower() or "letter"
    if paper not in PAPERS:
        raise bad_request(f"Expected a paper of {' or '.join(get_args(Paper))}, found {paper[:20]!r}.")
    versions_text = query.get("versions", "1").strip() or "1"
    if not versions_text.isdigit() or not 1 <= int(versions_text) <= MAX_VERSIONS:
        raise bad_request(
            f"Expected 1 to {MAX_VERSIONS} versions of the questions, found {versions_text[:20]!r}."
        )
    large_print = query.get("large_print", "").strip()
    if large_print not in ("", "0", "1"):
        raise bad_request(f"Expected large_print=1 (or nothing), found {large_print[:20]!r}.")
    font = query.get("font", "standard").strip() or "standard"
    if font not in get_args(Font):
        raise bad_request(f"Expected a font of {' or '.join(get_args(Font))}, found {font[:20]!r}.")
    versions, chosen_font = int(versions_text), cast(Font, font)
    return Choice(lesson_id, grade, level_id or None, paper, versions, large_print == "1", chosen_font)
