"""Questions as Moodle XML, for Moodle's question bank import.

In: a `Quiz`. Out: one XML file: a category named for the lesson and level,
the passage as a description, then every question (multichoice, truefalse,
shortanswer, essay). Each question's general feedback quotes its evidence;
an essay's grader information holds the model answer and the scoring guide.
Before it is returned the file is validated against the project's RELAX NG
grammar of the format (schemas/moodle-quiz-profile.rng; Moodle publishes no
schema) and every question is read back and compared with what was written.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

from lxml import etree

from generator.exports.markup import paragraphs, passage_html, read_paragraphs, read_passage
from generator.exports.output import ExportError, Output
from generator.exports.quizitems import Choice, Kind, Quiz, QuizItem, differences

GRAMMAR = Path(__file__).resolve().parent / "schemas" / "moodle-quiz-profile.rng"
TYPES: dict[Kind, str] = {
    "passage": "description",
    "choice": "multichoice",
    "true_false": "truefalse",
    "short_answer": "shortanswer",
    "essay": "essay",
}
KIND_OF: dict[str, Kind] = {v: k for k, v in TYPES.items()}
_NAME = re.compile(r"^(?:Question (?P<number>\d+)|Reading passage) \[(?P<ident>[^\]]+)\]$")
# What the format cannot hold: Moodle offers answer boxes of 5, 10, ... lines.
NOT_KEPT = ("lines",)


class MoodleError(ExportError):
    """Raised when a Moodle XML file does not hold the structure or items it should."""


def export_moodle(quiz: Quiz) -> Output:
    data = etree.tostring(moodle_document(quiz), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    read = read_moodle(data)
    problems = differences(quiz.items, read, ignore=NOT_KEPT)
    if problems:
        raise MoodleError("Moodle XML does not read back as written: " + "; ".join(problems[:5]))
    return Output(
        "questions-moodle.xml",
        data,
        f"Moodle XML: the passage and {len(quiz.items) - 1} questions, category \u201c{quiz.category}\u201d",
        (
            f"valid against the Moodle XML profile grammar ({GRAMMAR.name}, RELAX NG, lxml)",
            f"{len(read)} questions read back identical",
        ),
    )


def moodle_document(quiz: Quiz) -> etree._Element:
    root = etree.Element("quiz")
    category = etree.SubElement(root, "question", type="category")
    _text(etree.SubElement(category, "category"), f"$course$/top/{quiz.category}")
    for item in quiz.items:
        root.append(_question(item))
    return root


def _text(parent: etree._Element, value: str, fmt: str | None = None) -> etree._Element:
    if fmt:
        parent.set("format", fmt)
    text = etree.SubElement(parent, "text")
    text.text = etree.CDATA(value) if "<" in value else value
    return parent


def _question(item: QuizItem) -> etree._Element:
    q = etree.Element("question", type=TYPES[item.kind])
    _text(etree.SubElement(q, "name"), f"{item.title} [{item.ident}]")
    body = paragraphs([item.prompt]) + (
        passage_html(item.passage, item.credit) if item.kind == "passage" else ""
    )
    _text(etree.SubElement(q, "questiontext"), body, "html")
    _text(etree.SubElement(q, "generalfeedback"), paragraphs(item.feedback), "html")
    scored = item.kind != "passage"
    etree.SubElement(q, "defaultgrade").text = "1" if scored else "0"
    # Moodle's usual penalty for a wrong try: a third for choices, all for true/false.
    penalty = {"choice": "0.3333333", "true_false": "1", "short_answer": "0.3333333"}.get(item.kind, "0")
    etree.SubElement(q, "penalty").text = penalty
    etree.SubElement(q, "hidden").text = "0"
    if item.kind == "choice":
        etree.SubElement(q, "single").text = "true"
        etree.SubElement(q, "shuffleanswers").text = "false"  # the key's letters stay right
        etree.SubElement(q, "answernumbering").text = "ABCD"
        for choice in item.choices:
            _answer(q, html.escape(choice.text, quote=False), choice.correct, "html")
    elif item.kind == "true_false":
        _answer(q, "true", item.answer_true is True, "moodle_auto_format")
        _answer(q, "false", item.answer_true is False, "moodle_auto_format")
    elif item.kind == "short_answer":
        etree.SubElement(q, "usecase").text = "0"
        for accepted in item.accepted:
            _answer(q, accepted, True, "moodle_auto_format")
    elif item.kind == "essay":
        etree.SubElement(q, "responseformat").text = "editor"
        etree.SubElement(q, "responserequired").text = "1"
        etree.SubElement(q, "responsefieldlines").text = str(max(5, 5 * math.ceil(item.lines / 5)))
        etree.SubElement(q, "attachments").text = "0"
        etree.SubElement(q, "attachmentsrequired").text = "0"
        _text(etree.SubElement(q, "graderinfo"), paragraphs(item.grader_info), "html")
        _text(etree.SubElement(q, "responsetemplate"), "", "html")
    return q


def _answer(q: etree._Element, text: str, correct: bool, fmt: str) -> None:
    answer = _text(etree.SubElement(q, "answer", fraction="100" if correct else "0"), text, fmt)
    _text(etree.SubElement(answer, "feedback"), "", "html")


# --- reading back -------------------------------------------------------------------------


def check_moodle(document: etree._ElementTree | etree._Element) -> None:
    grammar = etree.RelaxNG(etree.parse(str(GRAMMAR)))
    if not grammar.validate(document):
        errors = "; ".join(f"line {e.line}: {e.message}" for e in list(grammar.error_log)[:5])
        raise MoodleError(f"Moodle XML does not match {GRAMMAR.name}: {errors}")


def read_moodle(data: bytes) -> list[QuizItem]:
    """The questions of a file this module wrote, after validating it."""
    root = etree.fromstring(data)
    check_moodle(root)
    return [_read(q) for q in root.iter("question") if q.get("type") != "category"]


def _read(q: etree._Element) -> QuizItem:
    kind = KIND_OF[q.get("type", "")]
    name = _NAME.match(q.findtext("name/text") or "")
    if name is None:
        raise MoodleError(f"expected a name like 'Question 3 [id]', found {q.findtext('name/text')!r}")
    body = q.findtext("questiontext/text") or ""
    answers = [(a.findtext("text") or "", a.get("fraction") == "100") for a in q.findall("answer")]
    passage, credit = read_passage(body.split("</p>", 1)[1]) if kind == "passage" else ((), "")
    return QuizItem(
        ident=name["ident"],
        number=int(name["number"] or 0),
        kind=kind,
        prompt=read_paragraphs(body)[0],
        choices=tuple(Choice(html.unescape(t), right) for t, right in answers) if kind == "choice" else (),
        answer_true=next(t == "true" for t, right in answers if right) if kind == "true_false" else None,
        accepted=tuple(t for t, _ in answers) if kind == "short_answer" else (),
        feedback=read_paragraphs(q.findtext("generalfeedback/text") or ""),
        grader_info=read_paragraphs(q.findtext("graderinfo/text") or ""),
        passage=passage,
        credit=credit,
    )
