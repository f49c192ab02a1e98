"""The lesson-file schema of questions, timeline events and teacher-guide notes.

Declared here, beside lesson.py, so the lesson schema stays readable. Every
question carries its answer and its evidence: a paragraph of the passage
students read at that level and a short quotation from it (checked at build).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    paragraph: int = Field(ge=1, description="Paragraph number in that level's passage.")
    quote: str = Field(min_length=3, description="Words quoted exactly from that paragraph.")


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


EvidenceList = Annotated[list[Evidence], BeforeValidator(_one_or_many)]


class _Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    evidence: EvidenceList = Field(min_length=1, description="Where the answer is in the passage.")


class MultipleChoice(_Question):
    type: Literal["multiple_choice"]
    prompt: str = Field(min_length=1, description="The question.")
    options: list[str] = Field(
        min_length=4, max_length=4, description="Four options, the right one among them."
    )
    answer: str = Field(description="The right option, written exactly as in `options`.")

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> MultipleChoice:
        if self.answer not in self.options:
            raise ValueError(f"expected the answer to be one of the options, found '{self.answer}'")
        if len(set(self.options)) != len(self.options):
            raise ValueError("expected four different options, found a repeated one")
        return self


class TrueFalse(_Question):
    type: Literal["true_false"]
    statement: str = Field(min_length=1, description="A statement students mark true or false.")
    answer: bool = Field(description="Whether the statement is true.")


class ShortAnswer(_Question):
    type: Literal["short_answer"]
    prompt: str = Field(min_length=1, description="The question.")
    answer: str = Field(min_length=1, description="A model answer for the key.")


class ExtendedResponse(_Question):
    type: Literal["extended_response"]
    prompt: str = Field(min_length=1, description="The task.")
    answer: str = Field(min_length=1, description="What a strong answer includes.")
    scoring: list[str] = Field(min_length=2, description="Scoring guide: one line per point level.")


Question = Annotated[MultipleChoice | TrueFalse | ShortAnswer | ExtendedResponse, Field(discriminator="type")]


class Generated(BaseModel):
    """Items the generator writes from the passage and the article; each can be switched off."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    cloze: int = Field(2, ge=0, description="Cloze sentences taken from the passage.")
    infobox_true_false: int = Field(2, ge=0, description="True/false items from the infobox facts.")
    which_came_first: int = Field(2, ge=0, description="'Which came first?' items from the timeline.")


class TeacherNotes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sensitive_content: str = Field(min_length=1, description="How the lesson handles violence and loss.")
    names: str = Field(min_length=1, description="Names that differ between the two sides.")
    minutes: int = Field(45, ge=10, description="Time the lesson needs, in minutes.")
    standards: list[str] = Field([], description="Common Core codes the lesson addresses (RI, RH).")
    discussion: list[str] = Field([], description="Discussion prompts for the class.")


class AllowEntry(BaseModel):
    """A name, number or date the lesson prints although its article sections do not give it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    term: str = Field(min_length=1, description="As printed: 'Britain', '47%', '1923', 'Thomas de Waal'.")
    reason: str = Field(
        min_length=10, description="Why it is true to the article, e.g. 'computed: 75,981 of 160,841'."
    )


class EventSpec(BaseModel):
    """A timeline event the lesson chooses, worded for each level it is shown at."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: str = Field(min_length=4, description="As the passage gives it: '20 February 1988', 'May 1994'.")
    text: str | dict[str, str] = Field(description="The event; or one wording per level id.")
    dated_by: str | None = Field(
        None,
        min_length=3,
        description="Words quoted from the article sentence that gives this date for this happening "
        "(`audit` checks the sentence dates it so); without it the audit finds the sentence itself.",
    )
    date_differs: str | None = Field(
        None,
        min_length=10,
        description="Why no one article sentence gives this date for this happening "
        "(e.g. an era summed up from a heading); `audit` then leaves the date unchecked.",
    )

    @model_validator(mode="after")
    def _one_dating(self) -> EventSpec:
        if self.dated_by and self.date_differs:
            raise ValueError("expected dated_by or date_differs, found both; keep the one that applies")
        return self

    def text_for(self, level_id: str, order: Sequence[str]) -> str | None:
        """The wording for a level; the source text (last in `order`) takes the wording
        of the most advanced level that has one."""
        if isinstance(self.text, str):
            return self.text
        if level_id in self.text:
            return self.text[level_id]
        if order and level_id == order[-1]:
            return next((self.text[lv] for lv in reversed(order) if lv in self.text), None)
        return None
