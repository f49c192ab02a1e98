"""Lesson validation: every message asserted word for word."""

from pathlib import Path
from textwrap import dedent

import pytest

from generator.errors import LessonError
from generator.spec.lesson import load_lesson
from generator.spec.levels import Levels

from .conftest import ROOT, folder_args
from .helpers import built_paths, summary


@pytest.fixture
def levels() -> Levels:
    return Levels(ROOT / "lessons" / "levels.yaml")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


def errors_of(path: Path, levels: Levels) -> list[str]:
    with pytest.raises(LessonError) as info:
        load_lesson(path, levels, ROOT / "articles")
    return info.value.messages


GOOD = dedent("""
    title: Test lesson
    article: nagorno-karabakh-conflict
    grades: 6-8
    sections:
      - background
      - section: first-nagorno-karabakh-war-1988-1994
        paragraphs: 2-3
    objectives:
      - Explain something.
""").lstrip()


def test_good_lesson_resolves_sections(tmp_path, levels):
    lesson = load_lesson(write(tmp_path, "good", GOOD), levels, ROOT / "articles")
    assert lesson.id == "good"
    assert lesson.spec.grades == (6, 7, 8)
    assert [(p.section.id, p.first, p.last) for p in lesson.parts] == [
        ("background", 1, 3),
        ("first-nagorno-karabakh-war-1988-1994", 2, 3),
    ]
    assert [lv.id for lv in lesson.covered_levels()] == ["middle", "source"]


def test_parent_section_brings_its_children(tmp_path, levels):
    path = write(tmp_path, "foreign", GOOD.replace("- background", "- foreign-involvement"))
    lesson = load_lesson(path, levels, ROOT / "articles")
    assert [p.section.id for p in lesson.parts][:4] == ["russia", "turkey", "iran", "united-states"]


def test_misspelled_section_suggests_closest(tmp_path, levels):
    path = write(tmp_path, "typo", GOOD.replace("- background", "- backgruond"))
    assert errors_of(path, levels) == [
        f"{path}:5: sections[1]: no section 'backgruond' in "
        f"{ROOT / 'articles' / 'nagorno-karabakh-conflict.txt'}; did you mean 'background'?"
    ]


def test_all_errors_of_a_file_at_once(tmp_path, levels):
    path = write(
        tmp_path,
        "many",
        """
        title: Test lesson
        article: nagorno-karabakh-conflict
        grades: 2-15
        sections:
          - background
          - section: background
            paragraph: 2
        objectivs:
          - Explain something.
        documents: [handot]
    """,
    )
    assert errors_of(path, levels) == [
        f"{path}:3: grades: expected grades between 1 and 12, found '2-15'",
        f"{path}:7: sections[2].paragraph: expected one of the keys paragraphs, section, "
        f"found unknown key 'paragraph'; did you mean 'paragraphs'?",
        f"{path}:8: objectivs: expected one of the keys allow, article, documents, events, extends, "
        f"generated, glossary, grades, levels, objectives, puzzle, questions, sections, teacher, title, "
        f"found unknown key 'objectivs'; "
        f"did you mean 'objectives'?",
        f"{path}:10: documents[1]: expected one of handout, vocabulary, questions, timeline, "
        f"teacher-guide, found 'handot'; "
        f"did you mean 'handout'?",
    ]


def test_wrong_types_say_what_was_found(tmp_path, levels):
    path = write(
        tmp_path,
        "types",
        """
        title: [a, b]
        article: nagorno-karabakh-conflict
        grades: 7
        sections: background
        objectives:
          - Explain something.
    """,
    )
    assert errors_of(path, levels) == [
        f"{path}:1: title: expected text, found a list of 2",
        f"{path}:4: sections: expected a list, found 'background'",
    ]


def test_paragraph_range_outside_section(tmp_path, levels):
    path = write(tmp_path, "range", GOOD.replace("paragraphs: 2-3", "paragraphs: 3-9"))
    assert errors_of(path, levels) == [
        f"{path}:7: sections[2].paragraphs: expected a range within 1-4 (section "
        f"'first-nagorno-karabakh-war-1988-1994' has 4 paragraphs), found 3-9"
    ]


def test_unknown_article(tmp_path, levels):
    path = write(
        tmp_path, "article", GOOD.replace("article: nagorno-karabakh-conflict", "article: nagorno-karabakh")
    )
    assert errors_of(path, levels) == [
        f"{path}:2: article: expected one of nagorno-karabakh-conflict, found 'nagorno-karabakh'; "
        f"did you mean 'nagorno-karabakh-conflict'?"
    ]


