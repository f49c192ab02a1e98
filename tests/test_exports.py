"""Exports: LMS quizzes, vocabulary decks, .docx and class sets, made and read back.

Each test makes the files with the same code the CLI runs and reads them back
with other tools where they exist: lxml (DTD, RELAX NG), zipfile and sqlite3,
LibreOffice (the .docx converted back to PDF) and pypdf (text and positions).
"""

from __future__ import annotations

import html
import io
import re
import shutil
import sqlite3
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import docx.document
import pytest
from lxml import etree
from pypdf import PdfReader

from generator.config import Folders
from generator.exports import anki, bingo, flashcards, gift, moodle, qti
from generator.exports.output import ExportError
from generator.exports.quizitems import Choice, Quiz, QuizItem, quiz_for
from generator.exports.source import ExportSource, load_source

from .conftest import ROOT, edit_lesson, folder_args

LESSON = "origins"
LETTER = (612.0, 792.0)


@pytest.fixture(scope="module")
def sources() -> dict[str, ExportSource]:
    folders = Folders(ROOT / "lessons", ROOT / "articles", ROOT / "output")
    return {level: load_source(folders, LESSON, level) for level in ("elementary", "middle", "high")}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """Every export of the lesson at middle, made by the CLI into a temporary folder."""
    from generator.cli import main

    out = tmp_path_factory.mktemp("exports")
    args = ["export", LESSON, "--level", "middle", "--to", "all", "--out", str(out)]
    args += ["--lessons-dir", str(ROOT / "lessons"), "--articles-dir", str(ROOT / "articles")]
    assert main(args) == 0
    return out / LESSON / "middle"


