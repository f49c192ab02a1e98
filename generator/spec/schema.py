"""The lesson-file schema of questions, timeline events and teacher-guide notes.

Declared here, beside lesson.py, so the lesson schema stays readable. Every
question carries its answer and its evidence: a paragraph of the passage
students read at that level and a short quotation from it (checked at build).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

_DRAFT = (
    "Written by `new-lesson` as an example: the build warns until you rewrite it and delete "
    "this line, and leaves it out (with a warning) where it no longer fits the passage."
)


class Evidence(BaseModel):
    """Where a question's answer is in the passage students read."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    paragraph: int = Field(
        ge=1,
        description="Paragraph number in that level's passage "
        "(`python -m generator passage LESSON --level L` numbers them).",
        examples=[7],
    )
    quote: str = Field(
        min_length=3,
        description="Words quoted exactly from that paragraph (curly or straight quotes alike).",
        examples=["In May 1994, the two sides signed a ceasefire"],
    )


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


EvidenceList = Annotated[list[Evidence], BeforeValidator(_one_or_many)]


class _Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    evidence: EvidenceList = Field(
        min_length=1,
        description="Where the answer is in the passage: one `{paragraph, quote}` or a list of them.",
        examples=[{"paragraph": 7, "quote": "In May 1994, the two sides signed a ceasefire"}],
    )
    draft: bool = Field(False, description=_DRAFT, examples=[True])


class MultipleChoice(_Question):
    """A question with four options, one of them right."""

    type: Literal["multiple_choice"] = Field(description="The question type.", examples=["multiple_choice"])
    prompt: str = Field(
        min_length=1, description="The question.", examples=["When did the two sides sign a ceasefire?"]
    )
    options: list[str] = Field(
        min_length=4,
        max_length=4,
        description="Four options, the right one among them (they are shuffled on the sheet).",
        examples=[["In May 1994", "In February 1988", "In the spring of 1993", "In late winter 1992"]],
    )
    answer: str = Field(
        description="The right option, written exactly as in `options`.", examples=["In May 1994"]
    )

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> MultipleChoice:
        if self.answer not in self.options:
            raise ValueError(
                f"expected the answer to be one of the options ({', '.join(self.options)}), "
                f"found '{self.answer}'"
            )
        if len(set(self.options)) != len(self.options):
            raise ValueError("expected four different options, found a repeated one")
        return self


class TrueFalse(_Question):
    """A statement students mark true or false (it has a `statement`, not a `prompt`)."""

    type: Literal["true_false"] = Field(description="The question type.", examples=["true_false"])
    statement: str = Field(
        min_length=1,
        description="A statement students mark true or false.",
        examples=["The first war ended with a ceasefire in 1994."],
    )
    answer: bool = Field(description="Whether the statement is true.", examples=[True])


class ShortAnswer(_Question):
    """A question answered in a sentence or two; lines are sized to the model answer."""

    type: Literal["short_answer"] = Field(description="The question type.", examples=["short_answer"])
    prompt: str = Field(
        min_length=1,
        description="The question.",
        examples=["Why did many people have to leave their homes during the war?"],
    )
    answer: str = Field(
        min_length=1,
        description="A model answer for the key.",
        examples=["Fighting drove hundreds of thousands of people from their homes."],
    )


class ExtendedResponse(_Question):
    """A task answered in a paragraph or more, with a scoring guide for the key."""

    type: Literal["extended_response"] = Field(
        description="The question type.", examples=["extended_response"]
    )
    prompt: str = Field(
        min_length=1,
        description="The task.",
        examples=["Using details from the passage, explain how the war ended."],
    )
    answer: str = Field(
        min_length=1,
        description="What a strong answer includes.",
        examples=["A ceasefire in May 1994; which areas each side held afterwards."],
    )
    scoring: list[str] = Field(
        min_length=2,
        description="Scoring guide: one line per point level, highest first.",
        examples=[["2: two details from the passage, explained", "1: one detail", "0: no detail"]],
    )


Question = Annotated[MultipleChoice | TrueFalse | ShortAnswer | ExtendedResponse, Field(discriminator="type")]


class Generated(BaseModel):
    """Items the generator writes from the passage and the article; each can be switched off."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    cloze: int = Field(2, ge=0, description="Cloze sentences taken from the passage.", examples=[2])
    infobox_true_false: int = Field(
        2, ge=0, description="True/false items from the article's infobox facts.", examples=[2]
    )
    which_came_first: int = Field(
        2, ge=0, description="'Which came first?' items from the timeline.", examples=[2]
    )


class TeacherNotes(BaseModel):
    """Notes for the teacher guide."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sensitive_content: str = Field(
        min_length=1,
        description="How the lesson handles violence, loss or other hard content, "
        "and how to prepare the class.",
        examples=["The passage reports deaths and people forced from their homes plainly, without detail."],
    )
    names: str = Field(
        min_length=1,
        description="Names that differ between the sides or sources, or a line saying there are none.",
        examples=["Armenians call the region Artsakh; Azerbaijan calls it Karabakh."],
    )
    minutes: int = Field(45, ge=10, description="Time the lesson needs, in minutes.", examples=[45])
    standards: list[str] = Field(
        [],
        description="Common Core codes the lesson addresses (RI, RH); each is shown "
        "at the levels whose grades it names.",
        examples=[["RI.6.1", "RH.6-8.2"]],
    )
    discussion: list[str] = Field(
        [],
        description="Discussion prompts for the class.",
        examples=[["Why might two peoples tell the story of one place differently?"]],
    )
    draft: bool = Field(False, description=_DRAFT, examples=[True])


class AllowEntry(BaseModel):
    """A name, number or date the lesson prints although its article sections do not give it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    term: str = Field(
        min_length=1,
        description="As printed: 'Britain', '47%', '1923', 'Thomas de Waal'.",
        examples=["47%"],
    )
    reason: str = Field(
        min_length=10,
        description="Why it is true to the article, e.g. 'computed: 75,981 of 160,841'.",
        examples=["computed: 75,981 of 160,841"],
    )


class EventSpec(BaseModel):
    """A timeline event the lesson chooses, worded for each level it is shown at."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: str = Field(
        min_length=4,
        description="One date, as the passage gives it: '20 February 1988', 'May 1994', "
        "'spring 1993' or a range '1988–1994' (drawn as an era).",
        examples=["20 February 1988"],
    )
    text: str | dict[str, str] = Field(
        description="The event; or one wording per level id. It is shown at a level only if "
        "that level's passage gives its date.",
        examples=[{"elementary": "Karabakh's lawmakers vote to join Armenia"}],
    )
    dated_by: str | None = Field(
        None,
        min_length=3,
        description="Words quoted from the article sentence that gives this date for this happening "
        "(`audit` checks the sentence dates it so); without it the audit finds the sentence itself.",
        examples=["voted to unite with Armenia"],
    )
    date_differs: str | None = Field(
        None,
        min_length=10,
        description="Why no one article sentence gives this date for this happening "
        "(e.g. an era summed up from a heading); `audit` then leaves the date unchecked.",
        examples=["The era is the span the section heading gives."],
    )
    draft: bool = Field(False, description=_DRAFT, examples=[True])

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