def test_repeated_text_is_refused(tmp_path, levels):
    path = write(
        tmp_path,
        "twice",
        GOOD.replace("- background", "- ceasefire-and-international-mediation\n  - bishkek-protocol"),
    )
    assert errors_of(path, levels) == [
        f"{path}:4: sections: expected each text once, found 'bishkek-protocol', which repeats "
        f"'ceasefire-and-international-mediation' word for word; remove one"
    ]


def test_yaml_syntax_error_has_a_line(tmp_path, levels):
    path = write(tmp_path, "syntax", "title: Test\nsections:\n  - a\n - b\n")
    assert errors_of(path, levels) == [
        f"{path}:4: expected valid YAML, found did not find expected key; "
        f"check the indentation and quote values that contain ': ' "
        f"or start with a special character"
    ]


def test_duplicate_keys_are_reported(tmp_path, levels):
    path = write(tmp_path, "dup", GOOD + "title: Again\n")
    assert errors_of(path, levels) == [
        f"{path}:10: title: expected each key once, found 'title' again; merge the two entries"
    ]


def test_level_override_is_validated(tmp_path, levels):
    path = write(
        tmp_path,
        "override",
        GOOD
        + dedent("""
        levels:
          middle:
            exercises: {vocabulary_terms: -1}
          midle: {}
    """),
    )
    assert errors_of(path, levels) == [
        f"{path}:13: levels.middle.exercises.vocabulary_terms: expected a number of at least 0, found -1",
        f"{path}:14: levels.midle: expected a level of {levels.path} (elementary, middle, high, "
        f"source), found 'midle'; did you mean 'middle'?",
    ]


def test_extends_inherits_and_overrides(tmp_path, levels):
    write(tmp_path, "base", GOOD)
    child = write(
        tmp_path,
        "custom",
        """
        extends: base
        grades: 7
        sections: [background]
        levels:
          middle:
            exercises: {vocabulary_terms: 4}
    """,
    )
    lesson = load_lesson(child, levels, ROOT / "articles")
    assert lesson.title == "Test lesson"
    assert lesson.spec.grades == (7,)
    assert [p.section.id for p in lesson.parts] == ["background"]
    assert lesson.levels["middle"].exercises.vocabulary_terms == 4
    assert lesson.levels["high"].exercises.vocabulary_terms == 10
    assert lesson.passage_dirs == (tmp_path / "custom", tmp_path / "base")


def test_extends_unknown_lesson(tmp_path, levels):
    write(tmp_path, "base", GOOD)
    child = write(tmp_path, "custom", "extends: bsae\n")
    assert errors_of(child, levels) == [
        f"{child}:1: extends: expected the id of a lesson in {tmp_path}, found 'bsae'; did you mean 'base'?"
    ]


# --- every problem of a file in one run (issue: a teacher makes a lesson) ---------------------


def test_true_false_prompt_names_the_allowed_keys_and_statement(tmp_path, levels):
    path = write(
        tmp_path,
        "tf",
        GOOD
        + dedent("""
        questions:
          middle:
            - type: true_false
              prompt: The war ended in 1994.
              answer: true
              evidence: {paragraph: 1, quote: ceasefire}
    """),
    )
    assert errors_of(path, levels) == [
        f"{path}:14: questions.middle[1].prompt: expected one of the keys answer, draft, evidence, "
        f"statement, type, found unknown key 'prompt'; did you mean 'statement'?"
    ]


def test_unknown_key_under_a_generated_or_teacher_mapping_lists_its_keys(tmp_path, levels):
    path = write(
        tmp_path,
        "keys",
        GOOD + "generated: {clozes: 1}\nteacher: {names: a, sensitive_content: b, minute: 5}\n",
    )
    assert errors_of(path, levels) == [
        f"{path}:10: generated.clozes: expected one of the keys cloze, infobox_true_false, "
        f"which_came_first, found unknown key 'clozes'; did you mean 'cloze'?",
        f"{path}:11: teacher.minute: expected one of the keys discussion, draft, minutes, names, "
        f"sensitive_content, standards, found unknown key 'minute'; did you mean 'minutes'?",
    ]