def positions(pdf: Path | bytes, page: int) -> list[tuple[str, float, float]]:
    """(text, x, y) of each text run drawn on a page, as pypdf reads it."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001 - pypdf's visitor signature
        if text.strip():
            found.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    reader.pages[page].extract_text(visitor_text=visit)
    return found


# --- questions for an LMS -------------------------------------------------------------------


def test_quiz_keeps_the_keys_answers_and_evidence(sources):
    source = sources["middle"]
    quiz = quiz_for(source)
    key = source.questions_key.items
    assert quiz.items[0].kind == "passage"
    assert [p.text for p in quiz.items[0].passage if p.number] == [p.text for p in source.passage.paragraphs]
    assert [i.number for i in quiz.items[1:]] == [i.number for i in key]
    for item, printed in zip(quiz.items[1:], key, strict=True):
        assert item.feedback[-len(printed.evidence) :] == tuple(
            f"Paragraph {n}: \u201c{q}\u201d" for n, q in printed.evidence
        )
        if item.kind == "choice":
            right = next(c.text for c in item.choices if c.correct)
            assert right == printed.right.text
        if printed.kind == "extended_response":
            assert item.kind == "essay" and item.grader_info[-len(printed.scoring) :] == printed.scoring
        if printed.kind == "cloze":
            assert item.kind == "short_answer" and item.accepted == (printed.answer,)
    assert {i.kind for i in quiz.items} == {"passage", "choice", "true_false", "short_answer", "essay"}


def test_qti_package_validates_and_reads_back(exported, sources):
    quiz = quiz_for(sources["middle"])
    data = (exported / "questions-qti.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["imsmanifest.xml", f"{quiz.ident}/{quiz.ident}.xml"]
        document = etree.fromstring(archive.read(f"{quiz.ident}/{quiz.ident}.xml"))
    assert etree.DTD(str(qti.PROFILE)).validate(document)
    assert qti.read_package(data) == list(quiz.items)
    # The scored response of each choice item is the option the printed key gives.
    key = {f"Question {i.number}": i for i in sources["middle"].questions_key.items}
    checked = 0
    for item in document.iter(f"{{{qti.NS}}}item"):
        printed = key.get(item.get("title", ""))
        if printed is None or printed.kind != "multiple_choice":
            continue
        scored = [
            c for c in item.iter(f"{{{qti.NS}}}respcondition") if c.find(f"{{{qti.NS}}}setvar") is not None
        ]
        right = scored[0].findtext(f".//{{{qti.NS}}}varequal")
        label = next(r for r in item.iter(f"{{{qti.NS}}}response_label") if r.get("ident") == right)
        assert printed.right.text == label.findtext(f".//{{{qti.NS}}}mattext")
        checked += 1
    assert checked >= 3
    types = [
        f.text for f in document.iter(f"{{{qti.NS}}}fieldentry") if f.text and f.text.endswith("question")
    ]
    assert types[0] == "text_only_question" and "essay_question" in types and "true_false_question" in types


def test_qti_profile_rejects_a_misplaced_element(sources):
    document = qti.qti_document(quiz_for(sources["middle"]))
    item = next(document.iter(f"{{{qti.NS}}}item"))
    item.insert(0, item.find(f"{{{qti.NS}}}presentation"))  # presentation before the metadata
    with pytest.raises(
        ExportError, match=r"does not match the QTI 1.2 profile \(qti-1.2-profile.dtd\): line"
    ):
        qti.check_qti(document)


def test_moodle_xml_validates_and_reads_back(exported, sources):
    quiz = quiz_for(sources["middle"])
    data = (exported / "questions-moodle.xml").read_bytes()
    root = etree.fromstring(data)
    assert etree.RelaxNG(etree.parse(str(moodle.GRAMMAR))).validate(root)
    read = moodle.read_moodle(data)
    assert read == [replace(i, lines=0) for i in quiz.items]
    key = {f"Question {i.number}": i for i in sources["middle"].questions_key.items}
    for question in root.iter("question"):
        printed = key.get((question.findtext("name/text") or "").split(" [")[0])
        if printed is not None and printed.kind == "multiple_choice":
            right = [a.findtext("text") for a in question.findall("answer") if a.get("fraction") == "100"]
            assert [printed.right.text] == right
    essay = next(q for q in root.iter("question") if q.get("type") == "essay")
    assert essay.findtext("graderinfo/text", "").startswith(
        "<p>Model answer:"
    ) or "Scoring guide" in essay.findtext("graderinfo/text", "")


def test_moodle_grammar_checks_what_each_type_holds(sources):
    root = moodle.moodle_document(quiz_for(sources["middle"]))
    truefalse = next(q for q in root.iter("question") if q.get("type") == "truefalse")
    truefalse.remove(truefalse.findall("answer")[1])  # a true/false question needs both answers
    with pytest.raises(ExportError, match=r"Moodle XML does not match moodle-quiz-profile.rng: line \d+"):
        moodle.check_moodle(root)


def test_gift_escapes_special_characters_and_reads_back():
    tricky = "What does {this} = ~that # mean: a \\ b?"
    quiz = Quiz(
        ident="t",
        title="T",
        category="T/L",
        attribution="Credit: CC BY-SA",
        items=(
            QuizItem(
                ident="t-q01",
                number=1,
                kind="choice",
                prompt=tricky,
                choices=(Choice("a = b", True), Choice("c ~ d <e>", False)),
                feedback=("Paragraph 1: \u201c{quoted}\u201d",),
            ),
            QuizItem(ident="t-q02", number=2, kind="essay", prompt="Why?", grader_info=("Model answer: x",)),
        ),
    )
    text = gift.gift_text(quiz)
    assert "\\{this\\} \\= \\~that \\# mean\\: a \\\\ b?" in text
    assert gift.read_gift(text) == list(quiz.items)


def test_gift_file_reads_back(exported, sources):
    quiz = quiz_for(sources["middle"])
    read = gift.read_gift((exported / "questions-gift.txt").read_text(encoding="utf-8"))
    assert read == [replace(i, lines=0) for i in quiz.items]


# --- vocabulary decks ------------------------------------------------------------------------


def test_quizlet_file_is_term_tab_definition(exported, sources):
    cards = sources["middle"].vocabulary.cards
    lines = (exported / "vocabulary-quizlet.tsv").read_text(encoding="utf-8").splitlines()
    assert [tuple(line.split("\t")) for line in lines] == [(c.term, c.definition) for c in cards]


def anki_notes(data: bytes, tmp_path: Path) -> list[tuple[str, str, int, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "collection.anki2") as connection:
        return connection.execute("SELECT guid, flds, mid, tags FROM notes ORDER BY id").fetchall()


def test_anki_deck_holds_the_sheets_words_with_stable_guids(exported, sources, tmp_path):
    cards = sources["middle"].vocabulary.cards
    notes = anki_notes((exported / "vocabulary.apkg").read_bytes(), tmp_path)
    assert len(notes) == len(cards)
    for (guid, fields, model, _), card in zip(notes, cards, strict=True):
        term, pos, definition, sentence, paragraph, _credit = fields.split("\x1f")
        assert (term, pos, definition, paragraph) == (
            card.term,
            card.part_of_speech,
            card.definition,
            str(card.paragraph),
        )
        assert html.unescape(sentence) == f"{card.sentence.before}_____{card.sentence.after}"  # term blanked
        assert guid == anki.note_guid(LESSON, "middle", card.term)
        assert model == anki.MODEL.model_id


def test_an_edited_definition_updates_the_same_anki_note(workspace, run_cli, tmp_path):
    def export() -> dict[str, str]:
        assert (
            run_cli("export", LESSON, "--level", "middle", "--to", "anki", *folder_args(workspace)).code == 0
        )
        data = (workspace / "output" / LESSON / "middle" / "vocabulary.apkg").read_bytes()
        return {guid: fields.split("\x1f")[2] for guid, fields, _, _ in anki_notes(data, tmp_path)}

    before = export()

    def change(data):
        data["glossary"][0]["definitions"]["middle"] = "a changed definition"

    edit_lesson(workspace / "lessons" / f"{LESSON}.yaml", change)
    after = export()
    assert after.keys() == before.keys()  # same notes: Anki updates them on import
    assert sorted(after.values()) != sorted(before.values())
    assert "a changed definition" in after.values()


# --- editable documents ----------------------------------------------------------------------


def docx_texts(document: docx.document.Document) -> str:
    """Every paragraph's text, in the body and in table cells, whitespace made single spaces."""
    texts = [p.text for p in document.paragraphs]
    texts += [
        p.text for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs
    ]
    return re.sub(r"\s+", " ", "\n".join(texts))


