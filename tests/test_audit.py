"""The provenance audit: every printed name, number, date and event date is the article's."""

import re
from pathlib import Path

import pytest

from generator.audit import audit
from generator.audit.check import Allowed, check_reading
from generator.audit.readings import Reading
from generator.passages.cited import cited_text
from generator.spec.lesson import load_lesson
from generator.spec.levels import Levels

from .conftest import ROOT, edit_lesson

FOLDERS = ("--lessons-dir", "--articles-dir")


def audit_args(root: Path) -> list[str]:
    return ["--lessons-dir", str(root / "lessons"), "--articles-dir", str(root / "articles")]


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the only line of `path` that holds `needle`."""
    lines = [n for n, text in enumerate(path.read_text().splitlines(), start=1) if needle in text]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


def plant_misdated_event(workspace: Path) -> Path:
    """The review's misdated event: occupation 'begins' in 1994, from 'occupied since 1994'."""
    path = workspace / "lessons" / "second-war.yaml"
    event = {"date": "1994", "text": {"middle": "Armenian forces begin to occupy the surrounding lands"}}
    edit_lesson(path, lambda data: data["events"].append(event))
    return path


def plant_invented_name(workspace: Path) -> Path:
    path = workspace / "lessons" / "origins.yaml"
    edit_lesson(
        path,
        lambda data: data["teacher"]["discussion"].append("Why did Joseph Stalin care about the region?"),
    )
    return path


def plant_invented_number(workspace: Path) -> tuple[Path, int]:
    path = workspace / "lessons" / "origins" / "elementary.md"
    lines = path.read_text().splitlines()
    last = max(i for i, text in enumerate(lines) if text.strip() and not text.startswith("#"))
    lines[last] += " About 3,500 soldiers came."
    path.write_text("\n".join(lines) + "\n")
    return path, last + 1


def test_planted_misdated_event_invented_number_and_name_are_found_with_file_and_line(workspace, run_cli):
    event_file = plant_misdated_event(workspace)
    name_file = plant_invented_name(workspace)
    number_file, number_line = plant_invented_number(workspace)
    result = run_cli("audit", "origins", "second-war", *audit_args(workspace))
    assert result.code == 1
    event_line = line_of(event_file, "Armenian forces begin to occupy") - 2  # its "- date:" line
    assert (
        f"{event_file}:{event_line}: second-war/middle,source: '1994' in event "
        "'Armenian forces begin to occupy ...' is not dated so by the article (article sentence: "
        "“...ceasefire, Armenia returned the surrounding territories it had occupied since 1994 to "
        "Azerbaijan, and Azerbaijan was guaranteed transport "
        "communication to...”): '1994' there bounds a stretch of time that starts then ('since'); give the "
        "date the article gives this happening, or say why in date_differs:\n"
    ) in result.out
    name_line = line_of(name_file, "Joseph Stalin")
    described = "introduction ¶1, background"
    for name in ("Joseph", "Stalin"):
        assert (
            f"{name_file}:{name_line}: origins/all: '{name}' (a name) in teacher.discussion[4] is not in the "
            f"article sections origins cites ({described}); use the article's words, or add it to allow: "
            "with a reason\n"
        ) in result.out
    assert re.search(
        rf"^{re.escape(str(number_file))}:{number_line}: origins/elementary: '3,500' \(a number\) in passage "
        rf"¶\d+ is not in the article sections origins cites \({described}\)",
        result.out,
        re.M,
    )
    assert re.search(r"audit: \d+ findings in 2 lessons", result.err)


def test_allow_list_and_event_reasons_answer_findings(workspace, run_cli):
    event_file = plant_misdated_event(workspace)
    plant_invented_name(workspace)
    plant_invented_number(workspace)

    def explain(data):
        data["allow"] = [
            {"term": "Joseph Stalin", "reason": "asked about in a discussion prompt on purpose"},
            {"term": "3,500", "reason": "a planted figure for this test"},
        ]

    edit_lesson(workspace / "lessons" / "origins.yaml", explain)
    planted = "Armenian forces begin to occupy the surrounding lands"

    def dated_by(quote):
        def change(data):
            event = next(e for e in data["events"] if e["text"] == {"middle": planted})
            event["dated_by"] = quote

        return change

    edit_lesson(event_file, dated_by("it had occupied since 1994"))
    out = run_cli("audit", "origins", "second-war", *audit_args(workspace)).out
    assert "Stalin" not in out and "3,500" not in out
    assert "'1994' in event 'Armenian forces begin to occupy ...' is not dated so by the article" in out
    assert "('since')" in out  # naming the sentence does not make a 'since' date the happening's

    edit_lesson(event_file, dated_by("Armenia occupied the lands in 1994"))
    out = run_cli("audit", "second-war", *audit_args(workspace)).out
    assert (
        "dated_by 'Armenia occupied the lands in 1994' of event 'Armenian forces begin to occupy ...' is in "
        "no sentence of the article sections second-war cites"
    ) in out

    def differs(data):
        event = next(e for e in data["events"] if e["text"] == {"middle": planted})
        del event["dated_by"]
        event["date_differs"] = "the article dates the hand-back, not the start of the occupation"

    edit_lesson(event_file, differs)
    out = run_cli("audit", "second-war", *audit_args(workspace)).out
    assert "Armenian forces begin to occupy" not in out