def test_misspelled_level_names_anywhere(tmp_path, levels):
    path = write(
        tmp_path,
        "midle",
        GOOD
        + dedent("""
        glossary:
          - term: war
            part_of_speech: noun
            definitions: {hihg: fighting between countries}
        events:
          - date: "1988"
            text: {elementry: It began.}
        questions:
          midle:
            - type: short_answer
              prompt: Why?
              answer: Because.
              evidence: {paragraph: 1, quote: war}
    """),
    )
    known = f"{levels.path} (elementary, middle, high, source)"
    assert errors_of(path, levels) == [
        f"{path}:14: glossary[1].definitions.hihg: expected a level of {known}, found 'hihg'; "
        f"did you mean 'high'?",
        f"{path}:17: events[1].text.elementry: expected a level of {known}, found 'elementry'; "
        f"did you mean 'elementary'?",
        f"{path}:19: questions.midle: expected a level of {known}, found 'midle'; did you mean 'middle'?",
    ]


def test_bad_items_are_set_aside_and_the_rest_still_checked(tmp_path, levels):
    from generator.spec.lesson import read_lesson

    path = write(
        tmp_path,
        "aside",
        GOOD.replace("- background", "- backgruond")
        + dedent("""
        glossary:
          - term: one
            part_of_speech: nown
            definitions: {middle: a}
          - term: two
            part_of_speech: noun
            definitions: {middle: b}
    """),
    )
    lesson, errors = read_lesson(path, levels, ROOT / "articles")
    assert errors == [
        f"{path}:5: sections[1]: no section 'backgruond' in "
        f"{ROOT / 'articles' / 'nagorno-karabakh-conflict.txt'}; did you mean 'background'?",
        f"{path}:13: glossary[1].part_of_speech: expected one of noun, proper noun, verb, adjective, "
        f"adverb, phrase, found 'nown'; did you mean 'noun'?",
    ]
    assert lesson is not None and [e.term for e in lesson.spec.glossary] == ["two"]
    # The kept item keeps its number and line in the file.
    assert (
        lesson.where(("glossary", 0, "definitions", "middle")) == f"{path}:17: glossary[2].definitions.middle"
    )


def test_documents_default_to_what_the_lesson_has(tmp_path, levels):
    path = write(tmp_path, "plain", GOOD)
    lesson = load_lesson(path, levels, ROOT / "articles")
    assert lesson.spec.documents == ["handout"]
    assert [(c.kind, c.built, c.reason) for c in lesson.documents] == [
        ("handout", True, ""),
        ("vocabulary", False, "no glossary: terms (add glossary: to the lesson)"),
        ("questions", False, "no questions: (add questions: to the lesson)"),
        ("timeline", False, "no events: (add events: to the lesson)"),
        ("teacher-guide", False, "no teacher: notes (add teacher: to the lesson)"),
    ]
    full = write(
        tmp_path,
        "full",
        GOOD
        + "events: [{date: '1988', text: It began.}]\nteacher: {names: a, sensitive_content: b}\n"
        + "questions: {middle: [{type: short_answer, prompt: Why?, answer: B., "
        + "evidence: {paragraph: 1, quote: abc}}]}\n",
    )
    assert load_lesson(full, levels, ROOT / "articles").spec.documents == [
        "handout",
        "questions",
        "timeline",
        "teacher-guide",
    ]
    listed = write(tmp_path, "listed", GOOD + "documents: [handout]\nevents: [{date: '1988', text: x}]\n")
    choices = load_lesson(listed, levels, ROOT / "articles").documents
    assert [(c.kind, c.reason) for c in choices if c.kind == "timeline"] == [
        ("timeline", "not in documents:")
    ]


def test_guide_listed_without_notes_names_the_documents_line(tmp_path, levels):
    path = write(tmp_path, "guide", GOOD + "documents: [handout, teacher-guide]\n")
    assert errors_of(path, levels) == [
        f"{path}:10: documents: expected 'teacher:' notes (sensitive_content, names) for the teacher "
        f"guide listed in documents, found none; add them or remove teacher-guide"
    ]


PLANTED = """\
title: A lesson with five mistakes
article: nagorno-karabakh-conflict
grades: 6-8
sections: [first-nagorno-karabakh-war-1988-1994]
objectives: [Explain how the war began.]
glossary:
  - term: armistice
    part_of_speech: noun
    definitions: {middle: an agreement to stop fighting}
events:
  - date: 4 July 1990
    text: Something the passage does not date.
questions:
  middle:
    - type: true_false
      prompt: The war ended in May 1994.
      answer: true
      evidence: {paragraph: 1, quote: "It lasted from the late 1980s to May 1994"}
    - type: short_answer
      prompt: When did the parliament vote?
      answer: On 20 February 1988.
      evidence: {paragraph: 2, quote: "the region's parliament voted to unite with Armenia"}
  midle:
    - type: short_answer
      prompt: Where was it fought?
      answer: In Nagorno-Karabakh.
      evidence: {paragraph: 1, quote: "It was fought in the enclave of Nagorno-Karabakh"}
"""


