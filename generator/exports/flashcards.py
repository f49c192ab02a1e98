"""Vocabulary flashcards for duplex printing, drawn with ReportLab.

In: an `ExportSource` (the vocabulary sheet's word cards) and the paper. Out:
one PDF per duplex flip, each sheet a page of fronts (the term and its part of
speech, with dashed cut lines) followed by a page of backs (the level's
definition and the passage sentence that uses the word, its paragraph).

Where a back goes: turning a sheet over its long edge mirrors it left to
right, over its short edge top to bottom. So the back of the card whose front
is at (x, y) is drawn at (W - x, y) for long-edge printing and at (x, H - y)
for short-edge printing, and the same for the alignment mark: held up to the
light, the back's cross sits in the front's ring when the printer flipped the
way the file was made for (a wrong setting moves it to the far side).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.documents.vocabulary import WordCard
from generator.exports.output import ExportError, Flip, Output
from generator.exports.pages import (
    PAPERS,
    Anchor,
    Fonts,
    Item,
    Mark,
    Page,
    Rule,
    Text,
    fit,
    fonts_for,
    set_lines,
    wrap,
)
from generator.exports.pdfdraw import draw_pdf
from generator.exports.source import ExportSource

COLUMNS, ROWS = 2, 4
SIDE = 36.0  # left and right margins (0.5 in)
TOP = BOTTOM = 54.0  # room for the alignment note and the credit
INSET = 14.0  # backs keep this far inside the cut lines: a copier's misregistration stays off the edge
CUT = (4.0, 3.0)
NUMBER_GREY = 0.4  # card numbers: small, grey, in the same corner of the sheet on both sides
FLIP_NAMES = {"long": "long edge", "short": "short edge"}


@dataclass(frozen=True)
class Slot:
    """A card's place on a sheet: its rectangle on the front page, in points."""

    x: float
    y: float
    w: float
    h: float


def slots(paper: str) -> list[Slot]:
    """The card places of a sheet, in reading order (left to right, top to bottom)."""
    width, height = PAPERS[paper]
    w = (width - 2 * SIDE) / COLUMNS
    h = (height - TOP - BOTTOM) / ROWS
    return [Slot(SIDE + c * w, height - TOP - (r + 1) * h, w, h) for r in range(ROWS) for c in range(COLUMNS)]


def flip_point(x: float, y: float, flip: Flip, paper: str) -> tuple[float, float]:
    """Where a point of the front lies on the back page (and back again: flipping is its own inverse)."""
    width, height = PAPERS[paper]
    return (width - x, y) if flip == "long" else (x, height - y)


def back_slot(slot: Slot, flip: Flip, paper: str) -> Slot:
    x1, y1 = flip_point(slot.x, slot.y, flip, paper)
    x2, y2 = flip_point(slot.x + slot.w, slot.y + slot.h, flip, paper)
    return Slot(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))


def mark_point(paper: str) -> tuple[float, float]:
    """The alignment ring on the front: top margin, near the left edge (asymmetric on purpose)."""
    _, height = PAPERS[paper]
    return SIDE + 14, height - TOP / 2


def flashcard_pages(source: ExportSource, paper: str, flip: Flip) -> list[Page]:
    fonts = fonts_for(source.vocabulary.masthead.typography.font)
    cards = source.vocabulary.cards
    places = slots(paper)
    sheets = [cards[i : i + len(places)] for i in range(0, len(cards), len(places))]
    pages = []
    for n, sheet in enumerate(sheets, start=1):
        tail = f"sheet {n} of {len(sheets)}"
        pages.append(_front(sheet, n, tail, source, paper, flip, fonts))
        pages.append(_back(sheet, n, tail, source, paper, flip, fonts))
    return pages


def _number(sheet: int, index: int) -> int:
    return (sheet - 1) * COLUMNS * ROWS + index + 1