def test_an_allow_entry_needs_a_reason(workspace, run_cli):
    path = workspace / "lessons" / "origins.yaml"
    edit_lesson(path, lambda data: data.update(allow=[{"term": "Britain"}]))
    result = run_cli("audit", "origins", *audit_args(workspace))
    assert result.code == 1
    line = line_of(path, "- term: Britain")
    assert (
        f"{path}:{line}: allow[1].reason: expected a value, found nothing; add 'reason:' (it is required)"
    ) in result.err


def test_a_lesson_that_prints_only_the_articles_facts_passes(tmp_path, run_cli):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "levels.yaml").write_text((ROOT / "lessons" / "levels.yaml").read_text())
    (tmp_path / "lessons" / "war.yaml").write_text(
        "title: The First Nagorno-Karabakh War (1988–1994)\n"
        "article: nagorno-karabakh-conflict\ngrades: 9-12\n"
        "sections: [first-nagorno-karabakh-war-1988-1994]\n"
        "objectives: [Explain how the vote of 20 February 1988 led to a war.]\n"
        "documents: [handout]\n"
        "events:\n"
        "  - date: 20 February 1988\n"
        "    text: The parliament of the Nagorno-Karabakh Autonomous Oblast votes to unify with Armenia\n"
        "  - date: spring 1993\n"
        "    text: Armenian forces capture territory outside the enclave\n"
    )
    result = run_cli("audit", "--lessons-dir", tmp_path / "lessons", "--articles-dir", ROOT / "articles")
    assert result.code == 0, result.out
    assert result.out == "audit: 1 lesson, every name, number and date is the article's\n"


def test_unknown_lesson_is_refused(run_cli):
    result = run_cli("audit", "no-such-lesson")
    assert result.code == 1
    assert "error: no lesson 'no-such-lesson' in lessons; expected one of " in result.err


@pytest.fixture(scope="module")
def cited():
    """The text of the first-war section, as a lesson that cites only it sees it."""
    levels = Levels(ROOT / "lessons" / "levels.yaml")
    folder = Path(__file__).parent / "fixtures" / "audit"
    lessons = {}
    for lesson_id, section in (
        ("war", "first-nagorno-karabakh-war-1988-1994"),
        ("crisis", "border-crisis-2021-present"),
    ):
        path = folder / f"{lesson_id}.yaml"
        lessons[lesson_id] = load_lesson(path, levels, ROOT / "articles")
        assert lessons[lesson_id].parts[0].section.id == section
    return lessons


def findings(lesson, text, where="passage ¶1"):
    reading = Reading(Path("lesson.md"), 1, "middle", where, text)
    return [str(f) for f in check_reading(reading, lesson, cited_text(lesson), Allowed([]))]


@pytest.mark.parametrize(
    ("lesson_id", "text"),
    [
        ("war", "Russia brokered the ceasefire of May 1994."),  # the article: "Russian-brokered"
        ("war", "Afterward, full-scale fighting broke out in the late winter of 1992."),
        ("war", "Use paragraphs 4 and 5 to explain why the war began."),
        ("war", "4: Explains the war with three details from paragraph 2."),
        ("war", "The war lasted from 1988 to 1994."),
        ("war", "As many as 230,000 Armenians and 800,000 Azerbaijanis lost their homes."),
        ("war", "They held about 9% of Azerbaijan's land, and the OSCE tried to help."),
        ("crisis", "From 12 May 2021, soldiers held 41 square kilometres (16 square miles)."),
        ("crisis", "At least 49 Armenian soldiers and 50 Azeri soldiers died on 13 September."),
        ("crisis", "The European Parliament, the US and France asked Azerbaijan to leave."),
    ],
)
def test_the_articles_facts_in_other_words_raise_nothing(cited, lesson_id, text):
    assert findings(cited[lesson_id], text) == []


@pytest.mark.parametrize(
    ("lesson_id", "text", "token"),
    [
        ("war", "Russia brokered the ceasefire of June 1994.", "June 1994"),
        ("war", "As many as 250,000 Armenians lost their homes.", "250,000"),
        ("war", "They held about 19% of Azerbaijan's land.", "19%"),
        ("war", "Joseph Stalin drew the border.", "Stalin"),
        ("war", "Stalin drew the border.", "Stalin"),  # a name that opens the sentence
        ("crisis", "Soldiers held 41 square miles.", "41 square miles"),  # the number with its unit
        ("crisis", "The crisis began in 2019.", "2019"),
    ],
)
def test_an_invented_fact_is_found(cited, lesson_id, text, token):
    assert any(f"'{token}'" in finding for finding in findings(cited[lesson_id], text))


def test_bundled_lessons_pass_the_audit():
    report = audit(ROOT / "lessons", ROOT / "articles")
    assert not report.errors
    assert [str(f) for f in report.findings] == []
