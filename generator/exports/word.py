"""An editable Word document with the project's page furniture, via python-docx.

In: a composed document's `Masthead` (title, typography, attribution) and the
paper size. Out: a `WordSheet`: a python-docx Document set to the level's font,
size and line height, black headings (copiers print grey, not blue), the
lesson title in the page header, the attribution and "Page x of y" in the page
footer, and helpers for what the sheets share: name/date/class lines, writing
lines, numbered lists that Word and LibreOffice renumber themselves.
"""

from __future__ import annotations

from io import BytesIO

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from generator.documents.base import Masthead
from generator.exports.output import restamp_zip

PAPERS = {"letter": (Inches(8.5), Inches(11)), "a4": (Mm(210), Mm(297))}
MARGIN = Inches(0.75)
BLACK = RGBColor(0, 0, 0)


class WordSheet:
    def __init__(self, masthead: Masthead, subtitle: str, paper: str) -> None:
        self.doc = docx.Document()
        self.typography = masthead.typography
        section = self.doc.sections[0]
        section.page_width, section.page_height = PAPERS[paper]
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)
        self.width = section.page_width - 2 * MARGIN
        self._styles()
        props = self.doc.core_properties
        props.title = f"{masthead.title} - {subtitle}"
        props.author = "Curriculum packs"
        props.comments = masthead.attribution
        header = section.header.paragraphs[0]
        header.text = masthead.title
        header.runs[0].font.size = Pt(9)
        footer = section.footer.paragraphs[0]
        credit = footer.add_run(f"{masthead.attribution} Text describes events up to {masthead.covers_to}.")
        credit.font.size = Pt(8)
        pages = section.footer.add_paragraph()
        pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for text, code in (("Page ", "PAGE"), (" of ", "NUMPAGES")):
            pages.add_run(text).font.size = Pt(8)
            _field(pages, code)
        self._list_abstract = self._abstract_of("List Number")

    def _styles(self) -> None:
        t = self.typography
        normal = self.doc.styles["Normal"]
        normal.font.name = t.font
        normal.font.size = Pt(t.body_size_pt)
        # Points, "at least": Word's "multiple" spacing scales the font's own line gap, which in
        # Andika is already wide, so 1.45 there would be far looser than the PDFs' CSS 1.45.
        normal.paragraph_format.line_spacing = Pt(t.body_size_pt * t.line_height)
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        normal.paragraph_format.space_after = Pt(t.body_size_pt * 0.5)
        for name, grow in (("Title", 8), ("Heading 1", 6), ("Heading 2", 3), ("Heading 3", 1)):
            style = self.doc.styles[name]
            style.font.name = t.font
            style.font.size = Pt(t.body_size_pt + grow)
            style.font.color.rgb = BLACK
            style.font.bold = True
            style.font.italic = False
            fonts = style.element.rPr.rFonts
            for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(theme), None)  # a theme font would win over the level's font
        for name in ("Header", "Footer"):
            self.doc.styles[name].font.name = t.font

    # --- building blocks -------------------------------------------------------------------

    def heading(self, text: str, level: int) -> Paragraph:
        heading: Paragraph = self.doc.add_heading(text, level)
        return heading

    def paragraph(self, *runs: str | tuple[str, str], style: str | None = None) -> Paragraph:
        """A paragraph of runs: plain strings, or (text, "b"/"i"/"bi") for bold and italic."""
        paragraph = self.doc.add_paragraph(style=style)
        for run in runs:
            text, marks = (run, "") if isinstance(run, str) else run
            added = paragraph.add_run(text)
            added.bold = "b" in marks or None
            added.italic = "i" in marks or None
        return paragraph

    def name_lines(self) -> Paragraph:
        """Name, date and class with ruled blanks (tab leaders, so they stretch with the page)."""
        paragraph = self.paragraph("Name\t Date\t Class\t")
        stops = paragraph.paragraph_format.tab_stops
        for share in (0.55, 0.78, 1.0):
            stops.add_tab_stop(int(self.width * share), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)
        return paragraph

    def writing_lines(self, count: int, indent: bool = True) -> None:
        for _ in range(count):
            line = self.doc.add_paragraph("\t")
            line.paragraph_format.tab_stops.add_tab_stop(
                int(self.width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES
            )
            if indent:
                line.paragraph_format.left_indent = Inches(0.25)
            line.paragraph_format.space_before = Pt(self.typography.body_size_pt * 0.6)

    def new_list(self) -> int:
        """A numbered list starting at 1 (Word's List Number format); returns its numbering id."""
        numbering = self.doc.part.numbering_part.numbering_definitions._numbering
        num = numbering.add_num(self._list_abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)

    def numbered(self, list_id: int, *runs: str | tuple[str, str]) -> Paragraph:
        paragraph = self.paragraph(*runs)
        # Room for two-digit numbers: the list style's own hanging indent fits one.
        paragraph.paragraph_format.left_indent = Mm(9)
        paragraph.paragraph_format.first_line_indent = -Mm(9)
        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = 0
        numbering.get_or_add_numId().val = list_id
        return paragraph

    def save(self) -> bytes:
        buffer = BytesIO()
        self.doc.save(buffer)
        return restamp_zip(buffer.getvalue())

    def _abstract_of(self, style_name: str) -> int:
        num_id = self.doc.styles[style_name].element.pPr.numPr.numId.val
        numbering = self.doc.part.numbering_part.numbering_definitions._numbering
        return int(numbering.num_having_numId(num_id).abstractNumId.val)


def _field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    props.append(size)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