def test_docx_files_keep_the_content_and_the_page_furniture(exported, sources):
    """The files as Word reads them (python-docx); the slow test below has LibreOffice print them."""
    source = sources["middle"]
    names = ["handout", "vocabulary", "vocabulary-key", "questions", "questions-key"]
    documents = {name: docx.Document(exported / f"{name}.docx") for name in names}
    texts = {name: docx_texts(document) for name, document in documents.items()}
    for name, document in documents.items():
        section = document.sections[0]
        assert source.lesson.title in " ".join(p.text for p in section.header.paragraphs), name
        footer = section.footer._element.xml
        assert "CC BY-SA 4.0" in footer and 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    handout = documents["handout"]
    numbered = [p.text for p in handout.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert numbered == [p.text for p in source.passage.paragraphs]  # Word numbers them 1, 2, ...
    for section in source.passage.sections:
        assert section.heading in texts["handout"]
    assert "Name" in texts["handout"] and "Date" in texts["handout"] and "Class" in texts["handout"]
    key = texts["questions-key"]
    for item in source.questions_key.items:
        for paragraph, quote in item.evidence:
            assert re.sub(r"\s+", " ", f"Evidence, paragraph {paragraph}: \u201c{quote[:30]}") in key
    assert "Answer key" in key and "Answer key" not in texts["questions"]
    for item in source.vocabulary_key.matching:
        assert f"{item.answer} {item.term}" in texts["vocabulary-key"]
    assert "Name" not in texts["vocabulary-key"].split("Words to know")[0]


# Slow: LibreOffice takes seconds to start and convert; the test above reads the same files.
@pytest.mark.slow
def test_docx_files_open_in_libreoffice_and_keep_the_content(exported, sources, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Writer is needed (Debian libreoffice-writer-nogui; 'make' installs it)"
    names = ["handout", "vocabulary", "vocabulary-key", "questions", "questions-key"]
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
        ]
        + [str(exported / f"{name}.docx") for name in names],
        check=True,
        capture_output=True,
        timeout=240,
    )
    source = sources["middle"]
    texts = {}
    for name in names:
        reader = PdfReader(tmp_path / f"{name}.pdf")
        texts[name] = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages))
        assert f"Page 1 of {len(reader.pages)}" in texts[name]
        assert "CC BY-SA 4.0" in texts[name] and source.lesson.title in texts[name]
    handout = texts["handout"]
    for paragraph in source.passage.paragraphs:
        assert f"{paragraph.number}. {paragraph.text[:40]}" in handout  # Word numbering, as in the keys
    for section in source.passage.sections:
        assert section.heading in handout
    assert "Name" in handout and "Date" in handout and "Class" in handout
    key = texts["questions-key"]
    for item in source.questions_key.items:
        for paragraph, quote in item.evidence:
            assert re.sub(r"\s+", " ", f"Evidence, paragraph {paragraph}: \u201c{quote[:30]}") in key
    assert "Answer key" in key and "Answer key" not in texts["questions"]
    vocabulary = texts["vocabulary-key"]
    for item in source.vocabulary_key.matching:
        assert f"{item.number}. {item.answer} {item.term}" in vocabulary
    assert "Name" not in texts["vocabulary-key"].split("Words to know")[0]


