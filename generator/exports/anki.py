"""Vocabulary as an Anki deck (.apkg), made with genanki.

In: an `ExportSource` (its vocabulary sheet's word cards). Out: vocabulary.apkg
holding the deck "<lesson title>::<level name>" of one note per word: term,
part of speech, the level's definition, the passage sentence with the term
blanked, its paragraph and the source. Each note makes two cards: the word
(recall its meaning) and the meaning with the blanked sentence (recall the
word).

Note GUIDs come from the lesson, level and term alone, so importing a newer
export updates the notes instead of adding duplicates; model and deck ids are
fixed for the same reason. Anki only updates a note whose modification time
is newer, so notes carry the time of export (or SOURCE_DATE_EPOCH when set, for
reproducible files). Before it is returned the package is opened with sqlite3
and every note compared with the sheet.
"""

from __future__ import annotations

import html
import itertools
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import genanki

from generator.documents.vocabulary import WordCard, seed_for
from generator.exports.output import ExportError, Output, stable_zip
from generator.exports.source import ExportSource

FIELDS = ("Term", "PartOfSpeech", "Definition", "Sentence", "Paragraph", "Source")
CSS = """.card { font-family: Andika, "DejaVu Sans", sans-serif; font-size: 24px; text-align: center; }
.pos { font-size: 16px; color: #555; }
.sentence { font-size: 18px; margin-top: 1em; }
.source { font-size: 12px; color: #777; margin-top: 2em; }"""
WORD_FRONT = '{{Term}}<div class="pos">{{PartOfSpeech}}</div>'
MEANING_FRONT = '{{Definition}}<div class="sentence">{{Sentence}}</div>'
BACK_SOURCE = '<div class="source">Paragraph {{Paragraph}} &middot; {{Source}}</div>'


def _id(*parts: str) -> int:
    """A stable id in the range Anki's documentation suggests (2^30 to 2^31)."""
    return (1 << 30) + seed_for(*parts) % (1 << 30)


MODEL = genanki.Model(
    _id("curriculum-packs", "vocabulary-note", "1"),
    "Curriculum packs vocabulary",
    fields=[{"name": name} for name in FIELDS],
    templates=[
        {
            "name": "Word -> meaning",
            "qfmt": WORD_FRONT,
            "afmt": '{{FrontSide}}<hr id="answer">{{Definition}}<div class="sentence">{{Sentence}}</div>'
            + BACK_SOURCE,
        },
        {
            "name": "Meaning -> word",
            "qfmt": MEANING_FRONT,
            "afmt": '{{FrontSide}}<hr id="answer">{{Term}}<div class="pos">{{PartOfSpeech}}</div>'
            + BACK_SOURCE,
        },
    ],
    css=CSS,
)


class AnkiError(ExportError):
    """Raised when the package does not hold the sheet's notes."""


def note_guid(lesson_id: str, level_id: str, term: str) -> str:
    return str(genanki.guid_for("curriculum-packs", lesson_id, level_id, term))


def note_fields(card: WordCard, source_line: str) -> list[str]:
    blanked = f"{card.sentence.before}_____{card.sentence.after}"
    values = (card.term, card.part_of_speech, card.definition, blanked, str(card.paragraph), source_line)
    return [html.escape(v, quote=False) for v in values]


def export_anki(source: ExportSource) -> Output:
    lesson, level_id = source.lesson, source.level_id
    cards = source.vocabulary.cards
    if not cards:
        raise AnkiError(f"{lesson.path}: glossary: no vocabulary for '{level_id}' to put in a deck")
    deck_name = f"{lesson.title}::{source.level_name}"
    deck = genanki.Deck(_id("curriculum-packs", lesson.id, level_id, "deck"), deck_name)
    credit = f"{lesson.title}. {source.vocabulary.masthead.attribution}"
    expected = {}
    for card in cards:
        guid = note_guid(lesson.id, level_id, card.term)
        fields = note_fields(card, credit)
        deck.add_note(genanki.Note(model=MODEL, fields=fields, guid=guid, tags=[lesson.id, level_id]))
        expected[guid] = fields
    data = _package(deck, float(os.environ.get("SOURCE_DATE_EPOCH") or time.time()))
    notes = read_notes(data)
    if notes != expected:
        raise AnkiError(f"vocabulary.apkg does not hold the sheet's {len(cards)} notes as written")
    return Output(
        "vocabulary.apkg",
        data,
        f"Anki deck \u201c{deck_name}\u201d: {len(cards)} notes, 2 cards each (word->meaning, meaning->word)",
        (f"{len(notes)} notes read back with sqlite3; GUIDs from lesson, level and term",),
    )


def _package(deck: genanki.Deck, timestamp: float) -> bytes:
    """The .apkg bytes; genanki's own writer would leave its database in the temp folder."""
    with tempfile.TemporaryDirectory(prefix="anki-") as folder:
        path = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(path)
        try:
            genanki.Package(deck).write_to_db(connection.cursor(), timestamp, _ids(timestamp))
            connection.commit()
        finally:
            connection.close()
        return stable_zip([("collection.anki2", path.read_bytes()), ("media", b"{}")])


def _ids(timestamp: float) -> Iterator[int]:
    """Note and card ids as genanki numbers them: milliseconds of the timestamp, counting up."""
    return itertools.count(int(timestamp * 1000))


def read_notes(data: bytes) -> dict[str, list[str]]:
    """GUID -> fields of every note in an .apkg."""
    with zipfile.ZipFile(BytesIO(data)) as archive, tempfile.TemporaryDirectory(prefix="anki-") as folder:
        path = Path(folder) / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
        connection = sqlite3.connect(path)
        try:
            rows = connection.execute("SELECT guid, flds FROM notes ORDER BY id").fetchall()
        finally:
            connection.close()
    return {guid: fields.split("\x1f") for guid, fields in rows}