def test_five_planted_mistakes_are_reported_in_one_run(workspace, run_cli):
    lessons = workspace / "lessons"
    path = lessons / "planted.yaml"
    path.write_text(PLANTED, encoding="utf-8")
    (lessons / "planted").mkdir()
    passage = lessons / "planted" / "middle.md"
    passage.write_text((lessons / "first-war" / "middle.md").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("build", "planted", "--format", "html", "-j", "1", *folder_args(workspace))
    assert result.code == 1
    levels = lessons / "levels.yaml"
    assert result.err == (
        "failed  planted: nothing written\n"
        f"  {path}:9: glossary[1].definitions.middle: expected the term 'armistice' in the middle "
        f"passage ({passage}), found no use of it; use the word in the passage or remove the 'middle' "
        "definition\n"
        f"  {path}:11: events[1].date: expected its date (4 July 1990) in the middle passage "
        f"({passage}), found it not there; give the date in the passage or leave the event out at middle\n"
        f"  {path}:16: questions.middle[1].prompt: expected one of the keys answer, draft, evidence, "
        "statement, type, found unknown key 'prompt'; did you mean 'statement'?\n"
        f"  {path}:22: questions.middle[2].evidence[1].quote: expected words from paragraph 2 of the "
        f"middle passage ({passage}), found “the region's parliament voted to unite with Armenia”, "
        "which is not in it; it is in paragraph 3\n"
        f"  {path}:23: questions.midle: expected a level of {levels} (elementary, middle, high, source), "
        "found 'midle'; did you mean 'middle'?\n"
        "1 lesson(s) failed: planted\n"
    )
    assert not (workspace / "output" / "planted").exists()


def test_a_passage_error_has_its_line_and_the_other_levels_are_still_checked(workspace, run_cli):
    lessons = workspace / "lessons"
    path = lessons / "planted.yaml"
    path.write_text(PLANTED.replace("grades: 6-8", "grades: 6-10").replace("  midle:\n", "  high:\n"))
    (lessons / "planted").mkdir()
    middle = lessons / "planted" / "middle.md"
    middle.write_text("## first-nagorno-karabakh-war\n\nText.\n", encoding="utf-8")
    high = lessons / "planted" / "high.md"
    high.write_text((lessons / "first-war" / "high.md").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("build", "planted", "--format", "html", "-j", "1", *folder_args(workspace))
    assert result.code == 1
    messages = result.err.splitlines()[1:-1]
    assert messages[-2:] == [
        f"  {middle}:1: expected a section of lesson 'planted' (first-nagorno-karabakh-war-1988-1994), "
        "found 'first-nagorno-karabakh-war'; did you mean 'first-nagorno-karabakh-war-1988-1994'?",
        f"  {middle}:1: expected a '## <section-id>' block for every section of the lesson, found none "
        "for first-nagorno-karabakh-war-1988-1994",
    ]
    # The high passage is still checked in the same run: its missing term is reported too.
    assert (
        f"  {path}:16: questions.middle[1].prompt: expected one of the keys answer, draft, evidence, "
        "statement, type, found unknown key 'prompt'; did you mean 'statement'?"
    ) in messages
    assert any(
        m.startswith(f"  {path}:11: events[1].date: expected its date (4 July 1990) in the high")
        for m in messages
    )


def test_unit_builds_at_grade_4_and_11_skipping_what_does_not_cover_them(workspace, run_cli):
    for grade in ("4", "11"):
        result = run_cli("build", "--grade", grade, "--format", "html", "-j", "1", *folder_args(workspace))
        assert result.code == 0, result.err
        assert f"skipped second-war-short: covers grades 6-7; skipped for grade {grade}\n" in result.out
        assert "lesson  first-war: handout, vocabulary, questions, timeline, teacher-guide\n" in result.out
        assert result.err == ""
    assert (workspace / "output" / "origins" / "elementary" / "handout.html").exists()
    assert (workspace / "output" / "origins" / "high" / "handout.html").exists()
    assert not (workspace / "output" / "second-war-short").exists()


def test_level_follows_the_same_rule_as_grade(workspace, run_cli):
    # A build of every lesson, with only the custom lesson and its parent left to build.
    for path in (workspace / "lessons").glob("*.yaml"):
        if path.stem not in ("levels", "second-war", "second-war-short"):
            path.unlink()
    result = run_cli("build", "--level", "high", "--format", "html", "-j", "1", *folder_args(workspace))
    assert result.code == 0, result.err
    assert (
        "skipped second-war-short: covers grades 6-7; skipped for level 'high' (grades 9-12)\n" in result.out
    )
    assert not (workspace / "output" / "second-war-short").exists()
    assert (workspace / "output" / "second-war" / "high" / "handout.html").exists()
    one = run_cli("build", "second-war-short", "--level", "high", *folder_args(workspace))
    assert one.code == 1
    assert one.err == "error: no selected lesson covers level 'high'; nothing to build\n"


def test_summary_says_which_documents_and_why_not(workspace, run_cli):
    path = workspace / "lessons" / "plain.yaml"
    path.write_text(PLANTED.split("glossary:")[0], encoding="utf-8")
    result = run_cli(
        "build", "plain", "--level", "source", "--format", "html", "-j", "1", *folder_args(workspace)
    )
    assert result.code == 0, result.err
    assert (
        "lesson  plain: handout; no vocabulary (no glossary: terms (add glossary: to the lesson)); "
        "no questions (no questions: (add questions: to the lesson)); no timeline (no events: (add "
        "events: to the lesson)); no teacher-guide (no teacher: notes (add teacher: to the lesson))\n"
    ) in result.out


def test_authoring_commands_name_a_level_the_lesson_does_not_serve(run_cli):
    result = run_cli("passage", "second-war-short", "--level", "elementary")
    assert result.code == 1
    assert result.err == (
        "error: second-war-short: covers grades 6-7; skipped for level 'elementary' (grades 4-5)\n"
    )


# Every YAML spelling of `extends:`: the child lesson second-war-short names its parent.
CHILD_REST = """title: "The 2020 war (short version)"
grades: 6-7
sections:
  - second-nagorno-karabakh-war-2020
"""
EXTENDS_SPELLINGS = {
    "plain": "extends: second-war\n" + CHILD_REST,
    "double-quoted key": '"extends": second-war\n' + CHILD_REST,
    "single-quoted key and value": "'extends': 'second-war'\n" + CHILD_REST,
    "value on the next line": "extends:\n  second-war\n" + CHILD_REST,
    "flow mapping": (
        '{extends: second-war, title: "The 2020 war (short version)", grades: 6-7,\n'
        " sections: [second-nagorno-karabakh-war-2020]}\n"
    ),
    "anchor": "extends: &parent second-war\n" + CHILD_REST,
    "after a comment and a document marker": "# short\n---\n" + CHILD_REST + "extends: second-war\n",
    "UTF-8 byte order mark": "\ufeffextends: second-war\n" + CHILD_REST,
}


@pytest.mark.parametrize("spelling", EXTENDS_SPELLINGS)
def test_the_loader_records_the_parent_for_every_spelling_of_extends(tmp_path, levels, spelling):
    for name in ("second-war", "second-war-short"):
        (tmp_path / f"{name}.yaml").write_bytes((ROOT / "lessons" / f"{name}.yaml").read_bytes())
    child = tmp_path / "second-war-short.yaml"
    child.write_text(EXTENDS_SPELLINGS[spelling], encoding="utf-8")
    lesson = load_lesson(child, levels, ROOT / "articles")
    assert lesson.title == "The 2020 war (short version)"
    assert child in lesson.inputs and tmp_path / "second-war.yaml" in lesson.inputs


@pytest.mark.parametrize("spelling", EXTENDS_SPELLINGS)
def test_editing_the_parent_rebuilds_the_child_whatever_the_spelling(workspace, run_cli, spelling):
    child = workspace / "lessons" / "second-war-short.yaml"
    child.write_text(EXTENDS_SPELLINGS[spelling], encoding="utf-8")
    output = workspace / "output"
    args = ["second-war-short", "--level", "middle", "--format", "html", "-j", "1", *folder_args(workspace)]
    first = run_cli("build", *args)
    assert first.code == 0, first.err
    assert summary(first.out)[:3] == [9, 0, 0]
    assert summary(run_cli("build", *args).out)[:3] == [0, 9, 0]  # nothing changed: nothing read

    parent = workspace / "lessons" / "second-war.yaml"
    parent.write_text(parent.read_text().replace("objectives:\n", "objectives:\n  - Name the two sides.\n"))
    again = run_cli("build", *args)
    assert again.code == 0, again.err
    assert built_paths(again.out, output) == {
        "second-war-short/middle/handout-teacher.html",
        "second-war-short/middle/teacher-guide.html",
    }
    assert "Name the two sides." in (output / "second-war-short/middle/teacher-guide.html").read_text()
