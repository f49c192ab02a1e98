"""Compose comprehension questions, their keys and A/B versions.

In: a lesson, its passage at a level and how many versions. Out:
`QuestionSheet`s (student copy and key per version). Items are the lesson's
own questions for the level plus generated ones, each marked as generated on
the key: cloze sentences from the passage, true/false from the article's fact
box (kept only where the passage gives the same date, so the passage supports
the answer), and "which came first?" from the passage's dated events. Versions
shuffle question and option order with a seed made from lesson, level and
version letter.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, replace

from generator.config import ComposeOptions
from generator.documents.base import Document, common_fields
from generator.documents.vocabulary import seed_for
from generator.passages.events import extract_events
from generator.passages.evidence import supported_questions
from generator.passages.glossary import entries_for, term_pattern
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.spec.schema import ExtendedResponse, MultipleChoice, ShortAnswer, TrueFalse
from generator.text.clean import words
from generator.text.dates import hide_dates
from generator.text.readability import split_sentences

LETTERS = "ABCD"


@dataclass(frozen=True)
class Option:
    letter: str
    text: str


@dataclass(frozen=True)
class Item:
    number: int
    kind: str  # multiple_choice, true_false, short_answer, extended_response, cloze, which_came_first
    prompt: str
    options: tuple[Option, ...]  # lettered choices (multiple choice, which came first)
    answer: str  # what the key shows: a letter with its text, True/False, or a model answer
    evidence: tuple[tuple[int, str], ...]  # (paragraph, quotation)
    lines: int  # answer lines on the student copy
    scoring: tuple[str, ...] = ()
    generated: bool = False


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
    items = written + generated_items(lesson, passage)
    common = common_fields(lesson, passage)
    sheets = []
    letters = [""] if versions <= 1 else [chr(ord("A") + i) for i in range(versions)]
    for letter in letters:
        ordered = (
            _shuffled(items, seed_for(lesson.id, passage.level.id, "questions", letter)) if letter else items
        )
        ordered = tuple(replace(item, number=n) for n, item in enumerate(ordered, start=1))
        stem = f"questions-{letter.lower()}" if letter else "questions"
        for is_key in (False, True):
            sheets.append(
                QuestionSheet(
                    kind=stem + ("-key" if is_key else ""),
                    is_key=is_key,
                    version=letter,
                    items=ordered,
                    **common,
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
            options = tuple(Option(LETTERS[i], text) for i, text in enumerate(question.options))
            answer = next(f"{o.letter}. {o.text}" for o in options if o.text == question.answer)
            items.append(Item(0, question.type, question.prompt, options, answer, evidence, 0))
        elif isinstance(question, TrueFalse):
            items.append(
                Item(
                    0,
                    question.type,
                    question.statement,
                    (),
                    "True" if question.answer else "False",
                    evidence,
                    0,
                )
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


def generated_items(lesson: Lesson, passage: Passage) -> list[Item]:
    wanted = lesson.spec.generated
    return (
        _cloze(lesson, passage, wanted.cloze)
        + _fact_box(lesson, passage, wanted.infobox_true_false)
        + _which_came_first(lesson, passage, wanted.which_came_first)
    )


def _cloze(lesson: Lesson, passage: Passage, count: int) -> list[Item]:
    """A passage sentence with a glossary word blanked (the vocabulary sheet's words)."""
    items = []
    for entry, use in entries_for(lesson, passage)[-count:] if count else []:
        match = term_pattern(entry.term).search(use.sentence)
        blanked = use.sentence[: match.start(1)] + "________" + use.sentence[match.end(1) :]
        items.append(
            Item(
                0,
                "cloze",
                f"Fill in the missing word: {blanked}",
                (),
                match.group(1),
                ((use.paragraph, use.sentence),),
                0,
                generated=True,
            )
        )
    return items


# Fact-box entries worth a true/false item: "Armenian victory: 1994", "Border crisis: 2021–present".
_STATUS = re.compile(r"^(?P<what>[A-Z][\w ]+?): (?P<year>\d{4})(?P<open>[–-]present)?$")


def _fact_box(lesson: Lesson, passage: Passage, count: int) -> list[Item]:
    fact = lesson.article.fact("Status")
    if not fact or not count:
        return []
    entries = [m for m in (_STATUS.match(v) for v in fact.values) if m]
    years = sorted({int(m["year"]) for m in entries})
    sentences = [(p.number, s) for p in passage.paragraphs for s in split_sentences(p.text)]
    items = []
    for n, match in enumerate(entries):
        what, year = match["what"], int(match["year"])
        key = what.split()[-1].lower()  # "victory", "crisis", "Artsakh"
        support = next(((num, s) for num, s in sentences if str(year) in s and key in s.lower()), None)
        if support is None:
            continue  # the passage does not give this fact: no item it cannot support
        others = [y for y in years if y != year]
        truthful = n % 2 == 0 or not others
        shown = year if truthful else others[n % len(others)]
        verb = "began" if match["open"] else "came"
        statement = f"The article's fact box lists \u201c{what}\u201d, which {verb} in {shown}."
        items.append(
            Item(
                0,
                "true_false",
                statement,
                (),
                "True" if truthful else f"False ({year})",
                (support,),
                0,
                generated=True,
            )
        )
        if len(items) == count:
            break
    return items


def _which_came_first(lesson: Lesson, passage: Passage, count: int) -> list[Item]:
    """Two dated sentences of the passage with their dates hidden: which happened first?"""
    events = [e for e in extract_events(passage, lesson) if e.paragraph and e.text != e.when.label]
    by_year: dict[int, object] = {}
    for event in events:
        if not event.when.is_range and event.text.count(" ") > 3:
            by_year.setdefault(event.when.year, event)
    ordered = sorted(by_year.values(), key=lambda e: e.when.start)
    items = []
    rng = random.Random(seed_for(lesson.id, passage.level.id, "which-came-first"))
    for i in range(min(count, len(ordered) // 2)):
        first, later = ordered[i], ordered[-1 - i]
        pair = [first, later]
        rng.shuffle(pair)
        options = tuple(Option(LETTERS[j], hide_dates(e.text)) for j, e in enumerate(pair))
        answer_letter = LETTERS[pair.index(first)]
        items.append(
            Item(
                0,
                "which_came_first",
                "Which of these happened first?",
                options,
                f"{answer_letter}. ({first.when.label}, before {later.when.label})",
                ((first.paragraph, first.text), (later.paragraph, later.text)),
                0,
                generated=True,
            )
        )
    return items


def _shuffled(items: list[Item], seed: int) -> list[Item]:
    rng = random.Random(seed)
    shuffled = []
    for item in items:
        if item.kind == "multiple_choice":
            texts = [o.text for o in item.options]
            right = item.answer.split(". ", 1)[1]
            rng.shuffle(texts)
            options = tuple(Option(LETTERS[i], t) for i, t in enumerate(texts))
            item = replace(
                item,
                options=options,
                answer=next(f"{o.letter}. {o.text}" for o in options if o.text == right),
            )
        shuffled.append(item)
    rng.shuffle(shuffled)
    return shuffled
