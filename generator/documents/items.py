"""The items of a question sheet: a question, its options and its key.

In: nothing (values only). Out: `Item` and `Option`, shared by the written
questions (questions.py) and the generated ones (generated.py).
"""

from __future__ import annotations

from dataclasses import dataclass

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
