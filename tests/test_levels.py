"""Reading levels: grade selection, leveled passages, fallbacks, checks and typography."""

import json
import re

import pytest
import yaml

from generator.build.measurecache import MeasureCache
from generator.config import ComposeOptions, Folders, Selection
from generator.documents.base import compose_handouts
from generator.passages.gather import gather
from generator.render.renderer import Renderer
from generator.spec.levels import Levels

from .conftest import ROOT, edit_lesson, folder_args
from .helpers import KINDS, embedded_fonts, flat_text, html_text, pdf_text
from .rendering import composed, rendered, renderer
from .test_vocabulary import poppler_text

# Common Core text-complexity bands, Flesch-Kincaid (2012 supplement to Appendix A).
BANDS = {"elementary": (4.51, 7.73), "middle": (6.51, 10.34), "high": (8.32, 14.20)}


@pytest.fixture(scope="module")
def levels():
    return Levels(ROOT / "lessons" / "levels.yaml")


def test_ranges_sit_in_the_lower_half_of_their_band(levels):
    for level_id, (low, high) in BANDS.items():
        fk_low, fk_high = levels.get(level_id).fk_range
        assert low <= fk_low < fk_high <= (low + high) / 2, level_id


def test_levels_map_grades(levels):
    assert [levels.level_for_grade(g).id for g in (4, 5, 6, 8, 9, 12)] == [
        "elementary",
        "elementary",
        "middle",
        "middle",
        "high",
        "high",
    ]
    assert levels.level_for_grade(2) is None


def test_younger_levels_get_larger_type(levels):
    elementary = levels.get("elementary").typography
    assert elementary.body_size_pt >= 14 and elementary.line_height >= 1.4
    sizes = [levels.get(lv).typography.body_size_pt for lv in ("elementary", "middle", "high")]
    assert sizes == sorted(sizes, reverse=True)
    css = (ROOT / "generator" / "layouts" / "print.css").read_text()
    assert "justify" not in css and "text-align: left" in css


def test_bundled_passages_measure_inside_their_ranges(run_cli):
    result = run_cli("check")
    assert result.code == 0, result.err
    assert "missing" not in result.out
    for lesson in (
        "origins",
        "first-war",
        "ceasefire-years",
        "second-war",
        "after-2020",
        "foreign-involvement",
    ):
        for level in ("elementary", "middle", "high"):
            assert f"ok      {lesson}/{level}: Estimated grade (Flesch-Kincaid)" in result.out


def test_grade_builds_its_level_only(workspace, run_cli):
    result = run_cli("build", "first-war", "--grade", "7", "--format", "html", *folder_args(workspace))
    assert result.code == 0, result.err
    output = workspace / "output"
    built = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
    assert built == sorted(f"first-war/middle/{kind}.html" for kind in KINDS if not kind.endswith("-pack"))


def test_grade_without_a_level_is_refused(workspace, run_cli):
    result = run_cli("build", "--grade", "2", *folder_args(workspace))
    assert result.code == 1
    assert result.err == (
        f"error: no reading level for grade 2; the levels in "
        f"{workspace / 'lessons' / 'levels.yaml'} cover grades 4-12\n"
    )
    assert not list((workspace / "output").rglob("*.pdf"))


def test_grade_a_lesson_does_not_cover_is_skipped(workspace, run_cli):
    result = run_cli("build", "second-war-short", "--grade", "4", *folder_args(workspace))
    assert result.code == 1  # the one lesson asked for covers nothing asked: nothing to build
    assert "skipped second-war-short: covers grades 6-7; skipped for grade 4\n" in result.out
    assert result.err == "error: no selected lesson covers grade 4; nothing to build\n"
    assert "Traceback" not in result.err


def test_grade_4_and_grade_11_look_different(built):
    elementary = built.level("elementary") / "handout.pdf"
    high = rendered("first-war", "high", "handout")
    assert any("Andika" in name for name, _ in embedded_fonts(elementary))
    assert any("DejaVu-Serif" in name for name, _ in embedded_fonts(high))
    assert "The First Nagorno-Karabakh War went on from the late 1980s" in flat_text(elementary)
    assert pdf_text(elementary) != pdf_text(high)


