"""Reading levels: who each is for and how its documents look.

In: lessons/levels.yaml. Out: `Level` values by id, each with its grades,
Flesch-Kincaid target range, word budget, typography and exercise mix.
Levels are data: the code knows no level by name. Levels are ordered by the
grades they serve; the one level without grades is the source text (the
article's own words). `level_for_grade` answers "which level does a grade-7
student get?".
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from generator.errors import LessonError, LevelError
from generator.spec.fonts import FAMILY_PATTERN, installed_families
from generator.spec.ids import id_problem
from generator.spec.validation import did_you_mean, messages_for
from generator.spec.yamlfile import describe, load_yaml

VocabularyExercise = Literal["matching", "fill_in", "own_sentence"]
QuestionType = Literal["multiple_choice", "true_false", "short_answer", "extended_response"]


def parse_grades(value: Any) -> tuple[int, ...]:
    """'4-12', 7, or [6, 7, 8] -> (4, ..., 12); grades run from 1 to 12."""
    if isinstance(value, bool):
        raise ValueError(f"expected grades like '4-5' or [6, 7, 8], found {value}")
    if isinstance(value, int):
        grades: list[int] = [value]
    elif isinstance(value, str) and "-" in value:
        low, _, high = value.partition("-")
        if not (low.strip().isdigit() and high.strip().isdigit()) or len(value) > 20:
            raise ValueError(f"expected grades like '4-5' or [6, 7, 8], found {value[:20]!r}")
        first, last = int(low), int(high)
        # Bounds before the range: '1-1000000000' must not build a billion grades.
        if not (1 <= first <= 12 and 1 <= last <= 12):
            raise ValueError(f"expected grades between 1 and 12, found '{value}'")
        if first > last:
            raise ValueError(f"expected the lower grade first, like '4-5', found '{value}'")
        grades = list(range(first, last + 1))
    elif isinstance(value, str) and value.strip().isdigit() and len(value) <= 20:
        grades = [int(value)]
    elif isinstance(value, list) and all(isinstance(g, int) and not isinstance(g, bool) for g in value):
        grades = list(value)
    else:
        raise ValueError(f"expected grades like '4-5' or [6, 7, 8], found {describe(value)}")
    if not grades or any(not 1 <= g <= 12 for g in grades):
        raise ValueError(f"expected grades between 1 and 12, found {describe(value)}")
    return tuple(sorted(set(grades)))


Grades = Annotated[tuple[int, ...], BeforeValidator(parse_grades)]


def grade_span(grades: tuple[int, ...]) -> str:
    """(4, 5, 6) -> '4-6'; (4, 6) -> '4, 6'."""
    if grades == tuple(range(grades[0], grades[-1] + 1)):
        return str(grades[0]) if len(grades) == 1 else f"{grades[0]}-{grades[-1]}"
    return ", ".join(map(str, grades))


class Typography(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    font: str = Field(description="Body font family (installed by `make`: Andika, DejaVu Serif).")
    body_size_pt: float = Field(ge=9, le=24, description="Body text size in points.")
    line_height: float = Field(ge=1.0, le=2.5, description="Line height as a multiple of size.")
    min_size_pt: float = Field(
        9.0, ge=6, le=24, description="Smallest type any document prints (labels, references); checked."
    )

    @field_validator("font")
    @classmethod
    def _installed(cls, value: str) -> str:
        # The name reaches the documents' CSS: only an installed family passes.
        families = sorted(installed_families())
        if FAMILY_PATTERN.fullmatch(value) and (value in families or not families):
            return value
        shown = describe(value)
        listed = ", ".join(families) if families else "none found by fc-list"
        raise ValueError(
            f"expected an installed font family ({listed}), found {shown}"
            + (did_you_mean(value, families) or "; install the font or pick one of these")
        )


class Exercises(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    vocabulary_terms: int = Field(ge=0, description="How many glossary terms a sheet uses.")
    vocabulary_exercises: list[VocabularyExercise] = Field(
        description="Exercises of the vocabulary sheet: matching, fill_in, own_sentence."
    )
    word_bank: bool = Field(description="Whether fill-in-the-blank items come with a word bank.")
    timeline_blanks: int = Field(ge=0, description="How many timeline events are blanked.")
    question_types: list[QuestionType] = Field(
        description="Question kinds asked at this level; written questions of other kinds are left out."
    )
    word_search_directions: Literal["across_down", "all"] = Field(
        "all", description="Word search words run across and down only, or also diagonally and upwards."
    )


class Level(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(description="The level's id (the key in levels.yaml).")
    name: str = Field(description="Name shown to teachers, never on student copies.")
    grades: Grades | None = Field(None, description="Grades this level serves; none for source.")
    band: str | None = Field(None, description="Common Core text-complexity band, e.g. '4-5'.")
    fk_range: tuple[float, float] | None = Field(
        None, description="Flesch-Kincaid range a hand-written passage must measure inside."
    )
    word_budget: int | None = Field(None, ge=50, description="Most words a passage may have.")
    typography: Typography = Field(description="Type size, spacing and font of the documents.")
    exercises: Exercises = Field(description="The exercise mix the other documents read.")

    @property
    def is_source(self) -> bool:
        """The level without grades: the article's own words, for the teacher."""
        return self.grades is None


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; any other value in `override` replaces the base's."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class Levels:
    """The levels of levels.yaml, with their raw data so lessons can override settings."""

    def __init__(self, path: Path) -> None:
        data, lines = load_yaml(path)
        if not isinstance(data, dict):
            raise LessonError([f"{path}:1: expected a mapping of level ids to settings"])
        self.path = path
        self.raw: dict[str, dict[str, Any]] = {}
        self.by_id: dict[str, Level] = {}
        errors: list[str] = []
        for level_id, settings in data.items():
            problem = id_problem(level_id, "a level id")
            if problem:
                errors.append(f"{path}:{lines.line((str(level_id),))}: {level_id}: {problem}")
                continue
            raw = {**(settings if isinstance(settings, dict) else {}), "id": level_id}
            try:
                self.by_id[level_id] = Level.model_validate(raw)
                self.raw[level_id] = raw
            except ValidationError as exc:
                errors += messages_for(exc, Level, raw, lines, path, prefix=(level_id,))
        sources = [lv for lv in self.by_id.values() if lv.is_source]
        if not errors and len(sources) != 1:
            found = ", ".join(lv.id for lv in sources) or "none"
            errors.append(
                f"{path}:1: expected exactly one level without grades (the source text), found {found}"
            )
        if errors:
            raise LessonError(errors)

    def ordered(self) -> list[Level]:
        """The graded levels from the youngest readers up, then the source text."""
        return [*self.graded(), *(lv for lv in self.by_id.values() if lv.is_source)]

    def graded(self) -> list[Level]:
        """The levels that serve grades, youngest first."""
        graded = [lv for lv in self.by_id.values() if lv.grades]
        return sorted(graded, key=lambda lv: (min(lv.grades or (0,)), max(lv.grades or (0,))))

    def level_for_grade(self, grade: int) -> Level | None:
        return next((lv for lv in self.ordered() if lv.grades and grade in lv.grades), None)

    def get(self, level_id: str) -> Level:
        if level_id not in self.by_id:
            known = ", ".join(self.by_id)
            raise LevelError(f"no level '{level_id}' in {self.path}; expected one of {known}")
        return self.by_id[level_id]