# --- class sets ------------------------------------------------------------------------------


def turned_over(x: float, y: float, flip: str) -> tuple[float, float]:
    """Where a point of a back page lies behind the front, for a Letter sheet turned over its
    long edge (left and right swap) or its short edge (top and bottom swap)."""
    width, height = LETTER
    return (width - x, y) if flip == "long" else (x, height - y)


def card_numbers(pdf: bytes, page: int) -> dict[str, tuple[float, float]]:
    """Where each card's small number is drawn on a page (digits alone on their run)."""
    return {t: (x, y) for t, x, y in positions(pdf, page) if t.isdigit()}


@pytest.mark.parametrize("flip", ["long", "short"])
def test_flashcard_backs_land_behind_their_fronts(sources, flip):
    source = sources["high"]
    (output,) = flashcards.export_flashcards(source, "letter", (flip,))
    reader = PdfReader(io.BytesIO(output.data))
    cards = source.vocabulary.cards
    assert len(reader.pages) == 2 * -(-len(cards) // 8)
    assert tuple(float(v) for v in reader.pages[0].mediabox[2:]) == LETTER
    places = flashcards.slots("letter")
    seen = 0
    for sheet in range(len(reader.pages) // 2):
        front = card_numbers(output.data, 2 * sheet)
        back = card_numbers(output.data, 2 * sheet + 1)
        assert front.keys() == back.keys()
        for number, point in back.items():
            behind = turned_over(*point, flip)
            place = flashcards._place_of(behind, places)
            assert place is not None and place == flashcards._place_of(front[number], places)
            # The front shows the term, the back its definition, in the same card place.
            card = cards[int(number) - 1]
            front_words = [
                t
                for t, x, y in positions(output.data, 2 * sheet)
                if flashcards._place_of((x, y), places) == place
            ]
            assert card.term.split()[0] in " ".join(front_words)
            back_words = [
                t
                for t, x, y in positions(output.data, 2 * sheet + 1)
                if flashcards._place_of(turned_over(x, y, flip), places) == place
            ]
            assert card.definition.split()[0] in " ".join(back_words)
            seen += 1
    assert seen == len(cards)


def test_duplex_check_catches_backs_made_for_the_other_flip(sources):
    pages = flashcards.flashcard_pages(sources["high"], "letter", "long")
    assert flashcards.check_duplex(pages, "letter", "long") == []
    assert flashcards.check_duplex(pages, "letter", "short")  # printed short-edge, the backs would be wrong


def test_bingo_cards_are_all_different_and_seeded(tmp_path, run_cli, sources):
    source = sources["elementary"]
    words = {t.term for t in source.terms}
    result = run_cli(
        "export", LESSON, "--level", "elementary", "--to", "bingo", "--students", "30", "--out", tmp_path
    )
    assert result.code == 0, result.err
    data = (tmp_path / LESSON / "elementary" / "bingo-cards.pdf").read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 15  # two cards a page
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert [int(n) for n in re.findall(r"Card (\d+) of 30", text)] == list(range(1, 31))
    dealt = bingo.deal(source, 30, True, 0)
    assert len({c.squares for c in dealt.cards}) == 30
    for card in dealt.cards:
        assert card.size == 3 and card.squares[4] == bingo.FREE
        assert set(card.squares) - {bingo.FREE} <= words
    # What the PDF shows is what was dealt: each page's words, card by card.
    for page in range(15):
        shown = " ".join(t for t, _, _ in positions(data, page))
        for card in dealt.cards[2 * page : 2 * page + 2]:
            for word in set(card.squares):
                assert all(part in shown for part in word.split())
    assert bingo.deal(source, 31, True, 0).cards[:30] == dealt.cards  # one more card changes no other
    assert bingo.deal(source, 30, True, 1).cards != dealt.cards  # another set
    caller = "\n".join(
        p.extract_text() for p in PdfReader(tmp_path / LESSON / "elementary" / "bingo-caller.pdf").pages
    )
    caller = re.sub(r"\s+", " ", caller)
    for term in source.terms:
        assert term.term in caller and term.definition[:30] in caller
    again = run_cli("export", LESSON, "--level", "elementary", "--to", "bingo", "--out", tmp_path / "again")
    assert again.code == 0
    assert (tmp_path / "again" / LESSON / "elementary" / "bingo-cards.pdf").read_bytes() == data


def test_a_card_dealt_twice_is_dealt_again(sources, monkeypatch):
    real = bingo.random.Random

    class Repeating(real):  # type: ignore[misc, valid-type]
        """Deals every card twice, as an unlucky seed might."""

        def sample(self, population, k):  # noqa: ANN001, ANN201
            if not hasattr(self, "last") or self.last is None:
                self.last = super().sample(population, k)
                return list(self.last)
            repeat, self.last = self.last, None
            return list(repeat)

    monkeypatch.setattr(bingo.random, "Random", Repeating)
    dealt = bingo.deal(sources["elementary"], 10, True, 0)
    assert len({c.squares for c in dealt.cards}) == 10


def test_bingo_refuses_a_word_list_too_short_for_a_card(run_cli, tmp_path):
    result = run_cli("export", "first-war", "--level", "elementary", "--to", "bingo", "--out", tmp_path)
    assert result.code == 1
    assert result.err == (
        "error: lessons/first-war.yaml: glossary: bingo needs at least 8 words for a 3 x 3 card with a free "
        "centre; the elementary passage uses 7 of the lesson's terms defined for 'elementary' (ceasefire, "
        "independence, Soviet Union, republic, lawmaker, break away, diplomat). Define more terms for this "
        "level, or export bingo at another level\n"
    )
    assert not (tmp_path / "first-war").exists()


# --- the command -----------------------------------------------------------------------------


def test_export_all_writes_every_file(exported):
    assert sorted(p.name for p in exported.iterdir()) == sorted(
        [
            "questions-qti.zip",
            "questions-moodle.xml",
            "questions-gift.txt",
            "vocabulary-quizlet.tsv",
            "vocabulary.apkg",
            "handout.docx",
            "vocabulary.docx",
            "vocabulary-key.docx",
            "questions.docx",
            "questions-key.docx",
            "flashcards-long-edge.pdf",
            "flashcards-short-edge.pdf",
            "bingo-cards.pdf",
            "bingo-caller.pdf",
        ]
    )


def test_export_names_a_misspelled_format(run_cli, tmp_path):
    result = run_cli("export", LESSON, "--level", "middle", "--to", "quizlt", "--out", tmp_path)
    assert result.code == 1
    assert result.err == (
        "error: --to: expected one of qti, moodle, gift, quizlet, anki, docx, flashcards, bingo or all, "
        "found 'quizlt'; did you mean 'quizlet'?\n"
    )


def test_export_refuses_a_level_the_lesson_does_not_serve(run_cli, tmp_path):
    result = run_cli("export", "second-war-short", "--level", "elementary", "--to", "gift", "--out", tmp_path)
    assert result.code == 1
    assert result.err == (
        "error: lessons/second-war-short.yaml: lesson 'second-war-short' covers grades 6-7, which the "
        "elementary level (grades 4-5) does not serve; export one of its levels: middle, source\n"
    )
