"""No worksheet prints, on its own pages, the answer it asks for (the vocabulary sheet
here; the timeline's ordering task is tested with the timeline)."""

from __future__ import annotations

from generator.config import ComposeOptions, Folders, Selection
from generator.documents.vocabulary import compose_vocabulary
from generator.passages.gather import gather

from .conftest import ROOT


def whole(marked) -> str:
    return marked.before + marked.marked + marked.after


def test_no_word_card_quotes_a_fill_in_sentence():
    gathered = gather(Folders(ROOT / "lessons", ROOT / "articles", ROOT / "output"), Selection())
    blanks = hidden = 0
    for lesson, passage in gathered.passages:
        sheet, _key = compose_vocabulary(lesson, passage, ComposeOptions())
        asked = [whole(b.sentence) for b in sheet.blanks]
        shown = [whole(c.sentence) for c in sheet.cards if c.quoted]
        assert not set(asked) & set(shown), (lesson.id, passage.level.id)
        assert len(set(asked)) == len(asked)  # no two items blank the same sentence
        for blank in sheet.blanks:  # nor does an item's sentence print another item's answer
            others = [b.sentence.marked.lower() for b in sheet.blanks if b is not blank]
            assert not any(other in whole(blank.sentence).lower() for other in others)
        blanks += len(asked)
        hidden += sum(1 for c in sheet.cards if not c.quoted)
        for card in sheet.cards:  # a card without its sentence still says where to read it
            assert card.paragraph in {p.number for p in passage.paragraphs}
    assert blanks > 40 and hidden > 0
