"""Reading levels: who each is for and how its documents look.

In: lessons/levels.yaml. Out: `Level` values by id (`elementary`, `middle`,
`high`, `source`), each with its grades, Flesch-Kincaid target range, word
budget, typography and exercise mix. `level_for_grade` answers "which level
does a grade-7 student get?".
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from generator.errors import LessonError, LevelError
from generator.spec.validation import messages_for
from generator.spec.yamlfile import load_yaml

SOURCE = "source"
LEVEL_ORDER = ("elementary", "middle", "high", SOURCE)
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
        if not (low.strip().isdigit() and high.strip().isdigit()):
            raise ValueError(f"expected grades like '4-5' or [6, 7, 8], found '{value}'")
        grades = list(range(int(low), int(high) + 1))
    elif isinstance(value, str) and value.strip().isdigit():
        grades = [int(value)]
    elif isinstance(value, list) and all(isinstance(g, int) and not isinstance(g, bool) for g in value):
        grades = list(value)
    else:
        raise ValueError(f"expected grades like '4-5' or [6, 7, 8], found {value!r}")
    if not grades or any(not 1 <= g <= 12 for g in grades):
        raise ValueError(f"expected grades between 1 and 12, found {value!r}")
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


class Exercises(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    vocabulary_terms: int = Field(ge=0, description="How many glossary terms a sheet uses.")
    vocabulary_exercises: list[VocabularyExercise] = Field(
        description="Exercises of the vocabulary sheet: matching, fill_in, own_sentence."
    )
    word_bank: bool = Field(description="Whether fill-in-the-blank items come with a word bank.")
    timeline_blanks: int = Field(ge=0, description="How many timeline events are blanked.")
    question_types: list[QuestionType] = Field(description="Question kinds asked at this level.")


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
        return self.id == SOURCE


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
            raw = {**(settings if isinstance(settings, dict) else {}), "id": level_id}
            try:
                self.by_id[level_id] = Level.model_validate(raw)
                self.raw[level_id] = raw
            except ValidationError as exc:
                errors += messages_for(exc, Level, raw, lines, path, prefix=(level_id,))
        if SOURCE not in data:
            errors.append(f"{path}:1: expected a level '{SOURCE}', found none")
        if errors:
            raise LessonError(errors)

    def ordered(self) -> list[Level]:
        rank = {level_id: i for i, level_id in enumerate(LEVEL_ORDER)}
        return sorted(self.by_id.values(), key=lambda lv: rank.get(lv.id, len(rank)))

    def level_for_grade(self, grade: int) -> Level | None:
        return next((lv for lv in self.ordered() if lv.grades and grade in lv.grades), None)

    def get(self, level_id: str) -> Level:
        if level_id not in self.by_id:
            known = ", ".join(self.by_id)
            raise LevelError(f"no level '{level_id}' in {self.path}; expected one of {known}")
        return self.by_id[level_id]
