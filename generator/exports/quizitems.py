"""Question items as every LMS format needs them, from the composed answer key.

In: an `ExportSource` (its passage and its questions key, items in the order
and with the answers and evidence the PDF key prints). Out: `QuizItem` values
that the QTI, Moodle XML and GIFT writers turn into files and their readers
turn back into, so a written file can be compared item by item with its source.

Mapping, one rule per item kind of the sheet:
- multiple choice and "which came first?" -> a choice question, the key's letter right;
- true/false (written or from the fact box) -> true/false;
- fill in the missing word (cloze) -> short answer, its accepted answer the passage's word;
- short answer -> a written response the teacher grades, the key's model answer as grader
  information (a sentence-long answer cannot be matched by an LMS);
- extended response -> an essay, "what a strong answer includes" and the scoring guide as
  grader information.
Every item's feedback quotes its evidence: "Paragraph 3: “...”".
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

from generator.documents.questions import Item
from generator.exports.output import ExportError
from generator.exports.source import ExportSource

Kind = Literal["passage", "choice", "true_false", "short_answer", "essay"]
KINDS: tuple[Kind, ...] = ("passage", "choice", "true_false", "short_answer", "essay")


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool


@dataclass(frozen=True)
class PassageLine:
    """A line of the reading passage as a quiz shows it: a heading, or a numbered paragraph."""

    number: int  # 0 for a heading
    text: str


@dataclass(frozen=True)
class QuizItem:
    ident: str  # stable: lesson, level and item number
    number: int  # as on the printed sheet; 0 for the passage
    kind: Kind
    prompt: str
    choices: tuple[Choice, ...] = ()
    answer_true: bool | None = None  # true/false items
    accepted: tuple[str, ...] = ()  # short answer
    lines: int = 0  # answer lines a written response gets on paper
    feedback: tuple[str, ...] = ()  # shown to students after answering: the evidence
    grader_info: tuple[str, ...] = ()  # for the teacher: model answer, scoring guide
    passage: tuple[PassageLine, ...] = ()  # the "passage" item only
    credit: str = ""  # the passage's source and license, shown under it

    @property
    def title(self) -> str:
        return "Reading passage" if self.kind == "passage" else f"Question {self.number}"


@dataclass(frozen=True)
class Quiz:
    ident: str
    title: str  # "<lesson title> (<level name>)"
    category: str  # "<lesson title>/<level name>", where an LMS files the questions
    attribution: str
    items: tuple[QuizItem, ...]  # the passage first, then the questions in the sheet's order


def quiz_for(source: ExportSource) -> Quiz:
    lesson, level = source.lesson, source.passage.level
    stem = f"{lesson.id}-{level.id}"
    key = source.questions_key
    attribution = f"{key.masthead.attribution} Text describes events up to {key.masthead.covers_to}."
    lines: list[PassageLine] = []
    for section in source.passage.sections:
        lines.append(PassageLine(0, section.heading))
        lines += [PassageLine(p.number, p.text) for p in section.paragraphs]
    passage = QuizItem(
        ident=f"{stem}-passage",
        number=0,
        kind="passage",
        prompt="Read the passage. The numbers name each paragraph: use them when you answer.",
        passage=tuple(lines),
        credit=attribution,
    )
    items = [passage] + [_item(f"{stem}-q{item.number:02d}", item) for item in key.items]
    return Quiz(
        ident=f"{stem}-questions",
        title=f"{lesson.title} ({level.name})",
        category=f"{lesson.title}/{level.name}",
        attribution=attribution,
        items=tuple(items),
    )


def evidence_lines(item: Item) -> tuple[str, ...]:
    return tuple(f"Paragraph {paragraph}: \u201c{quote}\u201d" for paragraph, quote in item.evidence)


def _item(ident: str, item: Item) -> QuizItem:
    evidence = evidence_lines(item)
    if item.kind in ("multiple_choice", "which_came_first"):
        choices = tuple(Choice(o.text, i == item.correct) for i, o in enumerate(item.options))
        # "which came first?" keys give the two dates: worth showing after answering
        extra = (f"Answer: {item.key}",) if item.note else ()
        return QuizItem(
            kind="choice",
            choices=choices,
            feedback=extra + evidence,
            ident=ident,
            number=item.number,
            prompt=item.prompt,
        )
    if item.kind == "true_false":
        extra = (f"Answer: {item.key}",) if item.note else ()  # "False (1994)": the year is worth showing
        return QuizItem(
            kind="true_false",
            answer_true=item.truth,
            feedback=extra + evidence,
            ident=ident,
            number=item.number,
            prompt=item.prompt,
        )
    if item.kind == "cloze":
        return QuizItem(
            kind="short_answer",
            accepted=(item.answer,),
            feedback=evidence,
            ident=ident,
            number=item.number,
            prompt=item.prompt,
        )
    if item.kind == "short_answer":
        return QuizItem(
            kind="essay",
            lines=item.lines,
            feedback=evidence,
            grader_info=(f"Model answer: {item.answer}",),
            ident=ident,
            number=item.number,
            prompt=item.prompt,
        )
    if item.kind == "extended_response":
        return QuizItem(
            kind="essay",
            lines=item.lines,
            feedback=evidence,
            grader_info=(f"A strong answer: {item.answer}", "Scoring guide:", *item.scoring),
            ident=ident,
            number=item.number,
            prompt=item.prompt,
        )
    raise ExportError(f"{ident}: no LMS mapping for question kind '{item.kind}'")


def differences(
    written: tuple[QuizItem, ...], read: list[QuizItem], ignore: tuple[str, ...] = ()
) -> list[str]:
    """What a file read back lost or changed, field by field; empty when it holds every item."""
    problems = []
    if len(written) != len(read):
        problems.append(f"expected {len(written)} items, read {len(read)}")
    for mine, theirs in zip(written, read, strict=False):
        for f in fields(QuizItem):
            if f.name in ignore:
                continue
            a, b = getattr(mine, f.name), getattr(theirs, f.name)
            if a != b:
                problems.append(f"{mine.ident}: {f.name}: wrote {a!r}, read {b!r}")
    return problems
