"""new-lesson: a complete lesson to edit, that builds as written; WordNet drafts read offline."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from generator.config import Folders, Selection
from generator.passages.gather import gather
from generator.sources.wordnet import available, lookup

from .conftest import folder_args
from .helpers import KINDS, html_text

pytestmark = pytest.mark.skipif(not available(), reason="WordNet (wordnet-base) is not installed; run make")

SECTION = "second-nagorno-karabakh-war-2020"


def new_lesson(run_cli, root: Path, *extra: str):
    return run_cli(
        "new-lesson",
        "nagorno-karabakh-conflict",
        "my-war",
        "--sections",
        SECTION,
        "--grades",
        "6-8",
        *extra,
        "--lessons-dir",
        root / "lessons",
        "--articles-dir",
        root / "articles",
    )


def test_wordnet_definitions_come_from_the_installed_files():
    enclave = lookup("enclaves")
    assert enclave is not None and (enclave.lemma, enclave.part_of_speech) == ("enclave", "noun")
    assert (
        enclave.gloss
        == "an enclosed territory that is culturally distinct from the foreign territory that surrounds it"
    )
    displaced = lookup("displaced")
    assert displaced is not None and (displaced.lemma, displaced.part_of_speech) == ("displace", "verb")
    broker = lookup("broker")  # the verb's only gloss is "act as a broker": circular, so the noun's
    assert broker is not None and broker.gloss.startswith("a businessman who buys or sells")
    assert lookup("qwxzv") is None


def test_new_lesson_writes_a_complete_lesson_that_checks(workspace, run_cli):
    result = new_lesson(run_cli, workspace)
    assert result.code == 0, result.err
    path = workspace / "lessons" / "my-war.yaml"
    stub = workspace / "lessons" / "my-war" / "middle.md"
    assert result.out.splitlines()[:2] == [
        f"wrote   {stub}: the article's text, to rewrite for the level",
        f"wrote   {path}: 15 drafts to rewrite (glossary, teacher notes, events, questions)",
    ]
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert text.splitlines()[0].endswith("docs/lesson.schema.json")
    data = yaml.safe_load(text)
    assert data["documents"] == ["handout", "vocabulary", "timeline", "questions", "teacher-guide"]
    assert data["sections"] == [SECTION] and data["grades"] == "6-8"
    assert [q["type"] for q in data["questions"]["middle"]] == [
        "multiple_choice",
        "true_false",
        "short_answer",
        "extended_response",
    ]
    assert list(data["questions"]) == ["middle"]  # grades 6-8: the middle level only
    assert all(q["draft"] for q in data["questions"]["middle"])
    assert len(data["glossary"]) == 8 and all(e["draft"] for e in data["glossary"])
    assert all(set(e["definitions"]) == {"middle"} for e in data["glossary"])
    assert [e["date"] for e in data["events"]] == ["27 September 2020", "10 November 2020"]
    assert data["teacher"]["draft"] is True and data["teacher"]["standards"] == ["RI.6.1", "RI.7.1", "RI.8.1"]
    assert [line for line in stub.read_text(encoding="utf-8").splitlines() if line.startswith("## ")] == [
        f"## {SECTION}: Second Nagorno-Karabakh War (2020)"
    ]
    # Every quote is the passage's own words: the lesson passes every check a build makes.
    gathered = gather(Folders(workspace / "lessons", workspace / "articles"), Selection(("my-war",)))
    assert gathered.errors == {}
    [drafts, still_source] = gathered.notes["my-war"]
    assert drafts.startswith(f"{path}:")
    assert "15 drafts from new-lesson remain (glossary[1]," in drafts
    assert still_source == (
        f"{stub}: still the article's own text; rewrite it for grades 6-8 and check it with "
        "'python -m generator measure my-war --level middle'"
    )


def test_a_new_lesson_prints_only_the_articles_names_numbers_and_dates(workspace, run_cli):
    assert new_lesson(run_cli, workspace).code == 0
    result = run_cli(
        "audit", "my-war", "--lessons-dir", workspace / "lessons", "--articles-dir", workspace / "articles"
    )
    assert result.code == 0, result.out + result.err
    assert "audit: 1 lesson, every name, number and date is the article's" in result.out + result.err


def test_new_lesson_builds_as_written(workspace, run_cli):
    """Every document composed as HTML; the slow test below prints them into packs."""
    assert new_lesson(run_cli, workspace).code == 0
    args = ["my-war", "--level", "middle", "--format", "html", "-j", "1", *folder_args(workspace)]
    result = run_cli("build", *args)
    assert result.code == 0, result.err
    assert "15 drafts from new-lesson remain" in result.out
    assert "lesson  my-war: handout, vocabulary, questions, timeline, teacher-guide\n" in result.out
    folder = workspace / "output" / "my-war" / "middle"
    assert {p.stem for p in folder.glob("*.html")} == {
        kind
        for kind in KINDS
        if not kind.endswith("-pack")  # packs are PDF only
    }
    questions = html_text(folder / "questions-key.html")
    assert "What does the passage say happened on 27 September 2020?" in questions


# Slow: it renders every document of the lesson and merges both packs (the test above
# composes the same documents as HTML).
@pytest.mark.slow
def test_new_lesson_builds_as_written_into_a_pack(workspace, run_cli):
    assert new_lesson(run_cli, workspace).code == 0
    result = run_cli("build", "my-war", "--level", "middle", "-j", "1", *folder_args(workspace))
    assert result.code == 0, result.err
    assert "15 drafts from new-lesson remain" in result.out
    assert "lesson  my-war: handout, vocabulary, questions, timeline, teacher-guide\n" in result.out
    folder = workspace / "output" / "my-war" / "middle"
    questions = subprocess.run(
        ["pdftotext", "-layout", folder / "questions-key.pdf", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "What does the passage say happened on 27 September 2020?" in " ".join(questions.split())
    assert (folder / "student-pack.pdf").exists() and (folder / "teacher-pack.pdf").exists()


def test_drafts_that_no_longer_fit_a_rewritten_passage_are_left_out_with_a_note(workspace, run_cli):
    assert new_lesson(run_cli, workspace).code == 0
    stub = workspace / "lessons" / "my-war" / "middle.md"
    stub.write_text(
        f"## {SECTION}\n\nLarge-scale fighting began on the morning of 27 September, with an "
        "Azerbaijani offensive along the line of contact established in the aftermath of the first "
        "war. It ended with a ceasefire agreement.\n",
        encoding="utf-8",
    )
    gathered = gather(Folders(workspace / "lessons", workspace / "articles"), Selection(("my-war",)))
    assert gathered.errors == {}
    notes = gathered.notes["my-war"]
    path = workspace / "lessons" / "my-war.yaml"
    left_out = [n for n in notes if "left out at middle" in n]
    assert any(
        n.startswith(f"{path}:") and "glossary[1].definitions.middle: draft term 'belligerent' left out" in n
        for n in left_out
    )
    assert any("events[2].date: draft event left out at middle" in n for n in left_out)
    assert not any("events[1]" in n for n in left_out)  # 27 September 2020 is still dated
    assert any("questions.middle[2]: draft question left out at middle" in n for n in left_out)
    # The short-answer draft quotes a sentence the new passage keeps: it stays.
    assert not any("questions.middle[3]" in n for n in left_out)
    assert any("questions.middle[4]: draft question left out at middle" in n for n in left_out)


def test_new_lesson_option_errors(workspace, run_cli):
    result = run_cli(
        "new-lesson",
        "nagorno-karabakh-conflict",
        "my-war",
        "--sections",
        "second-war",
        "--grades",
        "6-8",
        *folder_args(workspace)[:4],
    )
    assert result.code == 1
    article = workspace / "articles" / "nagorno-karabakh-conflict.txt"
    assert result.err == (
        f"error: --sections: no section 'second-war' in {article}; run 'python -m generator sections "
        f"{article}' to list them\n"
    )
    result = new_lesson(run_cli, workspace, "--title", "x")
    assert result.code == 0
    again = new_lesson(run_cli, workspace)
    assert again.err == (
        f"error: {workspace / 'lessons' / 'my-war.yaml'} exists; edit it, or pass --force to start it again\n"
    )
    bad = run_cli("new-lesson", "nagorno-karabakh", "My War", "--sections", SECTION, "--grades", "6-8")
    assert bad.err == (
        "error: LESSON_ID: expected a lesson id of lowercase letters, digits and hyphens, starting and "
        "ending with a letter or digit, found 'My War'; did you mean 'my-war'?\n"
    )
    grades = run_cli(
        "new-lesson",
        "nagorno-karabakh-conflict",
        "other",
        "--sections",
        SECTION,
        "--grades",
        "6-14",
        *folder_args(workspace)[:4],
    )
    assert grades.err == "error: --grades: expected grades between 1 and 12, found '6-14'\n"
