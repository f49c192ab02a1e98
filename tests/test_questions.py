"""Comprehension questions, evidence, versions, generated items and the teacher guide."""

import io
import re

import pytest

from generator.build.measurecache import MeasureCache
from generator.config import ComposeOptions, Folders, Selection
from generator.documents.generated import generated_items
from generator.documents.questions import compose_questions
from generator.passages.gather import gather
from generator.render.renderer import Renderer

from .conftest import ROOT, edit_lesson, folder_args
from .helpers import flat_text, html_text
from .test_build import pdf_text

BUNDLED = ("origins", "first-war", "ceasefire-years", "second-war", "after-2020", "foreign-involvement")


def passages(root, lesson_id, level):
    gathered = gather(
        Folders(root / "lessons", root / "articles", root / "output"), Selection((lesson_id,), level_id=level)
    )
    assert not gathered.errors, gathered.errors
    return gathered.passages[0]


def printed_sheet(root, lesson_id, level, options, index):
    """The text of one question sheet (0: the first student copy, 1: its key) printed alone,
    for a lesson a build in `root` has just composed (its passage measurements are reused)."""
    measures = MeasureCache(root / "output" / ".cache" / "readability.json")
    folders = Folders(root / "lessons", root / "articles", root / "output")
    gathered = gather(folders, Selection((lesson_id,), level_id=level), None, measures.measure)
    ((lesson, passage),) = gathered.passages
    sheet = compose_questions(lesson, passage, options)[index]
    renderer = Renderer()
    try:
        return " ".join(pdf_text(io.BytesIO(renderer.pdf(sheet)[0])).split())
    finally:
        renderer.close()


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


def test_a_shuffled_versions_key_names_the_option_the_unshuffled_key_names():
    lesson, passage = passages(ROOT, "first-war", "middle")
    unshuffled = {i.prompt: i for i in compose_questions(lesson, passage, ComposeOptions())[1].items}
    moved = 0
    for sheet in compose_questions(lesson, passage, ComposeOptions(versions=3)):
        for item in sheet.items:
            if item.kind != "multiple_choice":
                continue
            before = unshuffled[item.prompt]
            assert sorted(o.text for o in item.options) == sorted(o.text for o in before.options)
            letter = next(o.letter for o in item.options if o.text == before.right.text)
            assert item.key == f"{letter}. {before.right.text}", sheet.kind
            moved += letter != before.right.letter
    assert moved >= 3  # the right option changes place, so a key that kept its letter would fail


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
    lesson, passage = passages(ROOT, "after-2020", "high")
    facts = [
        i
        for i in compose_questions(lesson, passage, ComposeOptions())[0].items
        if i.kind == "true_false" and i.generated
    ]
    assert facts, "after-2020/high gives the border crisis and the blockade with their years"
    assert {f.truth for f in facts} == {True, False}
    for item in facts:
        paragraph, sentence = item.evidence[0]
        year = re.search(r"\d{4}", item.note) or re.search(r"\d{4}", item.prompt)
        assert year and year.group(0) in sentence
        assert item.prompt.startswith("The ") and "fact box" not in item.prompt  # students never see it


def test_questions_key_and_guide_pdfs(built, workspace, run_cli):
    # The guide of the shared build (first-war, elementary).
    guide = flat_text(built.level("elementary") / "teacher-guide.pdf")
    for heading in ("Objectives", "Vocabulary", "Discussion prompts", "Sensitive content", "Names"):
        assert heading in guide
    assert "Estimated grade (Flesch-Kincaid)" in guide
    assert "The article's text describes events up to 2023 (the page was copied in April 2024)" in guide
    assert "check a current source before discussing the present" in guide
    # Two versions from the command line: composed as HTML, the student copy of A printed.
    args = ["first-war", "--level", "high", "--versions", "2", "--format", "html", "-j", "1"]
    result = run_cli("build", *args, *folder_args(workspace))
    assert result.code == 0, result.err
    # The versions do not change the guide; its standards and timing are the level's.
    high_guide = html_text(workspace / "output" / "first-war" / "high" / "teacher-guide.html")
    assert "RH.9-10.1" in high_guide and "about 45 minutes" in high_guide
    assert "RH.9-10.1" not in guide
    assert re.search(
        r"^note    generated items: \d+ printed \(cloze \d+, .*\); \d+ candidates dropped", result.out, re.M
    )
    folder = workspace / "output" / "first-war" / "high"
    for kind in ("questions-a", "questions-a-key", "questions-b", "questions-b-key"):
        assert (folder / f"{kind}.html").exists(), kind
    assert not (folder / "questions.html").exists()
    key = html_text(folder / "questions-a-key.html")
    assert "Answer key, version A" in key and "Evidence, paragraph" in key and "Scoring guide" in key
    assert "(generated)" in key
    student = printed_sheet(workspace, "first-war", "high", ComposeOptions(versions=2), 0)
    assert "Version A" in student and "Evidence" not in student