def test_student_copies_show_no_level_and_teacher_copies_do(built):
    student = poppler_text(built.level("elementary") / "handout.pdf")
    teacher = poppler_text(built.level("elementary") / "handout-teacher.pdf")
    assert "Flesch" not in student and "band" not in student and "grades" not in student
    assert re.search(r"Estimated grade \(Flesch-Kincaid\): \d+\.\d, band 4-5", teacher)
    # The levels `built` leaves out, in the HTML their PDFs are made from.
    for level, band in (("middle", "6-8"), ("high", "9-12")):
        documents = composed("first-war", level)
        student, teacher = (renderer().html(documents[k]) for k in ("handout", "handout-teacher"))
        assert "Flesch" not in student and "band" not in student and "grades" not in student
        assert re.search(rf"Estimated grade \(Flesch-Kincaid\): \d+\.\d, band {band}", teacher)
    manifest = json.loads((built.output / "manifest.json").read_text())
    readability = manifest["passages"]["first-war"]["elementary"]["readability"]
    assert 4.6 <= readability["fk_grade"] <= 6.1
    assert set(readability) >= {"words_per_sentence", "longest_sentence_words", "hard_words"}


def test_missing_leveled_text_falls_back_to_source_and_says_so(workspace, run_cli):
    (workspace / "lessons" / "first-war" / "elementary.md").unlink()
    lesson = workspace / "lessons" / "first-war.yaml"
    enclave = {
        "term": "enclave",
        "part_of_speech": "noun",
        "definitions": {"elementary": "a piece of land surrounded by another country's land"},
    }
    edit_lesson(lesson, lambda data: data.update(glossary=[enclave]))
    args = ["first-war", "--level", "elementary", "--format", "html", *folder_args(workspace)]
    result = run_cli("build", *args)
    assert result.code == 0, result.err
    assert re.search(
        r"note    first-war/elementary: no hand-written text \(.*elementary\.md\); used "
        r"the source text, Estimated grade \(Flesch-Kincaid\): \d+\.\d, band 4-5",
        result.out,
    )
    folder = workspace / "output" / "first-war" / "elementary"
    student = html_text(folder / "handout.html")
    assert "Words to know" in student
    assert "enclave (noun) a piece of land surrounded by another country's land" in student
    assert "Flesch" not in student
    teacher = html_text(folder / "handout-teacher.html")
    assert "No passage has been written for this level yet" in teacher
    assert "enclave*" in teacher


def test_level_stub_then_check_names_the_sentences_to_shorten(workspace, run_cli):
    (workspace / "lessons" / "first-war" / "middle.md").unlink()
    lesson = workspace / "lessons" / "first-war.yaml"
    # The glossary and questions were written for the middle text, not the stub's source text.
    edit_lesson(lesson, lambda data: [data.pop(key) for key in ("glossary", "questions")])
    result = run_cli("level-stub", "first-war", "--level", "middle", *folder_args(workspace))
    stub = workspace / "lessons" / "first-war" / "middle.md"
    assert result.code == 0 and stub.exists()
    assert (
        "## first-nagorno-karabakh-war-1988-1994: First Nagorno-Karabakh War (1988–1994)" in stub.read_text()
    )
    again = run_cli("level-stub", "first-war", "--level", "middle", *folder_args(workspace))
    assert (
        again.code == 1
        and again.err == f"error: {stub} exists; edit it, or pass --force to start again from the source\n"
    )

    result = run_cli("check", "first-war", *folder_args(workspace))
    assert result.code == 1
    assert re.search(
        rf"problem {re.escape(str(stub))}: lesson 'first-war', level 'middle': measured Flesch-Kincaid "
        r"grade \d+\.\d, expected 6\.6-8\.4; shorten sentences or use shorter words, starting with the "
        r"longest: \(55 words\) “The First Nagorno-Karabakh War, also known as",
        result.err,
    )
    assert "levels must rise with the grades they serve" in result.err


