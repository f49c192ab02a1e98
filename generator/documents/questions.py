"""Compose comprehension questions, their keys and A/B versions.

In: a lesson, its passage at a level and how many versions. Out:
`QuestionSheet`s (student copy and key per version). Items are the lesson's
own questions for the level plus generated ones (generated.py), each marked
as generated on the key and verified before it is printed. Versions
shuffle question and option order with a seed made from lesson, level and
version letter.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace

from generator.config import ComposeOptions
from generator.documents.base import Document, masthead_for
from generator.documents.generated import generated_items
from generator.documents.items import LETTERS as LETTERS  # re-exported: the exports read items here
from generator.documents.items import Item as Item
from generator.documents.items import Option as Option
from generator.documents.vocabulary import seed_for
from generator.passages.evidence import supported_questions
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.spec.schema import ExtendedResponse, MultipleChoice, ShortAnswer, TrueFalse
from generator.text.clean import words


@dataclass(frozen=True)
class QuestionSheet(Document):
    # kind: questions, questions-key, questions-a, questions-a-key, ...
    is_key: bool
    version: str  # "" or "A", "B", ...
    items: tuple[Item, ...]
    template: str = "questions.html"


def compose_questions(lesson: Lesson, passage: Passage, options: ComposeOptions) -> list[QuestionSheet]:
    versions = options.versions
    asked = set(passage.level.exercises.question_types)  # the level's kinds, from levels.yaml
    written = [i for i in written_items(lesson, passage) if i.kind in asked]
    items = written + generated_items(lesson, passage).printed
    masthead = masthead_for(lesson, passage)
    sheets = []
    letters = [""] if versions <= 1 else [chr(ord("A") + i) for i in range(versions)]
    for letter in letters:
        shuffled = (
            _shuffled(items, seed_for(lesson.id, passage.level.id, "questions", letter)) if letter else items
        )
        ordered = tuple(replace(item, number=n) for n, item in enumerate(shuffled, start=1))
        stem = f"questions-{letter.lower()}" if letter else "questions"
        for is_key in (False, True):
            sheets.append(
                QuestionSheet(
                    kind=stem + ("-key" if is_key else ""),
                    masthead=masthead,
                    is_key=is_key,
                    version=letter,
                    items=ordered,
                )
            )
    return sheets


def answer_lines(answer: str, minimum: int = 2) -> int:
    """Lines sized to the expected answer: about ten written words a line, plus one spare."""
    return max(minimum, math.ceil(len(words(answer)) / 10) + 1)


def written_items(lesson: Lesson, passage: Passage) -> list[Item]:
    items = []
    for question in supported_questions(lesson, passage):
        evidence = tuple((e.paragraph, e.quote) for e in question.evidence)
        if isinstance(question, MultipleChoice):
            items.append(
                Item(
                    0,
                    question.type,
                    question.prompt,
                    tuple(Option(LETTERS[i], text) for i, text in enumerate(question.options)),
                    "",
                    evidence,
                    0,
                    correct=question.options.index(question.answer),  # the schema checks it is one
                )
            )
        elif isinstance(question, TrueFalse):
            items.append(
                Item(0, question.type, question.statement, (), "", evidence, 0, truth=question.answer)
            )
        elif isinstance(question, ShortAnswer):
            items.append(
                Item(
                    0,
                    question.type,
                    question.prompt,
                    (),
                    question.answer,
                    evidence,
                    answer_lines(question.answer),
                )
            )
        elif isinstance(question, ExtendedResponse):
            items.append(
                Item(
                    0,
                    question.type,
                    question.prompt,
                    (),
                    question.answer,
                    evidence,
                    answer_lines(question.answer, minimum=10),
                    tuple(question.scoring),
                )
            )
    return items


def _shuffled(items: list[Item], seed: int) -> list[Item]:
    rng = random.Random(seed)
    shuffled = []
    for item in items:
        if item.kind == "multiple_choice" and item.correct is not None:
            order = list(range(len(item.options)))
            rng.shuffle(order)  # order[i]: the option that goes to place i
            options = tuple(Option(LETTERS[i], item.options[j].text) for i, j in enumerate(order))
            item = replace(item, options=options, correct=order.index(item.correct))
        shuffled.append(item)
    rng.shuffle(shuffled)
    return shuffled
