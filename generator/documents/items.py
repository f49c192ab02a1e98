"""The items of a question sheet: a question, its options and its key.

In: nothing (values only). Out: `Item` and `Option`, shared by the written
questions (questions.py) and the generated ones (generated.py). An item holds
its right answer as a value (the index of the right option, True or False);
`Item.key` is the one place that turns it into the text the answer key prints.
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
    answer: str  # short and extended answers: the model answer; cloze: the missing word; else ""
    evidence: tuple[tuple[int, str], ...]  # (paragraph, quotation)
    lines: int  # answer lines on the student copy
    scoring: tuple[str, ...] = ()
    generated: bool = False
    correct: int | None = None  # items with options: the index of the right one in `options`
    truth: bool | None = None  # true/false: whether the statement is true
    note: str = ""  # on the key after True/False, or instead of the right option's text: "(1994)"

    def __post_init__(self) -> None:
        # The key is derived from these: an item without them would print a wrong key.
        if self.options and not (self.correct is not None and 0 <= self.correct < len(self.options)):
            raise ValueError(f"item '{self.prompt}': {len(self.options)} options, right one {self.correct}")
        if not self.options and self.correct is not None:
            raise ValueError(f"item '{self.prompt}': no options, right one {self.correct}")
        if (self.truth is not None) != (self.kind == "true_false"):
            raise ValueError(f"item '{self.prompt}' ({self.kind}): truth {self.truth}")

    @property
    def right(self) -> Option | None:
        """The right option of an item with options."""
        return None if self.correct is None else self.options[self.correct]

    @property
    def key(self) -> str:
        """What the answer key prints: "B. Armenia", "A. (1988, before 2020)", "False (1994)",
        or the model answer."""
        if self.right is not None:
            return f"{self.right.letter}. {self.note or self.right.text}"
        if self.truth is not None:
            return " ".join(filter(None, ("True" if self.truth else "False", self.note)))
        return self.answer