def test_custom_lesson_uses_its_parents_passages_for_its_sections(workspace, run_cli):
    result = run_cli("build", "second-war-short", "--format", "html", *folder_args(workspace))
    assert result.code == 0, result.err
    manifest = json.loads((workspace / "output" / "manifest.json").read_text())
    assert set(manifest["passages"]["second-war-short"]) == {"middle", "source"}
    text = manifest["passages"]["second-war-short"]["middle"]["text"]
    parent = (workspace / "lessons" / "second-war" / "middle.md").read_text()
    assert "2020-ceasefire" in parent
    first_paragraph = parent.split("\n\n")[1].strip()
    assert first_paragraph in text
    assert "Ceasefire" not in text.split("\n\n")[0]


def test_leveled_file_errors_name_file_and_line(workspace, run_cli):
    path = workspace / "lessons" / "first-war" / "high.md"
    path.write_text("## first-nagorno-karabakh-war\n\nSome text.\n")
    result = run_cli("build", "first-war", "--level", "high", *folder_args(workspace))
    assert result.code == 1
    assert result.err == (
        "failed  first-war: nothing written\n"
        f"  {path}:1: expected a section of lesson 'first-war' (first-nagorno-karabakh-war-1988-1994), "
        "found 'first-nagorno-karabakh-war'; did you mean 'first-nagorno-karabakh-war-1988-1994'?\n"
        f"  {path}:1: expected a '## <section-id>' block for every section of the lesson, found none "
        "for first-nagorno-karabakh-war-1988-1994\n"
        "1 lesson(s) failed: first-war\n"
    )


def test_a_fourth_level_is_added_in_data_alone(workspace, run_cli):
    """`early` (grades 2-3) in levels.yaml, with its own range and typography, and one
    lesson extended down to grade 2: the lesson builds at it with no code changed."""
    levels_file = workspace / "lessons" / "levels.yaml"
    levels = yaml.safe_load(levels_file.read_text())
    early = {
        "name": "Early readers",
        "grades": "2-3",
        "band": "2-3",
        "fk_range": [2.0, 4.5],
        "word_budget": 400,
        "typography": {"font": "DejaVu Sans", "body_size_pt": 16.5, "line_height": 1.6},
        "exercises": {**levels["elementary"]["exercises"], "vocabulary_terms": 4, "timeline_blanks": 2},
    }
    levels_file.write_text(yaml.safe_dump({"early": early, **levels}, sort_keys=False, allow_unicode=True))

    def extend_down(lesson):
        lesson["grades"] = "2-12"
        for event in lesson["events"]:  # timeline wording is written per level, like any text
            if "elementary" in event["text"]:
                event["text"]["early"] = event["text"]["elementary"]

    edit_lesson(workspace / "lessons" / "origins.yaml", extend_down)

    # HTML: every document of the lesson composed at the new level, without rendering them all.
    args = ["origins", "--grade", "3", "--format", "html", "-j", "1", *folder_args(workspace)]
    result = run_cli("build", *args)
    assert result.code == 0, result.err
    # No early.md: the source text, said so with the new level's band.
    assert re.search(
        r"note    origins/early: no hand-written text \(.*early\.md\); used the source text, "
        r"Estimated grade \(Flesch-Kincaid\): \d+\.\d, band 2-3",
        result.out,
    )
    folder = workspace / "output" / "origins" / "early"
    documents = sorted(kind for kind in KINDS if not kind.endswith("-pack"))  # packs are PDF only
    assert sorted(p.stem for p in folder.glob("*.html")) == documents
    assert not (workspace / "output" / "origins" / "elementary").exists()
    assert "font-size: 16.5pt; line-height: 1.6;" in (folder / "handout.html").read_text()
    # The printed handout embeds the level's font (rendered alone: the rest is the same renderer).
    output = workspace / "output"
    measures = MeasureCache(output / ".cache" / "readability.json")  # the build's: not measured again
    folders = Folders(workspace / "lessons", workspace / "articles", output)
    ((lesson, passage),) = gather(
        folders, Selection(("origins",), level_id="early"), None, measures.measure
    ).passages
    handout, _teacher = compose_handouts(lesson, passage, ComposeOptions())
    renderer = Renderer()
    try:
        (folder / "handout.pdf").write_bytes(renderer.pdf(handout)[0])
    finally:
        renderer.close()
    fonts = [name for name, _ in embedded_fonts(folder / "handout.pdf")]
    assert any("DejaVu-Sans" in name for name in fonts), fonts
    assert not any("Andika" in name or "Serif" in name for name in fonts), fonts
