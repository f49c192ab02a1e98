"""Vocabulary sheets, keys and word searches."""

import subprocess
from textwrap import dedent

import pytest

from generator.config import ComposeOptions, Folders, Selection
from generator.documents.puzzle import EASY, HARDER, make_word_search
from generator.documents.vocabulary import compose_vocabulary
from generator.passages.gather import gather

from .conftest import ROOT, folder_args

CUSTOM = dedent("""
    extends: first-war
    title: Vocabulary test
    documents: [vocabulary]
    puzzle: word_search
    glossary:
      - term: ceasefire
        part_of_speech: noun
        definitions:
          elementary: a deal to stop fighting
          middle: an agreement between two sides in a war to stop fighting
      - term: independence
        part_of_speech: noun
        definitions:
          elementary: being free to rule yourself
          middle: freedom from control by another country
      - term: mountains
        part_of_speech: noun
        definitions:
          elementary: very high hills
      - term: referendum
        part_of_speech: noun
        definitions:
          middle: a vote by all the people on one question
""").lstrip()


@pytest.fixture
def custom(workspace):
    (workspace / "lessons" / "vocab-test.yaml").write_text(CUSTOM)
    return workspace


def sheets(root, level):
    gathered = gather(
        Folders(root / "lessons", root / "articles", root / "output"),
        Selection(("vocab-test",), level_id=level),
    )
    assert not gathered.errors, gathered.errors
    lesson, passage = gathered.passages[0]
    return compose_vocabulary(lesson, passage, ComposeOptions())


def test_puzzle_holds_every_term_and_overlaps_only_on_equal_letters():
    terms = ["ceasefire", "enclave", "referendum", "martial law", "self-determination", "census"]
    puzzle = make_word_search(terms, seed=7)
    assert [p.term for p in puzzle.placements] == terms
    for placement in puzzle.placements:
        # The grid reads each word where it was placed, so any crossing shares its letter.
        assert puzzle.reads(placement) == placement.letters
        assert all(0 <= r < puzzle.size and 0 <= c < puzzle.size for r, c in placement.cells())
    assert all(len(row) == puzzle.size and all(ch.isupper() for ch in row) for row in puzzle.grid)
    assert puzzle.placements[4].letters == "SELFDETERMINATION"
    assert make_word_search(terms, seed=7) == puzzle
    assert make_word_search(terms, seed=8) != puzzle


def test_easy_puzzle_runs_across_and_down_only():
    puzzle = make_word_search(["ceasefire", "enclave", "census", "border"], seed=1, directions=EASY)
    assert {p.step for p in puzzle.placements} <= set(EASY)
    assert set(EASY) < set(HARDER)


def test_sheet_and_key_match_and_shuffles_are_reproducible(custom):
    sheet, key = sheets(custom, "middle")
    assert sheets(custom, "middle")[0] == sheet
    assert [c.term for c in sheet.cards] == ["ceasefire", "independence", "referendum"]
    assert sheet.matching == key.matching and sheet.options == key.options
    definitions = {o.letter: o.definition for o in sheet.options}
    for item, card in zip(sheet.matching, sheet.cards, strict=True):
        assert definitions[item.answer] == card.definition
    assert [o.definition for o in sheet.options] != [c.definition for c in sheet.cards]
    assert sheet.word_bank and all(b.sentence.marked in sheet.word_bank for b in sheet.blanks)
    assert all(
        b.sentence.marked.lower().startswith(("ceasefire", "independence", "referendum"))
        for b in sheet.blanks
    )
    assert len(sheet.own_sentences) == 3 and sheet.puzzle.placements


def test_level_settings_choose_exercises(custom):
    elementary, _ = sheets(custom, "elementary")
    assert [c.term for c in elementary.cards] == ["ceasefire", "independence", "mountains"]
    assert elementary.blanks and not elementary.own_sentences
    high, _ = sheets(custom, "high")
    assert not high.cards  # no term of this glossary has a high definition or use


def test_word_bank_can_be_turned_off(custom):
    path = custom / "lessons" / "vocab-test.yaml"
    path.write_text(CUSTOM + "levels:\n  middle:\n    exercises: {word_bank: false}\n")
    sheet, _ = sheets(custom, "middle")
    assert sheet.blanks and sheet.word_bank == ()


def test_term_missing_message(custom, run_cli):
    path = custom / "lessons" / "vocab-test.yaml"
    path.write_text(
        CUSTOM + "  - term: armistice\n    part_of_speech: noun\n"
        "    definitions: {middle: an agreement to stop fighting}\n"
    )
    result = run_cli("build", "vocab-test", "--level", "middle", *folder_args(custom))
    assert result.code == 1
    passage = custom / "lessons" / "first-war" / "middle.md"
    lines = path.read_text().splitlines()
    line = lines.index("    definitions: {middle: an agreement to stop fighting}") + 1
    number = sum(1 for text in lines if text.startswith("  - term:"))
    assert result.err == (
        "failed  vocab-test: nothing written\n"
        f"  {path}:{line}: glossary[{number}].definitions.middle: expected the term 'armistice' in the "
        f"middle passage ({passage}), found no use of it; use the word in the passage or remove the "
        "'middle' definition\n"
        "1 lesson(s) failed: vocab-test\n"
    )


def poppler_text(path):
    """The PDF's text as poppler's pdftotext reads it, whitespace made single spaces (pypdf
    takes most of a second on a word-search grid)."""
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def test_vocabulary_pdfs_end_to_end(built):
    """The shared build's first-war sheets (a word search, like the custom lesson above)."""
    folder = built.level("elementary")
    sheet, key = (poppler_text(folder / name) for name in ("vocabulary.pdf", "vocabulary-key.pdf"))
    for text in (sheet, key):
        assert "Match each word to its meaning" in text and "Fill in the blanks" in text
        assert "Word search" in text and "Use it in a sentence" not in text
    assert "Word bank:" in sheet and "Answer key" in key and "Answer key" not in sheet
    gathered = gather(
        Folders(ROOT / "lessons", ROOT / "articles"), Selection(("first-war",), level_id="elementary")
    )
    ((lesson, passage),) = gathered.passages
    student, answers = compose_vocabulary(lesson, passage, ComposeOptions())
    assert student.puzzle and answers.blanks and answers.matching
    for blank in answers.blanks:
        assert blank.sentence.marked in key
    for item in answers.matching:
        assert f"{item.answer} {item.term}" in key
