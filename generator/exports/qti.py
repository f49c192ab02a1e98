"""Questions as an IMS QTI 1.2 package: the zip Canvas and Schoology import.

In: a `Quiz`. Out: a zip holding imsmanifest.xml (IMS Content Packaging 1.1,
one resource of type imsqti_xmlv1p2) and <quiz>/<quiz>.xml: one assessment,
one section, the passage as a text-only item, then every question. Canvas's
metadata names each item's type (multiple_choice_question, ...), so Canvas keeps
the kinds; other LMSs read the standard structure. Before it is returned the
package is checked: the XML against the project's QTI 1.2 profile DTD
(schemas/qti-1.2-profile.dtd), the manifest's structure and files, and every
item read back and compared with what was written.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree
from lxml.builder import ElementMaker

from generator.exports.markup import paragraphs, passage_html, read_paragraphs, read_passage
from generator.exports.output import ExportError, Output, stable_zip
from generator.exports.quizitems import Choice, Kind, Quiz, QuizItem, differences

NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
PROFILE = Path(__file__).resolve().parent / "schemas" / "qti-1.2-profile.dtd"
# Canvas's names for the item types, read back into ours.
CANVAS_TYPES: dict[Kind, str] = {
    "passage": "text_only_question",
    "choice": "multiple_choice_question",
    "true_false": "true_false_question",
    "short_answer": "short_answer_question",
    "essay": "essay_question",
}
KIND_OF: dict[str, Kind] = {v: k for k, v in CANVAS_TYPES.items()}
RESPONSE = "response1"

Q = ElementMaker(namespace=NS, nsmap={None: NS, "xsi": XSI})


class QtiError(ExportError):
    """Raised when a package does not hold the structure or the items it should."""


def export_qti(quiz: Quiz) -> Output:
    xml = etree.tostring(qti_document(quiz), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    manifest = etree.tostring(
        manifest_document(quiz), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    data = stable_zip([("imsmanifest.xml", manifest), (f"{quiz.ident}/{quiz.ident}.xml", xml)])
    read = read_package(data)  # validates structure on the way
    problems = differences(quiz.items, read)
    if problems:
        raise QtiError("QTI package does not read back as written: " + "; ".join(problems[:5]))
    questions = len(quiz.items) - 1
    return Output(
        "questions-qti.zip",
        data,
        f"QTI 1.2 package (Canvas, Schoology): the passage and {questions} questions",
        (
            "XML valid against the QTI 1.2 profile DTD (lxml)",
            "manifest structure and files checked",
            f"{len(read)} items read back identical",
        ),
    )


def qti_document(quiz: Quiz) -> etree._Element:
    root = Q.questestinterop(
        Q.assessment(
            Q.section(*[_item(item) for item in quiz.items], ident="root_section"),
            ident=quiz.ident,
            title=quiz.title,
        )
    )
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    return root


def manifest_document(quiz: Quiz) -> etree._Element:
    M = ElementMaker(namespace=CP, nsmap={None: CP})
    href = f"{quiz.ident}/{quiz.ident}.xml"
    return M.manifest(
        M.metadata(M.schema("IMS Content"), M.schemaversion("1.1.3")),
        M.organizations(),
        M.resources(
            M.resource(
                M.file(href=href), identifier=f"{quiz.ident}-resource", type="imsqti_xmlv1p2", href=href
            )
        ),
        identifier=f"{quiz.ident}-manifest",
    )


def _item(item: QuizItem) -> etree._Element:
    metadata = Q.itemmetadata(
        Q.qtimetadata(
            _field("question_type", CANVAS_TYPES[item.kind]),
            _field("points_possible", "0" if item.kind == "passage" else "1"),
        )
    )
    if item.kind == "passage":
        html = paragraphs([item.prompt]) + passage_html(item.passage, item.credit)
        return Q.item(
            metadata, Q.presentation(_html(html)), *_feedback(item), ident=item.ident, title=item.title
        )
    presentation = Q.presentation(_html(paragraphs([item.prompt])))
    conditions: list[etree._Element] = []
    if item.kind in ("choice", "true_false"):
        choices = item.choices if item.kind == "choice" else _true_false(item)
        labels = [
            Q.response_label(Q.material(Q.mattext(c.text, texttype="text/plain")), ident=f"{item.ident}-{n}")
            for n, c in enumerate(choices, start=1)
        ]
        presentation.append(
            Q.response_lid(Q.render_choice(*labels, shuffle="No"), ident=RESPONSE, rcardinality="Single")
        )
        right = next(f"{item.ident}-{n}" for n, c in enumerate(choices, start=1) if c.correct)
        conditions.append(_score(Q.varequal(right, respident=RESPONSE)))
    elif item.kind == "short_answer":
        fib = Q.render_fib(
            Q.response_label(ident=f"{item.ident}-answer", rshuffle="No"), fibtype="String", prompt="Box"
        )
        presentation.append(Q.response_str(fib, ident=RESPONSE, rcardinality="Single"))
        answers = [Q.varequal(a, respident=RESPONSE, case="No") for a in item.accepted]
        conditions.append(_score(answers[0] if len(answers) == 1 else Q("or", *answers)))
    else:  # essay: graded by the teacher
        fib = Q.render_fib(
            Q.response_label(ident=f"{item.ident}-answer", rshuffle="No"),
            fibtype="String",
            rows=str(item.lines),
        )
        presentation.append(Q.response_str(fib, ident=RESPONSE, rcardinality="Single"))
    general = Q.respcondition(
        Q.conditionvar(Q.other()),
        Q.displayfeedback(feedbacktype="Response", linkrefid="general_fb"),
        **{"continue": "Yes"},
    )
    processing = Q.resprocessing(
        Q.outcomes(Q.decvar(varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")),
        general,
        *conditions,
    )
    return Q.item(metadata, presentation, processing, *_feedback(item), ident=item.ident, title=item.title)


def _field(label: str, entry: str) -> etree._Element:
    return Q.qtimetadatafield(Q.fieldlabel(label), Q.fieldentry(entry))


def _html(fragment: str) -> etree._Element:
    return Q.material(Q.mattext(fragment, texttype="text/html"))


def _true_false(item: QuizItem) -> tuple[Choice, ...]:
    return (Choice("True", item.answer_true is True), Choice("False", item.answer_true is False))


def _score(condition: etree._Element) -> etree._Element:
    return Q.respcondition(
        Q.conditionvar(condition), Q.setvar("100", varname="SCORE", action="Set"), **{"continue": "No"}
    )


def _feedback(item: QuizItem) -> list[etree._Element]:
    out = []
    if item.feedback:
        out.append(Q.itemfeedback(Q.flow_mat(_html(paragraphs(item.feedback))), ident="general_fb"))
    if item.grader_info:
        # QTI 1.2 has no grader-only field; feedback for the Scorer view is the standard's way.
        out.append(
            Q.itemfeedback(
                Q.flow_mat(_html(paragraphs(item.grader_info))), ident="grader_info", view="Scorer"
            )
        )
    return out


# --- reading back -------------------------------------------------------------------------


def read_package(data: bytes) -> list[QuizItem]:
    """The items of a package this module wrote, after checking its manifest and its XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "imsmanifest.xml" not in names:
            raise QtiError("expected imsmanifest.xml at the top of the package, found none")
        hrefs = check_manifest(etree.fromstring(archive.read("imsmanifest.xml")), names)
        items: list[QuizItem] = []
        for href in hrefs:
            document = etree.fromstring(archive.read(href))
            check_qti(document)
            items += read_items(document)
    return items


