"""Compose the vocabulary sheet and its answer key.

In: a `Lesson`, its `Passage` and the level's settings. Out: two
`VocabularySheet` values (student sheet and key) with the same items in the
same order: word cards (definition, part of speech, the sentence where the word
is used with its paragraph number), matching, fill-in-the-blank with an
optional word bank, "use it in a sentence of your own", and an optional word
search. Every shuffle takes a seed derived from lesson, level and purpose, so
the same inputs always give the same sheet. No card quotes a sentence that a
fill-in item blanks out: a fill-in takes another sentence using the word
where the passage has one, and otherwise the card names only the paragraph.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from generator.config import ComposeOptions
from generator.documents.base import Document, masthead_for
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
    quoted: bool = True  # False: a fill-in item asks for this sentence, so the card only points to it


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
    matching: tuple[MatchItem, ...] = ()
    match_options: tuple[MatchOption, ...] = ()
    if "matching" in exercises.vocabulary_exercises:
        definitions = [meaning[e.term] for e, _ in chosen]
        matching, match_options = _matching(chosen, definitions, seed_for(*seed, "matching"))
    blanks: tuple[Blank, ...] = ()
    bank: tuple[str, ...] = ()
    if "fill_in" in exercises.vocabulary_exercises:
        blanks = _blanks(chosen[:MAX_BLANKS], passage)
        if exercises.word_bank:
            bank = tuple(sorted((b.sentence.marked for b in blanks), key=str.lower))
    asked = {(b.paragraph, b.sentence.before + b.sentence.marked + b.sentence.after) for b in blanks}
    cards = tuple(
        _card(entry, use, meaning[entry.term], shown=(use.paragraph, use.sentence) not in asked)
        for entry, use in chosen
    )
    own: tuple[OwnSentence, ...] = ()
    if "own_sentence" in exercises.vocabulary_exercises:
        own = tuple(
            OwnSentence(i, e.term, meaning[e.term], u.sentence)
            for i, (e, u) in enumerate(chosen[:OWN_SENTENCES], start=1)
        )
    puzzle = None
    if lesson.spec.puzzle == "word_search" and chosen:
        directions = HARDER if exercises.word_search_directions == "all" else EASY
        puzzle = make_word_search([e.term for e, _ in chosen], seed_for(*seed, "puzzle"), directions)
    masthead = masthead_for(lesson, passage)
    return [
        VocabularySheet(
            kind=kind,
            masthead=masthead,
            is_key=is_key,
            cards=cards,
            matching=matching,
            options=match_options,
            blanks=blanks,
            word_bank=bank,
            own_sentences=own,
            puzzle=puzzle,
        )
        for kind, is_key in (("vocabulary", False), ("vocabulary-key", True))
    ]


def _mark(sentence: str, term: str) -> Marked:
    match = term_pattern(term).search(sentence)
    assert match, (term, sentence)  # entries_for only returns terms it found
    return Marked(sentence[: match.start(1)], match.group(1), sentence[match.end(1) :])


def _card(entry: GlossaryEntry, use: Use, definition: str, shown: bool) -> WordCard:
    return WordCard(
        entry.term,
        entry.part_of_speech,
        definition,
        entry.note,
        use.paragraph,
        _mark(use.sentence, entry.term),
        quoted=shown,
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


def _blanks(chosen: list[tuple[GlossaryEntry, Use]], passage: Passage) -> tuple[Blank, ...]:
    """A sentence per term: one no other item uses and holding no other item's answer
    (which it would give away), other than its word card's where the passage allows.
    A term with no such sentence gets no item."""
    blanks: list[Blank] = []
    taken: set[str] = set()
    terms = [entry.term for entry, _ in chosen]
    for entry, first in chosen:
        others = [term_pattern(t) for t in terms if t != entry.term]
        uses = [
            u
            for u in _uses(entry.term, passage)
            if u.sentence not in taken and not any(o.search(u.sentence) for o in others)
        ]
        use = next((u for u in uses if u.sentence != first.sentence), uses[0] if uses else None)
        if use is None:
            continue
        taken.add(use.sentence)
        blanks.append(Blank(len(blanks) + 1, use.paragraph, _mark(use.sentence, entry.term)))
    return tuple(blanks)


def _uses(term: str, passage: Passage) -> list[Use]:
    """Every sentence of the passage using `term`, in order."""
    pattern = term_pattern(term)
    found = []
    for paragraph in passage.paragraphs:
        for sentence in split_sentences(paragraph.text):
            match = pattern.search(sentence)
            if match:
                found.append(Use(paragraph.number, sentence, match.group(1)))
    return found
