"""The handout, the vocabulary sheet, the questions and their keys as .docx.

In: an `ExportSource` (the composed `Handout`, `VocabularySheet`s and
`QuestionSheet`s the PDFs print) and the paper size. Out: five editable Word
files with the PDFs' content: real headings, the passage's paragraphs in a
numbered list (numbers as in the keys' evidence), name/date/class lines on
student copies, and the attribution in every page's footer. Each file is
opened again with python-docx before it is returned and its numbered
paragraphs and headings compared with the source.
"""

from __future__ import annotations

from io import BytesIO

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.documents.base import Handout
from generator.documents.questions import QuestionSheet
from generator.documents.vocabulary import VocabularySheet
from generator.exports.output import ExportError, Output
from generator.exports.source import ExportSource
from generator.exports.word import WordSheet

BLANK = "__________"


class DocxError(ExportError):
    """Raised when a written .docx does not hold what it was made from."""


def export_docx(source: ExportSource, paper: str) -> list[Output]:
    made = [
        ("handout", handout_docx(source.handout, paper), _passage_texts(source.handout)),
        (
            "vocabulary",
            vocabulary_docx(source.vocabulary, paper),
            [c.definition for c in source.vocabulary.cards],
        ),
        (
            "vocabulary-key",
            vocabulary_docx(source.vocabulary_key, paper),
            [c.definition for c in source.vocabulary.cards],
        ),
        ("questions", questions_docx(source.questions, paper), [i.prompt for i in source.questions.items]),
        (
            "questions-key",
            questions_docx(source.questions_key, paper),
            [i.prompt for i in source.questions.items],
        ),
    ]
    outputs = []
    for kind, data, expected in made:
        numbered, headings = _reopen(data, expected, f"{kind}.docx")
        outputs.append(
            Output(
                f"{kind}.docx",
                data,
                f"Word document: {kind.replace('-', ' ')}",
                (f"reopened with python-docx: {headings} headings, {numbered} numbered, text intact",),
            )
        )
    return outputs


def _passage_texts(handout: Handout) -> list[str]:
    return [p.text for p in handout.passage.paragraphs]


