"""Compose the vocabulary sheet and its answer key.

In: a `Lesson`, its `Passage` and the level's settings. Out: two
`VocabularySheet` values (student sheet and key) with the same items in the
same order: word cards (definition, part of speech, the sentence where the word
is used with its paragraph number), matching, fill-in-the-blank with an
optional word bank, "use it in a sentence of your own", and an optional word
search. Every shuffle takes a seed derived from lesson, level and purpose, so
the same inputs always give the same sheet.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from generator.config import ComposeOptions
from generator.documents.base import Document, common_fields
from generator.documents.puzzle import EASY, HARDER, WordSearch, make_word_search
from generator.passages.glossary import Use, entries_for, term_pattern
from generator.passages.passage import Passage
from generator.spec.lesson import GlossaryEntry, Lesson
from generator.text.readability import split_sentences

OWN_SENTENCES = 4  # how many "use it in a sentence" items
MAX_BLANKS = 6


@dataclass(frozen=True)
class Marked:
    """A sentence with one span to mark (the term, or a blank)."""

    before: str
    marked: str
    after: str


@dataclass(frozen=True)
class WordCard:
    term: str
    part_of_speech: str
    definition: str
    note: str | None
    paragraph: int
    sentence: Marked


@dataclass(frozen=True)
class MatchItem:
    number: int
    term: str
    answer: str  # the letter of its definition


@dataclass(frozen=True)
class MatchOption:
    letter: str
    definition: str


@dataclass(frozen=True)
class Blank:
    number: int
    paragraph: int
    sentence: Marked  # `marked` is the answer, shown only on the key


@dataclass(frozen=True)
class OwnSentence:
    number: int
    term: str
    definition: str
    model: str  # the passage's sentence, shown on the key as a model


@dataclass(frozen=True)
class VocabularySheet(Document):
    # kind: "vocabulary" or "vocabulary-key"
    is_key: bool
    cards: tuple[WordCard, ...]
    matching: tuple[MatchItem, ...]
    options: tuple[MatchOption, ...]
    blanks: tuple[Blank, ...]
    word_bank: tuple[str, ...]  # empty when the level or lesson turns it off
    own_sentences: tuple[OwnSentence, ...]
    puzzle: WordSearch | None
    template: str = "vocabulary.html"


def seed_for(*parts: str) -> int:
    """A stable seed (unlike hash(), the same in every process)."""
    return int.from_bytes(hashlib.sha256(":".join(parts).encode()).digest()[:8], "big")


def compose_vocabulary(lesson: Lesson, passage: Passage, options: ComposeOptions) -> list[VocabularySheet]:
    del options  # the same at every paper size and version count
    level = lesson.levels[passage.level.id]
    exercises = level.exercises
    chosen = entries_for(lesson, passage)[: exercises.vocabulary_terms]
    seed = (lesson.id, level.id)
    meaning = {e.term: e.definition_for(level.id, lesson.level_order) for e, _ in chosen}
    cards = tuple(_card(entry, use, meaning[entry.term]) for entry, use in chosen)
    matching: tuple[MatchItem, ...] = ()
    options: tuple[MatchOption, ...] = ()
    if "matching" in exercises.vocabulary_exercises:
        definitions = [meaning[e.term] for e, _ in chosen]
        matching, options = _matching(chosen, definitions, seed_for(*seed, "matching"))
    blanks: tuple[Blank, ...] = ()
    bank: tuple[str, ...] = ()
    if "fill_in" in exercises.vocabulary_exercises:
        blanks = _blanks(chosen[:MAX_BLANKS], passage)
        if exercises.word_bank:
            bank = tuple(sorted((b.sentence.marked for b in blanks), key=str.lower))
    own = ()
    if "own_sentence" in exercises.vocabulary_exercises:
        own = tuple(
            OwnSentence(i, e.term, meaning[e.term], u.sentence)
            for i, (e, u) in enumerate(chosen[:OWN_SENTENCES], start=1)
        )
    puzzle = None
    if lesson.spec.puzzle == "word_search" and chosen:
        directions = HARDER if exercises.word_search_directions == "all" else EASY
        puzzle = make_word_search([e.term for e, _ in chosen], seed_for(*seed, "puzzle"), directions)
    common = common_fields(lesson, passage)
    return [
        VocabularySheet(
            kind=kind,
            is_key=is_key,
            cards=cards,
            matching=matching,
            options=options,
            blanks=blanks,
            word_bank=bank,
            own_sentences=own,
            puzzle=puzzle,
            **common,
        )
        for kind, is_key in (("vocabulary", False), ("vocabulary-key", True))
    ]


def _mark(sentence: str, term: str) -> Marked:
    match = term_pattern(term).search(sentence)
    assert match, (term, sentence)  # entries_for only returns terms it found
    return Marked(sentence[: match.start(1)], match.group(1), sentence[match.end(1) :])


def _card(entry: GlossaryEntry, use: Use, definition: str) -> WordCard:
    return WordCard(
        entry.term,
        entry.part_of_speech,
        definition,
        entry.note,
        use.paragraph,
        _mark(use.sentence, entry.term),
    )


def _matching(
    chosen: list[tuple[GlossaryEntry, Use]], definitions: list[str], seed: int
) -> tuple[tuple[MatchItem, ...], tuple[MatchOption, ...]]:
    order = list(range(len(definitions)))
    rng = random.Random(seed)
    for _ in range(50):  # avoid a term sitting beside its own definition where possible
        rng.shuffle(order)
        if len(order) < 2 or all(pos != idx for pos, idx in enumerate(order)):
            break
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    options = tuple(MatchOption(letters[pos], definitions[idx]) for pos, idx in enumerate(order))
    answer_of = {idx: letters[pos] for pos, idx in enumerate(order)}
    items = tuple(MatchItem(i + 1, e.term, answer_of[i]) for i, (e, _) in enumerate(chosen))
    return items, options


def _blanks(chosen, passage: Passage) -> tuple[Blank, ...]:
    """A sentence per term, preferring a later use than the one on its word card."""
    blanks = []
    for number, (entry, first) in enumerate(chosen, start=1):
        use = _later_use(entry.term, passage, first) or first
        blanks.append(Blank(number, use.paragraph, _mark(use.sentence, entry.term)))
    return tuple(blanks)


def _later_use(term: str, passage: Passage, first: Use) -> Use | None:
    pattern = term_pattern(term)
    for paragraph in passage.paragraphs:
        for sentence in split_sentences(paragraph.text):
            match = pattern.search(sentence)
            if match and sentence != first.sentence:
                return Use(paragraph.number, sentence, match.group(1))
    return None