def test_guide_without_notes_is_refused(workspace, run_cli):
    path = workspace / "lessons" / "first-war.yaml"
    edit_lesson(path, lambda data: [data.pop("teacher"), data.update(documents=["handout", "teacher-guide"])])
    result = run_cli("build", "first-war", "--level", "high", *folder_args(workspace))
    assert result.code == 1
    assert (
        "documents: expected 'teacher:' notes (sensitive_content, names) for the teacher guide" in result.err
    )


# A passage written to hold one sentence of each kind the review found in printed items.
REGRESSION_TEXT = """## second-nagorno-karabakh-war-2020

Large-scale fighting began on the morning of 27 September 2020.
On the same day, Azerbaijan's Parliament declared martial law.
The fighting went on from 27 September to 10 November 2020.
In 2020, many Armenians lived in the region.

Armenia gave back to Azerbaijan the lands around the region that it had occupied since 1994.
It was signed in Moscow in November 2020.
In 2021, an observer wrote that the war had been short.

## 2020-ceasefire

On 9 November 2020, Armenia and Azerbaijan signed a ceasefire.
Until 2020, an independent Azerbaijan had never actually controlled the region.
On 9 November 2020, Shusha was captured.
"""
EXPECTED_DROPS = {
    "On the same day, Azerbaijan's Parliament declared martial law.": "relative",
    "The fighting went on from 27 September to 10 November 2020.": "range",
    "In 2020, many Armenians lived in the region.": "situation",
    "Armenia gave back to Azerbaijan the lands around the region that it had occupied since 1994.": "since",
    "It was signed in Moscow in November 2020.": "pronoun",
    "In 2021, an observer wrote that the war had been short.": "statement",
    "Until 2020, an independent Azerbaijan had never actually controlled the region.": "until",
    "On 9 November 2020, Shusha was captured.": "article",  # the article dates the ceasefire, not this
}


def regression_lesson(root):
    (root / "lessons" / "regress.yaml").write_text(
        "title: The 2020 war\narticle: nagorno-karabakh-conflict\ngrades: 6-8\n"
        "sections: [second-nagorno-karabakh-war-2020, 2020-ceasefire]\n"
        "objectives: [Put the events of 2020 in order.]\ndocuments: [handout, questions]\n"
        "generated: {cloze: 0, infobox_true_false: 0, which_came_first: 3}\n"
    )
    (root / "lessons" / "regress").mkdir()
    (root / "lessons" / "regress" / "middle.md").write_text(REGRESSION_TEXT)


def test_which_came_first_only_from_sentences_dated_by_their_own_happening(workspace):
    regression_lesson(workspace)
    lesson, passage = passages(workspace, "regress", "middle")
    result = generated_items(lesson, passage)
    (item,) = [g for g in result.items if g.item.kind == "which_came_first"]
    sentences = {sentence for _, sentence in item.item.evidence}
    assert sentences == {
        "Large-scale fighting began on the morning of 27 September 2020.",
        "On 9 November 2020, Armenia and Azerbaijan signed a ceasefire.",
    }
    assert item.item.right.text == "Large-scale fighting began on the morning of ___."
    assert item.item.key.endswith("(27 September 2020, before 9 November 2020)")
    assert all(item.article)  # each side is confirmed by an article sentence
    assert {d.text: d.reason for d in result.dropped} == EXPECTED_DROPS
    assert result.dropped_by_reason["range"] == 1  # a one-sentence range is one candidate, never two items