def check_manifest(manifest: etree._Element, names: set[str]) -> list[str]:
    """IMS Content Packaging 1.1: manifest > metadata, organizations, resources > resource > file."""
    tag = f"{{{CP}}}"
    if manifest.tag != f"{tag}manifest" or not manifest.get("identifier"):
        raise QtiError(
            f"expected an IMS CP <manifest identifier=...>, found <{etree.QName(manifest).localname}>"
        )
    children = [etree.QName(c).localname for c in manifest]
    if children != ["metadata", "organizations", "resources"]:
        raise QtiError(
            f"expected manifest children metadata, organizations, resources; found {', '.join(children)}"
        )
    hrefs = []
    for resource in manifest.iter(f"{tag}resource"):
        if resource.get("type") != "imsqti_xmlv1p2" or not resource.get("identifier"):
            raise QtiError(f"expected a resource of type imsqti_xmlv1p2, found {resource.get('type')!r}")
        for file in resource.iter(f"{tag}file"):
            href = file.get("href", "")
            if href not in names:
                raise QtiError(f"manifest lists {href!r}, which is not in the package")
            hrefs.append(href)
    if not hrefs:
        raise QtiError("expected the manifest to list a QTI file, found none")
    return hrefs


def check_qti(document: etree._Element) -> None:
    dtd = etree.DTD(str(PROFILE))
    if not dtd.validate(document):
        errors = "; ".join(f"line {e.line}: {e.message}" for e in dtd.error_log.filter_from_errors()[:5])
        raise QtiError(f"QTI XML does not match the QTI 1.2 profile ({PROFILE.name}): {errors}")


def read_items(document: etree._Element) -> list[QuizItem]:
    return [_read_item(item) for item in document.iter(f"{{{NS}}}item")]


def _all(element: etree._Element, name: str) -> list[etree._Element]:
    return list(element.iter(f"{{{NS}}}{name}"))


def _text(element: etree._Element, name: str) -> str:
    found = _all(element, name)
    return (found[0].text or "") if found else ""


def _read_item(item: etree._Element) -> QuizItem:
    fields = {_text(f, "fieldlabel"): _text(f, "fieldentry") for f in _all(item, "qtimetadatafield")}
    kind = KIND_OF[fields["question_type"]]
    title = item.get("title", "")
    html = _text(_all(item, "presentation")[0], "mattext")
    blocks = read_paragraphs(html)
    feedback = {
        fb.get("ident", ""): read_paragraphs(_text(fb, "mattext")) for fb in _all(item, "itemfeedback")
    }
    # The response idents (and accepted answers) that score: the conditions that set SCORE.
    scoring = [
        v.text or "" for c in _all(item, "respcondition") if _all(c, "setvar") for v in _all(c, "varequal")
    ]
    labels = [(label.get("ident"), _text(label, "mattext")) for label in _all(item, "response_label")]
    choices = tuple(Choice(text, ident in scoring) for ident, text in labels)
    fibs = _all(item, "render_fib")
    passage, credit = read_passage(_after_prompt(html)) if kind == "passage" else ((), "")
    return QuizItem(
        ident=item.get("ident", ""),
        number=int(title.removeprefix("Question ")) if title.startswith("Question ") else 0,
        kind=kind,
        prompt=blocks[0] if blocks else "",
        choices=choices if kind == "choice" else (),
        answer_true=next(c.text == "True" for c in choices if c.correct) if kind == "true_false" else None,
        accepted=tuple(scoring) if kind == "short_answer" else (),
        lines=int(fibs[0].get("rows", "0")) if kind == "essay" and fibs else 0,
        feedback=feedback.get("general_fb", ()),
        grader_info=feedback.get("grader_info", ()),
        passage=passage,
        credit=credit,
    )


def _after_prompt(fragment: str) -> str:
    """The passage part of the passage item's HTML (its first <p> is the instruction)."""
    return fragment.split("</p>", 1)[1]