def _reopen(data: bytes, expected: list[str], name: str) -> tuple[int, int]:
    """Open the file again; every expected text must be a paragraph or table cell's text."""
    document = docx.Document(BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [
        p.text for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs
    ]
    joined = "\n".join(texts)
    missing = [e for e in expected if e not in joined]
    if missing:
        raise DocxError(f"{name}: reopened, it lacks {len(missing)} texts, e.g. {missing[0][:60]!r}")
    numbered = sum(1 for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None)
    headings = sum(
        1 for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    )
    return numbered, headings


# --- the handout --------------------------------------------------------------------------


def handout_docx(handout: Handout, paper: str) -> bytes:
    sheet = WordSheet(handout.masthead, "reading passage", paper)
    sheet.heading(handout.masthead.title, 1)
    sheet.name_lines()
    sheet.paragraph("Read the passage. The numbers name each paragraph: use them when you answer questions.")
    if handout.glosses:
        sheet.heading("Words to know", 3)
        for gloss in handout.glosses:
            sheet.paragraph((gloss.term, "b"), f" ({gloss.part_of_speech}) {gloss.definition}")
    paragraphs = sheet.new_list()
    for section in handout.passage.sections:
        sheet.heading(section.heading, 2)
        for paragraph in section.paragraphs:
            sheet.numbered(paragraphs, paragraph.text)
    return sheet.save()


# --- the vocabulary sheet -----------------------------------------------------------------


def vocabulary_docx(sheet_value: VocabularySheet, paper: str) -> bytes:
    v = sheet_value
    sheet = WordSheet(v.masthead, "vocabulary" + (" (answer key)" if v.is_key else ""), paper)
    sheet.heading(v.masthead.title, 1)
    sheet.paragraph("Vocabulary", *((" \u00b7 ", ("Answer key", "b")) if v.is_key else ()))
    if not v.is_key:
        sheet.name_lines()
    _word_cards(sheet, v)
    letters = iter("ABCDEFGH")  # the exercises are lettered in the order the sheet has them
    if v.matching:
        _matching(sheet, v, next(letters))
    if v.blanks:
        _fill_in_blanks(sheet, v, next(letters))
    if v.own_sentences:
        _own_sentences(sheet, v, next(letters))
    if v.puzzle:
        _word_search(sheet, v, next(letters))
    return sheet.save()


def _word_cards(sheet: WordSheet, v: VocabularySheet) -> None:
    """ "Words to know": each term, its definition, and the passage's sentence that uses it."""
    sheet.heading("Words to know", 2)
    for card in v.cards:
        term = sheet.paragraph((card.term, "b"), f" ({card.part_of_speech})  {card.definition}")
        term.paragraph_format.keep_with_next = True
        if card.note:
            sheet.paragraph(f"Note: {card.note}").paragraph_format.left_indent = Mm(6)
        use = sheet.paragraph(
            (f"Paragraph {card.paragraph}: ", "i"),
            card.sentence.before,
            (card.sentence.marked, "b"),
            card.sentence.after,
        )
        use.paragraph_format.left_indent = Mm(6)


def _matching(sheet: WordSheet, v: VocabularySheet, letter: str) -> None:
    """Words beside the lettered meanings, in a two-column table; the key fills in the letters."""
    sheet.heading(f"{letter}. Match each word to its meaning", 2)
    sheet.paragraph("Write the letter of the meaning on the line beside each word.")
    table = sheet.doc.add_table(rows=max(len(v.matching), len(v.options)), cols=2)
    for row, item in zip(table.rows, v.matching, strict=False):
        answer = item.answer if v.is_key else "____"
        row.cells[0].paragraphs[0].add_run(f"{item.number}. ")
        row.cells[0].paragraphs[0].add_run(answer).bold = v.is_key or None
        row.cells[0].paragraphs[0].add_run(f"  {item.term}")
    for row, option in zip(table.rows, v.options, strict=False):
        row.cells[1].paragraphs[0].add_run(f"{option.letter}. ").bold = True
        row.cells[1].paragraphs[0].add_run(option.definition)
    _widths(table, (0.35, 0.65), sheet.width)


def _fill_in_blanks(sheet: WordSheet, v: VocabularySheet, letter: str) -> None:
    """The passage's sentences with the word blanked (shown in bold on the key)."""
    sheet.heading(f"{letter}. Fill in the blanks", 2)
    bank = " from the word bank" if v.word_bank else ""
    sheet.paragraph(f"These sentences come from the passage. Write the missing word{bank}.")
    if v.word_bank:
        sheet.paragraph(("Word bank: ", "b"), "     ".join(v.word_bank))
    blanks = sheet.new_list()
    for blank in v.blanks:
        filled = (blank.sentence.marked, "b") if v.is_key else BLANK
        sheet.numbered(
            blanks,
            blank.sentence.before,
            filled,
            blank.sentence.after,
            (f" (paragraph {blank.paragraph})", "i"),
        )


def _own_sentences(sheet: WordSheet, v: VocabularySheet, letter: str) -> None:
    """A sentence of the student's own per word: lines to write on, or on the key what to look for."""
    sheet.heading(f"{letter}. Use it in a sentence of your own", 2)
    sheet.paragraph("Write a new sentence for each word. Show that you know what it means.")
    own = sheet.new_list()
    for own_item in v.own_sentences:
        sheet.numbered(own, (own_item.term, "b"))
        if v.is_key:
            hint = f"A good sentence uses \u201c{own_item.term}\u201d to mean: {own_item.definition}"
            sheet.paragraph(f"Answers will vary. {hint}").paragraph_format.left_indent = Mm(6)
            sheet.paragraph(f"Model from the passage: {own_item.model}").paragraph_format.left_indent = Mm(6)
        else:
            sheet.writing_lines(2)


def _word_search(sheet: WordSheet, v: VocabularySheet, letter: str) -> None:
    puzzle = v.puzzle
    assert puzzle is not None
    sheet.heading(f"{letter}. Word search", 2)
    ways = "across, down or on a slant" if puzzle.has_slants else "across or down"
    how = sheet.paragraph(f"Find each word in the grid. Words go {ways}. Spaces and hyphens are left out.")
    how.paragraph_format.keep_with_next = True
    hidden = {cell for p in puzzle.placements for cell in p.cells()} if v.is_key else set()
    table = sheet.doc.add_table(rows=puzzle.size, cols=puzzle.size)
    table.style = sheet.doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(puzzle.grid):
        for c, ch in enumerate(row):
            cell = table.cell(r, c)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = 1.0
            run = paragraph.add_run(ch)
            run.font.name = "DejaVu Sans Mono"
            if (r, c) in hidden:
                run.bold = True
                _shade(cell, "D9D9D9")  # light grey: prints on any copier
    _widths(table, tuple(1 / puzzle.size for _ in range(puzzle.size)), min(sheet.width, Mm(8 * puzzle.size)))
    _keep_together(table)
    sheet.paragraph(("Find: ", "b"), "     ".join(p.term for p in puzzle.placements))


def _widths(table: object, shares: tuple[float, ...], total: int) -> None:
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, share in zip(row.cells, shares, strict=True):
            cell.width = int(total * share)


def _keep_together(table: object) -> None:
    """Keep a table on one page: each row stays whole and with the next."""
    rows = table.rows  # type: ignore[attr-defined]
    for n, row in enumerate(rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if n < len(rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _shade(cell: object, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


# --- the questions ------------------------------------------------------------------------


def questions_docx(sheet_value: QuestionSheet, paper: str) -> bytes:
    q = sheet_value
    sheet = WordSheet(q.masthead, "questions" + (" (answer key)" if q.is_key else ""), paper)
    sheet.heading(q.masthead.title, 1)
    sheet.paragraph("Comprehension questions", *((" \u00b7 ", ("Answer key", "b")) if q.is_key else ()))
    if q.is_key:
        sheet.paragraph(
            "Each answer shows where it is in the passage: the paragraph number and the words that "
            "support it. Items marked \u201cgenerated\u201d were written by the generator from the passage."
        )
    else:
        sheet.name_lines()
        sheet.paragraph("Use the reading passage. The paragraph numbers help you find your answers.")
    questions = sheet.new_list()
    indent = Mm(8)
    for item in q.items:
        if item.kind == "true_false":
            prompt = sheet.numbered(questions, ("True / False   ", "b"), item.prompt)
        else:
            prompt = sheet.numbered(questions, item.prompt)
        prompt.paragraph_format.keep_with_next = True
        for option in item.options:
            line = sheet.paragraph((f"{option.letter}. ", "b"), option.text)
            line.paragraph_format.left_indent = indent
            line.paragraph_format.space_after = Pt(2)
            line.paragraph_format.keep_with_next = True  # a question's options stay on its page
        if q.is_key:
            answer = sheet.paragraph(
                ("Answer: ", "b"), item.key, *((" (generated)", "i"),) if item.generated else ()
            )
            answer.paragraph_format.left_indent = indent
            for paragraph, quote in item.evidence:
                line = sheet.paragraph((f"Evidence, paragraph {paragraph}: ", "i"), f"\u201c{quote}\u201d")
                line.paragraph_format.left_indent = indent
            if item.scoring:
                sheet.paragraph(("Scoring guide:", "b")).paragraph_format.left_indent = indent
                for point in item.scoring:
                    sheet.paragraph(point, style="List Bullet").paragraph_format.left_indent = Mm(14)
        elif item.kind in ("multiple_choice", "which_came_first"):
            sheet.paragraph("Answer: ____").paragraph_format.left_indent = indent
        elif item.kind == "cloze":
            sheet.paragraph(f"Missing word: {BLANK}").paragraph_format.left_indent = indent
        elif item.lines:
            sheet.writing_lines(item.lines)
    return sheet.save()
