"""Vocabulary bingo for a class: a different card per student and the caller's list.

In: an `ExportSource` (every glossary term the level's passage uses, with the
level's definitions), how many students, whether odd-sized cards get a free
centre, a set number. Out: bingo-cards.pdf (two cards a page, cut line between
them) and bingo-caller.pdf (the definitions in a calling order, each with its
word and a box to tick), drawn with ReportLab.

Cards are dealt from one generator seeded with the lesson, level, set number
and card shape, one card after another, so `--students 31` adds a card without
changing the first 30. Each card is a seeded sample of the words in a seeded
order; a card that repeats an earlier one is dealt again, so no two are the
same. The grid is the largest of 5x5, 4x4 and 3x3 the word list can fill.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from generator.documents.vocabulary import seed_for
from generator.exports.output import ExportError, Output
from generator.exports.pages import (
    PAPERS,
    Box,
    Fonts,
    Item,
    Page,
    Rule,
    Text,
    fit,
    fonts_for,
    set_lines,
    width_of,
    wrap,
)
from generator.exports.pdfdraw import draw_pdf
from generator.exports.source import ExportSource, Term

FREE = "FREE"
MAX_STUDENTS = 200
SIDE = 40.0
SCISSORS_DASH = (6.0, 4.0)


@dataclass(frozen=True)
class BingoCard:
    number: int
    size: int  # squares a side
    squares: tuple[str, ...]  # row by row; FREE in the free centre


@dataclass(frozen=True)
class BingoSet:
    cards: tuple[BingoCard, ...]
    calls: tuple[Term, ...]  # every word of the set, in the caller's order


def squares_of(size: int, free_centre: bool) -> int:
    return size * size - (1 if free_centre and size % 2 else 0)


def grid_size(words: int, free_centre: bool) -> int | None:
    return next((n for n in (5, 4, 3) if squares_of(n, free_centre) <= words), None)


def deal(source: ExportSource, students: int, free_centre: bool, set_number: int) -> BingoSet:
    terms = source.terms
    if not 1 <= students <= MAX_STUDENTS:
        raise ExportError(f"expected --students from 1 to {MAX_STUDENTS}, found {students}")
    size = grid_size(len(terms), free_centre)
    if size is None:
        need = squares_of(3, free_centre)
        listed = ", ".join(t.term for t in terms) or "none"
        raise ExportError(
            f"{source.lesson.path}: glossary: bingo needs at least {need} words for a 3 x 3 card"
            f"{' with a free centre' if free_centre else ''}; the {source.level_id} passage uses "
            f"{len(terms)} of the lesson's terms defined for '{source.level_id}' ({listed}). Define more "
            f"terms for this level, or export bingo at another level"
        )
    free = free_centre and size % 2 == 1
    count = squares_of(size, free)
    words = [t.term for t in terms]
    possible = math.perm(len(words), count)
    if students > possible:
        raise ExportError(
            f"only {possible} different cards can be made from {len(words)} words; ask for fewer"
        )
    rng = random.Random(
        seed_for(source.lesson.id, source.level_id, "bingo", str(set_number), str(size), str(free))
    )
    cards: list[BingoCard] = []
    seen: set[tuple[str, ...]] = set()
    while len(cards) < students:
        chosen = rng.sample(words, count)
        if free:
            chosen.insert(len(chosen) // 2, FREE)
        key = tuple(chosen)
        if key in seen:
            continue  # deal this card again: no two cards the same
        seen.add(key)
        cards.append(BingoCard(len(cards) + 1, size, key))
    calls = list(terms)
    random.Random(seed_for(source.lesson.id, source.level_id, "bingo-calls", str(set_number))).shuffle(calls)
    return BingoSet(tuple(cards), tuple(calls))


# --- pages --------------------------------------------------------------------------------


def card_pages(source: ExportSource, bingo: BingoSet, paper: str) -> list[Page]:
    fonts = fonts_for(source.vocabulary.masthead.typography.font)
    width, height = PAPERS[paper]
    pages = []
    for first in range(0, len(bingo.cards), 2):
        items: list[Item] = []
        for half, card in enumerate(bingo.cards[first : first + 2]):
            items += _card(source, card, len(bingo.cards), fonts, width, height / 2, height / 2 * (1 - half))
        if first + 1 < len(bingo.cards):
            items.append(Rule(12, height / 2, width - 12, height / 2, 0.6, SCISSORS_DASH, 0.35))
            items.append(Text(14, height / 2 + 3, "cut", fonts.regular, 7, "start", 0.35))
        pages.append(Page(width, height, tuple(items)))
    return pages


def _card(
    source: ExportSource,
    card: BingoCard,
    total: int,
    fonts: Fonts,
    width: float,
    height: float,
    bottom: float,
) -> list[Item]:
    top = bottom + height - 30
    items: list[Item] = [
        Text(SIDE, top - 16, "Vocabulary bingo", fonts.bold, 16),
        Text(width - SIDE, top - 16, f"Card {card.number} of {total}", fonts.regular, 9, "end"),
        _title_line(source.lesson.title, fonts, SIDE, top - 32, width / 2 + 14 - SIDE),
        Text(width / 2 + 20, top - 32, "Name", fonts.regular, 10),
        Rule(width / 2 + 50, top - 33, width - SIDE, top - 33, 0.6),
    ]
    credit = wrap([(source.vocabulary.masthead.attribution, False)], fonts, 6, width - 2 * SIDE)
    items += set_lines(credit, fonts, 6, SIDE, bottom + 12 + len(credit) * 7.2, "start")
    grid_top = top - 44
    grid_bottom = bottom + 20 + len(credit) * 7.2
    square = min((width - 2 * SIDE) / card.size, (grid_top - grid_bottom) / card.size)
    left = (width - square * card.size) / 2
    for index, word in enumerate(card.squares):
        row, col = divmod(index, card.size)
        x, y = left + col * square, grid_top - (row + 1) * square
        free = word == FREE
        items.append(Box(x, y, square, square, 1.0, 0.9 if free else None))
        size, lines = fit([(word, free)], fonts, square - 10, square - 10, 17 if free else 15, 7)
        block = len(lines) * size * 1.2
        items += set_lines(lines, fonts, size, x + square / 2, y + square / 2 + block / 2)
    return items


def _title_line(title: str, fonts: Fonts, x: float, y: float, room: float) -> Text:
    """The lesson title, made smaller (then shortened) to stay clear of the name line."""
    size = 9.0
    while width_of(title, fonts.regular, size) > room and size > 6.5:
        size -= 0.5
    while width_of(title, fonts.regular, size) > room:
        title = title[:-2].rstrip() + "\u2026"
    return Text(x, y, title, fonts.regular, size)


def caller_pages(source: ExportSource, bingo: BingoSet, paper: str, students: int) -> list[Page]:
    fonts = fonts_for(source.vocabulary.masthead.typography.font)
    width, height = PAPERS[paper]
    size = 11.0
    pages: list[Page] = []
    items: list[Item] = []
    y = height - 54

    def start_page(continued: bool) -> None:
        nonlocal items, y
        items = []
        y = height - 54
        head = "Vocabulary bingo: caller\u2019s list" + (" (continued)" if continued else "")
        items.append(Text(SIDE, y, head, fonts.bold, 16))
        items.append(Text(SIDE, y - 16, f"{source.lesson.title} \u00b7 {students} cards", fonts.regular, 10))
        y -= 30
        if not continued:
            how = (
                "Read each meaning aloud. Students cover the word it defines. Tick the box as you call it. "
                "A student with a full row, column or diagonal calls \u201cBingo!\u201d: check their words "
                "against your ticks."
            )
            lines = wrap([(how, False)], fonts, 10, width - 2 * SIDE)
            items.extend(set_lines(lines, fonts, 10, SIDE, y, "start"))
            y -= len(lines) * 12 + 10

    def end_page() -> None:
        credit = wrap([(source.vocabulary.masthead.attribution, False)], fonts, 6.5, width - 2 * SIDE)
        items.extend(set_lines(credit, fonts, 6.5, SIDE, 40, "start"))
        pages.append(Page(width, height, tuple(items)))

    start_page(False)
    for n, term in enumerate(bingo.calls, start=1):
        lines = wrap([(term.definition, False)], fonts, size, width - 2 * SIDE - 200)
        need = len(lines) * size * 1.2 + 10
        if y - need < 70:
            end_page()
            start_page(True)
        items.append(Box(SIDE, y - 12, 11, 11, 0.8))
        items.append(Text(SIDE + 30, y - size * 0.95, f"{n}.", fonts.regular, size, "end"))
        items.extend(set_lines(lines, fonts, size, SIDE + 36, y, "start"))
        items.append(Text(width - SIDE, y - size * 0.95, term.term, fonts.bold, size, "end"))
        y -= need
        items.append(Rule(SIDE, y + 4, width - SIDE, y + 4, 0.3, (), 0.6))
    end_page()
    return pages


def export_bingo(
    source: ExportSource, paper: str, students: int, free_centre: bool, set_number: int
) -> list[Output]:
    bingo = deal(source, students, free_centre, set_number)
    cards = card_pages(source, bingo, paper)
    caller = caller_pages(source, bingo, paper, students)
    size = bingo.cards[0].size
    distinct = len({c.squares for c in bingo.cards})
    if distinct != len(bingo.cards) or len(cards) != math.ceil(students / 2):
        raise ExportError(f"bingo: {distinct} different cards on {len(cards)} pages for {students} students")
    title = f"{source.lesson.title}: vocabulary bingo"
    return [
        Output(
            "bingo-cards.pdf",
            draw_pdf(cards, title, f"{students} cards, set {set_number}"),
            f"bingo: {students} different {size} x {size} cards, two a page ({len(cards)} pages)",
            (f"{distinct} cards, no two the same; {len(bingo.calls)} words to call",),
        ),
        Output(
            "bingo-caller.pdf",
            draw_pdf(caller, f"{title}, caller's list", f"set {set_number}"),
            f"bingo caller's list: {len(bingo.calls)} definitions to read aloud",
        ),
    ]