def _front(
    cards: tuple[WordCard, ...],
    sheet: int,
    tail: str,
    source: ExportSource,
    paper: str,
    flip: Flip,
    fonts: Fonts,
) -> Page:
    width, height = PAPERS[paper]
    items: list[Item] = []
    places = slots(paper)
    for index, (card, slot) in enumerate(zip(cards, places, strict=False)):
        size, lines = fit([(card.term, True)], fonts, slot.w - 2 * INSET, slot.h * 0.45, 30, 12)
        block = len(lines) * size * 1.2
        top = slot.y + slot.h / 2 + block / 2 + 6
        items += set_lines(lines, fonts, size, slot.x + slot.w / 2, top)
        items.append(
            Text(
                slot.x + slot.w / 2, top - block - 14, f"({card.part_of_speech})", fonts.regular, 11, "middle"
            )
        )
        number = _number(sheet, index)
        items.append(Text(slot.x + slot.w - 8, slot.y + 8, str(number), fonts.regular, 7, "end", NUMBER_GREY))
    items += _cut_lines(places, width, height)
    mx, my = mark_point(paper)
    items.append(Mark(mx, my))
    note = (
        f"Print on both sides, flipping on the {FLIP_NAMES[flip]}. Hold the sheet up to a light: "
        "the cross on the back should sit in this ring. Cut on the dashed lines."
    )
    items += _small_lines(note, fonts, mx + 16, my + 8, width - SIDE - mx - 16)
    items += _footer(source, f"Vocabulary flashcards, fronts, {tail}", fonts, paper)
    return Page(width, height, tuple(items))


def _back(
    cards: tuple[WordCard, ...],
    sheet: int,
    tail: str,
    source: ExportSource,
    paper: str,
    flip: Flip,
    fonts: Fonts,
) -> Page:
    width, height = PAPERS[paper]
    items: list[Item] = []
    for index, (card, slot) in enumerate(zip(cards, slots(paper), strict=False)):
        place = back_slot(slot, flip, paper)
        items += _back_card(card, place, fonts)
        # The number sits exactly behind the front's number.
        nx, ny = flip_point(slot.x + slot.w - 8, slot.y + 8, flip, paper)
        anchor: Anchor = "start" if flip == "long" else "end"
        items.append(
            Text(
                nx,
                ny if flip == "long" else ny - 5,
                str(_number(sheet, index)),
                fonts.regular,
                7,
                anchor,
                0.4,
            )
        )
    mx, my = flip_point(*mark_point(paper), flip, paper)
    items.append(Mark(mx, my))
    note = "Backs. This cross should sit in the ring printed on the front."
    if flip == "long":
        items += _small_lines(note, fonts, mx - 16, my + 8, mx - 16 - SIDE, anchor="end")
    else:
        items += _small_lines(note, fonts, mx + 16, my + 8, width - SIDE - mx - 16)
    items += _footer(source, f"Vocabulary flashcards, backs, {tail}", fonts, paper, top=flip == "short")
    return Page(width, height, tuple(items))


def _back_card(card: WordCard, place: Slot, fonts: Fonts) -> list[Item]:
    inner = place.w - 2 * INSET
    top = place.y + place.h - INSET
    size, lines = fit([(card.definition, False)], fonts, inner, place.h * 0.42, 15, 8)
    items: list[Item] = list(set_lines(lines, fonts, size, place.x + place.w / 2, top))
    used = len(lines) * size * 1.2 + 6
    sentence = [
        (f"Paragraph {card.paragraph}:", False),
        (card.sentence.before, False),
        (card.sentence.marked, True),
        (card.sentence.after, False),
    ]
    room = place.h - 2 * INSET - used
    small, example = fit(sentence, fonts, inner, room, min(size - 1, 11), 6.5)
    items += set_lines(example, fonts, small, place.x + INSET, top - used, anchor="start")
    return items