def test_the_reviews_wrong_keys_are_never_printed():
    """'occupied since 1994' was keyed as before the 27 September 2020 offensive (review, top 10 #1)."""
    for level in ("elementary", "middle", "high", "source"):
        gathered = gather(Folders(ROOT / "lessons", ROOT / "articles"), Selection(level_id=level))
        assert not gathered.errors, gathered.errors
        assert {lesson.id for lesson, _ in gathered.passages} >= set(BUNDLED)
        for lesson, passage in gathered.passages:  # every lesson, second-war-short where it serves
            for item in generated_items(lesson, passage).printed:
                if item.kind != "which_came_first":
                    continue
                for option in item.options:
                    assert not re.search(r"\b(since|until|by|before|after) ___", option.text, re.I), option
                    assert not re.match(r"(it|he|she|they|this|that)\b", option.text, re.I), option
                    assert option.text.count("___") == 1, option
                assert "(1994, before" not in item.key or "since" not in " ".join(s for _, s in item.evidence)


def test_cloze_items_stand_on_their_own(workspace):
    path = workspace / "lessons" / "ceasefire-years" / "elementary.md"
    lesson, passage = passages(workspace, "ceasefire-years", "elementary")
    for item in generated_items(lesson, passage).printed:
        if item.kind == "cloze":
            text = item.prompt.removeprefix("Fill in the missing word: ")
            assert not re.match(r"(It|He|She|They|This|That)\b", text), text
            assert item.answer.lower() not in text.lower(), text
    assert path.exists()


def test_items_command_lists_items_keys_sources_and_drops(workspace, run_cli):
    regression_lesson(workspace)
    args = ["--lessons-dir", str(workspace / "lessons"), "--articles-dir", str(workspace / "articles")]
    result = run_cli("items", "regress", "--level", "middle", *args)
    assert result.code == 0, result.err
    assert "regress/middle: 1 generated item(s), 8 candidate(s) dropped\n" in result.out
    assert "  1. which came first: Which of these happened first?\n" in result.out
    assert "     key: A. (27 September 2020, before 9 November 2020)\n" in result.out or (
        "     key: B. (27 September 2020, before 9 November 2020)\n" in result.out
    )
    assert (
        "     from paragraph 1: “Large-scale fighting began on the morning of 27 September 2020.”\n"
        in result.out
    )
    assert (
        "     article: “Large-scale fighting began on the morning of 27 September, with an Azerbaijani"
        in result.out
    )
    assert (
        "  dropped which came first (paragraph 2): its date is a 'since' date, not the date of the "
        "happening: “Armenia gave back to Azerbaijan the lands around the region that it had occupied "
        "since 1994.”\n"
    ) in result.out
    assert result.out.endswith(
        "generated items: 1 printed (which came first 1); 8 candidates dropped (relative 1, range 1, "
        "situation 1, since 1, pronoun 1, statement 1, until 1, article 1)\n"
    )
    summary = run_cli("items", "regress", "--level", "middle", "--summary", *args)
    assert summary.out.splitlines() == [result.out.splitlines()[-1]]
    assert run_cli("items", "regress", "--level", "elementary", *args).code == 1


def test_generated_items_in_the_printed_key(workspace, run_cli):
    regression_lesson(workspace)
    args = ["regress", "--level", "middle", "--format", "html", "-j", "1", *folder_args(workspace)]
    result = run_cli("build", *args)
    assert result.code == 0, result.err
    assert "note    generated items: 1 printed (which came first 1); 8 candidates dropped" in result.out
    # The key printed from the lesson the build composed (the build's measurements reused).
    key = printed_sheet(workspace, "regress", "middle", ComposeOptions(), 1)
    assert "Which of these happened first?" in key
    assert "Large-scale fighting began on the morning of ___." in key
    assert "(27 September 2020, before 9 November 2020)" in key
    assert "since ___" not in key and "Until ___" not in key and "It was signed" not in key
