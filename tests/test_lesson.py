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
        f"{path}:5: sections[0]: no section 'backgruond' in "
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
        f"{path}:7: sections[1].paragraph: expected one of the keys paragraphs, section, "
        f"found unknown key 'paragraph'; did you mean 'paragraphs'?",
        f"{path}:1: objectives: expected a value, found nothing; add 'objectives:' (it is required)",
        f"{path}:10: documents[0]: expected one of handout, vocabulary, questions, timeline, "
        f"teacher-guide, found 'handot'; "
        f"did you mean 'handout'?",
        f"{path}:8: objectivs: expected one of the keys allow, article, documents, events, extends, "
        f"generated, glossary, grades, levels, objectives, puzzle, questions, sections, teacher, title, "
        f"found unknown key 'objectivs'; "
        f"did you mean 'objectives'?",
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
        f"{path}:7: sections[1].paragraphs: expected a range within 1-4 (section "
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
        f"{path}:14: levels.midle: expected a level of {levels.path} (elementary, middle, high, "
        f"source), found 'midle'; did you mean 'middle'?",
        f"{path}:13: levels.middle.exercises.vocabulary_terms: expected a number of at least 0, found -1",
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