def _cut_lines(places: list[Slot], width: float, height: float) -> list[Item]:
    xs = sorted({round(s.x, 3) for s in places} | {round(s.x + s.w, 3) for s in places})
    ys = sorted({round(s.y, 3) for s in places} | {round(s.y + s.h, 3) for s in places})
    grey = 0.35
    rules: list[Item] = [Rule(x, ys[0] - 10, x, ys[-1] + 10, 0.5, CUT, grey) for x in xs]
    rules += [Rule(xs[0] - 10, y, xs[-1] + 10, y, 0.5, CUT, grey) for y in ys]
    return rules


def _small_lines(
    text: str, fonts: Fonts, x: float, top: float, width: float, anchor: Anchor = "start"
) -> list[Item]:
    lines = wrap([(text, False)], fonts, 7.5, width)
    return list(set_lines(lines, fonts, 7.5, x, top, anchor))


def _footer(source: ExportSource, what: str, fonts: Fonts, paper: str, top: bool = False) -> list[Item]:
    """Title, page label and the credit in the bottom margin (the top one of a short-edge back,
    which is the same physical edge of the sheet)."""
    width, height = PAPERS[paper]
    v = source.vocabulary
    credit = f"{v.masthead.title}. {what}. {v.masthead.attribution}"
    lines = wrap([(credit, False)], fonts, 6.5, width - 2 * SIDE)
    start = height - 10 if top else BOTTOM - 14
    return list(set_lines(lines, fonts, 6.5, SIDE, start, "start"))


def export_flashcards(source: ExportSource, paper: str, flips: tuple[Flip, ...]) -> list[Output]:
    cards = source.vocabulary.cards
    if not cards:
        raise ExportError(
            f"{source.lesson.path}: no vocabulary for '{source.level_id}' to make flashcards of"
        )
    outputs = []
    for flip in flips:
        pages = flashcard_pages(source, paper, flip)
        problems = check_duplex(pages, paper, flip)
        if problems:
            raise ExportError("flashcard backs do not land behind their fronts: " + "; ".join(problems))
        data = draw_pdf(
            pages, f"{source.lesson.title}: vocabulary flashcards", f"duplex, flip on the {FLIP_NAMES[flip]}"
        )
        outputs.append(
            Output(
                f"flashcards-{flip}-edge.pdf",
                data,
                f"flashcards, {len(cards)} cards on {len(pages)} pages, flip on the {FLIP_NAMES[flip]}",
                (f"backs and alignment mark land behind their fronts, flipped on the {FLIP_NAMES[flip]}",),
            )
        )
    return outputs


def check_duplex(pages: list[Page], paper: str, flip: Flip) -> list[str]:
    """Each card's number on a back page, flipped over, lies in the same card place as the
    number on its front (the two are printed back to back); the marks coincide."""
    problems = []
    places = slots(paper)
    for front, back in zip(pages[::2], pages[1::2], strict=True):
        fronts = {t.text: (t.x, t.y) for t in front.texts() if t.grey == NUMBER_GREY}
        backs = {t.text: (t.x, t.y) for t in back.texts() if t.grey == NUMBER_GREY}
        if fronts.keys() != backs.keys():
            problems.append(f"cards {sorted(fronts)} on a front, {sorted(backs)} on its back")
        for number, point in backs.items():
            behind = flip_point(*point, flip, paper)
            if _place_of(fronts.get(number, (-1, -1)), places) != _place_of(behind, places):
                problems.append(f"card {number}")
        marks = [(i.x, i.y) for i in front.items if isinstance(i, Mark)]
        back_marks = [flip_point(i.x, i.y, flip, paper) for i in back.items if isinstance(i, Mark)]
        if len(marks) != 1 or any(abs(a - b) > 0.01 for a, b in zip(marks[0], back_marks[0], strict=True)):
            problems.append("alignment mark")
    return problems


def _place_of(point: tuple[float, float], places: list[Slot]) -> int | None:
    x, y = point
    return next((n for n, s in enumerate(places) if s.x <= x <= s.x + s.w and s.y <= y <= s.y + s.h), None)
