"""Comprehension questions, evidence, versions, generated items and the teacher guide."""

import re

import pytest

from generator.config import ComposeOptions, Folders, Selection
from generator.documents.questions import compose_questions
from generator.passages.gather import gather

from .conftest import ROOT, edit_lesson, folder_args
from .test_build import pdf_text

BUNDLED = ("origins", "first-war", "ceasefire-years", "second-war", "after-2020", "foreign-involvement")


def passages(root, lesson_id, level):
    gathered = gather(
        Folders(root / "lessons", root / "articles", root / "output"), Selection((lesson_id,), level_id=level)
    )
    assert not gathered.errors, gathered.errors
    return gathered.passages[0]


@pytest.mark.parametrize("lesson_id", BUNDLED)
def test_bundled_evidence_is_in_each_levels_passage(lesson_id):
    for level in ("elementary", "middle", "high"):
        lesson, passage = passages(ROOT, lesson_id, level)  # gather checks evidence: no errors
        written = lesson.spec.questions.get(level, [])
        assert written, f"{lesson_id} has no {level} questions"
        texts = {p.number: " ".join(p.text.split()) for p in passage.paragraphs}
        for question in written:
            for evidence in question.evidence:
                assert (
                    evidence.quote.strip(' ."') in texts[evidence.paragraph].replace("’", "'")
                    or evidence.quote.strip(' ."').replace("'", "’") in texts[evidence.paragraph]
                )


def test_wrong_evidence_is_an_error_naming_the_question(workspace, run_cli):
    path = workspace / "lessons" / "first-war.yaml"
    wrong = {"paragraph": 2, "quote": "words that are not there"}
    edit_lesson(path, lambda data: data["questions"]["middle"][0].update(evidence=wrong))
    result = run_cli("build", "first-war", "--level", "middle", *folder_args(workspace))
    assert result.code == 1
    line = path.read_text().splitlines().index("      quote: words that are not there") + 1
    passage = workspace / "lessons" / "first-war" / "middle.md"
    assert (
        f"  {path}:{line}: questions.middle[1].evidence[1].quote: expected words from paragraph 2 of "
        f"the middle passage ({passage}), found “words that are not there”, which is not in it; "
        "quote the passage word for word\n"
    ) in result.err


def test_question_without_evidence_is_an_error(workspace, run_cli):
    path = workspace / "lessons" / "first-war.yaml"
    edit_lesson(path, lambda data: data["questions"]["high"][1].pop("evidence"))
    result = run_cli("build", "first-war", "--level", "high", *folder_args(workspace))
    assert result.code == 1
    assert re.search(
        r"first-war\.yaml:\d+: questions\.high\[2\]\.evidence: expected a value, found "
        r"nothing; add 'evidence:' \(it is required\)",
        result.err,
    )


def test_versions_shuffle_reproducibly_and_keys_follow_their_version():
    lesson, passage = passages(ROOT, "first-war", "middle")
    sheets = compose_questions(lesson, passage, ComposeOptions(versions=2))
    assert [s.kind for s in sheets] == ["questions-a", "questions-a-key", "questions-b", "questions-b-key"]
    a, a_key, b, b_key = sheets
    assert a.items == a_key.items and b.items == b_key.items
    assert [i.prompt for i in a.items] != [i.prompt for i in b.items]
    assert sorted(i.prompt for i in a.items) == sorted(i.prompt for i in b.items)
    assert compose_questions(lesson, passage, ComposeOptions(versions=2)) == sheets
    for sheet in (a, b):
        for item in sheet.items:
            if item.kind == "multiple_choice":
                letter, text = item.answer.split(". ", 1)
                assert next(o.text for o in item.options if o.letter == letter) == text


def test_generated_items_are_marked_and_switchable(workspace):
    lesson, passage = passages(ROOT, "first-war", "elementary")
    items = compose_questions(lesson, passage, ComposeOptions())[0].items
    generated = [i for i in items if i.generated]
    assert {i.kind for i in generated} >= {"cloze", "which_came_first"}
    first = next(i for i in generated if i.kind == "which_came_first")
    assert "___" in first.options[0].text and len(first.evidence) == 2
    path = workspace / "lessons" / "first-war.yaml"
    path.write_text(path.read_text() + "generated: {cloze: 0, infobox_true_false: 0, which_came_first: 0}\n")
    lesson, passage = passages(workspace, "first-war", "elementary")
    assert not any(i.generated for i in compose_questions(lesson, passage, ComposeOptions())[0].items)


def test_fact_box_items_only_where_the_passage_gives_the_fact():
    lesson, passage = passages(ROOT, "second-war", "high")
    facts = [
        i
        for i in compose_questions(lesson, passage, ComposeOptions())[0].items
        if i.kind == "true_false" and i.generated
    ]
    for item in facts:
        paragraph, sentence = item.evidence[0]
        year = re.search(r"\d{4}", item.answer) or re.search(r"\d{4}", item.prompt)
        assert year and year.group(0) in sentence


def test_questions_key_and_guide_pdfs(workspace, run_cli):
    path = workspace / "lessons" / "first-war.yaml"
    text = path.read_text().replace(
        "documents: [handout, vocabulary]", "documents: [handout, vocabulary, questions, teacher-guide]"
    )
    path.write_text(text)
    result = run_cli("build", "first-war", "--level", "high", "--versions", "2", *folder_args(workspace))
    assert result.code == 0, result.err
    folder = workspace / "output" / "first-war" / "high"
    student = " ".join(pdf_text(folder / "questions-a.pdf").split())
    key = " ".join(pdf_text(folder / "questions-a-key.pdf").split())
    guide = " ".join(pdf_text(folder / "teacher-guide.pdf").split())
    assert "Version A" in student and "Evidence" not in student
    assert "Answer key, version A" in key and "Evidence, paragraph" in key and "Scoring guide" in key
    assert "(generated)" in key
    for heading in ("Objectives", "Vocabulary", "Discussion prompts", "Sensitive content", "Names"):
        assert heading in guide
    assert "Estimated grade (Flesch-Kincaid)" in guide and "April 2024" in guide
    assert "RH.9-10.1" in guide and "about 45 minutes" in guide
    assert (folder / "questions-b.pdf").exists() and (folder / "questions-b-key.pdf").exists()


def test_guide_without_notes_is_refused(workspace, run_cli):
    path = workspace / "lessons" / "first-war.yaml"
    edit_lesson(path, lambda data: [data.pop("teacher"), data.update(documents=["handout", "teacher-guide"])])
    result = run_cli("build", "first-war", "--level", "high", *folder_args(workspace))
    assert result.code == 1
    assert (
        "documents: expected 'teacher:' notes (sensitive_content, names) for the teacher guide" in result.err
    )
