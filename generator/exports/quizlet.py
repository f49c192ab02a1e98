"""Vocabulary as a Quizlet import file: one card a line, term TAB definition.

In: an `ExportSource` (its vocabulary sheet: the level's words and definitions,
in the sheet's order). Out: vocabulary-quizlet.tsv, UTF-8, which Quizlet's
"Import" box takes with its default separators (tab between term and
definition, new line between cards). Tabs and line breaks inside a field would
split a card, so they become spaces. Read back and compared before returning.
"""

from __future__ import annotations

import re

from generator.exports.output import ExportError, Output
from generator.exports.source import ExportSource


class QuizletError(ExportError):
    """Raised when the file does not read back as the sheet's cards."""


def _field(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def export_quizlet(source: ExportSource) -> Output:
    cards = [(_field(c.term), _field(c.definition)) for c in source.vocabulary.cards]
    if not cards:
        raise QuizletError(_no_words(source))
    text = "".join(f"{term}\t{definition}\n" for term, definition in cards)
    read = [tuple(line.split("\t")) for line in text.splitlines()]
    if read != cards:
        raise QuizletError(f"vocabulary-quizlet.tsv does not read back as its {len(cards)} cards")
    return Output(
        "vocabulary-quizlet.tsv",
        text.encode("utf-8"),
        f"Quizlet import: {len(cards)} cards (term, then the {source.level_name.lower()} definition)",
        (f"{len(read)} cards read back: one tab per line, no empty field",),
    )


def _no_words(source: ExportSource) -> str:
    return (
        f"{source.lesson.path}: glossary: no term defined for '{source.level_id}' appears in the "
        f"{source.level_id} passage, so there is no vocabulary to export; add definitions for this level"
    )
