"""Dates, events and the timeline worksheet."""

import itertools

import pytest

from generator.config import ComposeOptions, Folders, Selection
from generator.documents.drawing import Point, layout
from generator.documents.timeline import compose_timeline
from generator.passages.events import extract_events
from generator.passages.gather import gather
from generator.render.renderer import Renderer
from generator.text.dates import find_dates

from .conftest import ROOT, edit_lesson, folder_args
from .test_build import pdf_text


def passage_of(root, lesson_id, level="source"):
    gathered = gather(
        Folders(root / "lessons", root / "articles", root / "output"), Selection((lesson_id,), level_id=level)
    )
    assert not gathered.errors, gathered.errors
    return gathered.passages[0]


@pytest.mark.parametrize(
    ("text", "label", "precision"),
    [
        ("voted on 20 February 1988.", "20 February 1988", "day"),
        ("On March 14, 2008, the assembly", "14 March 2008", "day"),
        ("in the spring of 1993, forces", "spring 1993", "season"),
        ("erupted in the late winter of 1992.", "late winter 1992", "season"),
        ("in the late 1980s to", "late 1980s", "decade"),
        ("in 1988–89, tensions", "1988–1989", "range"),
        ("(May 1994 – August 2009)", "May 1994 – August 2009", "range"),
        ("Border crisis (2021–present)", "2021 – present (April 2024)", "range"),
        ("in early 1920, stipulating", "early 1920", "season"),
        ("By 1921, Nagorno-Karabakh", "1921", "year"),
    ],
)
def test_dates_are_normalized_with_their_precision(text, label, precision):
    (mention,) = find_dates(text, present=(2024, 4))
    assert (mention.when.label, mention.when.precision) == (label, precision)


def test_day_and_month_take_the_year_from_context():
    (mention,) = find_dates("Large-scale fighting began on the morning of 27 September, with", 2020)
    assert mention.when.label == "27 September 2020"
    assert find_dates("on 27 September, with") == []  # no context: not a date
    assert find_dates("160,841 Azeris and $8.5 million") == []


def test_events_of_the_bundled_article():
    lesson, passage = passage_of(ROOT, "second-war")
    labels = {e.when.label for e in extract_events(passage, lesson)}
    assert {"27 September 2020", "10 November 2020", "9 November 2020", "10 December 2020"} - labels == {
        "10 December 2020"
    }  # the parade is only in an image caption, never reading text
    lesson, passage = passage_of(ROOT, "after-2020")
    events = extract_events(passage, lesson)
    labels = [e.when.label for e in events]
    assert "12 May 2021" in labels and "12 December 2022" in labels and "13–16 December 2022" in labels
    present = next(e for e in events if e.when.label.startswith("2022"))
    assert present.when.label == "2022 – present (December 2023)" and present.when.open_ended
    assert present.when.end == (2023, 12, 0)  # "present" is the end of what the text covers, not today


def test_sentences_dating_a_source_are_not_events(workspace):
    (workspace / "lessons" / "foreign.yaml").write_text(
        "title: Foreign involvement\narticle: nagorno-karabakh-conflict\ngrades: 9-12\n"
        "sections: [russia, turkey]\nobjectives: [Describe outside support.]\ndocuments: [handout]\n"
    )
    lesson, passage = passage_of(workspace, "foreign")
    events = extract_events(passage, lesson)
    texts = " ".join(e.text for e in events)
    assert "Cornell wrote in 1998" not in texts and "De Waal concluded in 2012" not in texts
    assert "Cornell argued in 2018" not in texts
    assert "Turkey closed its border with Armenia in April 1993" in texts


def test_layout_labels_never_overlap_and_stay_inside():
    years = [1918.6, 1919.6, 1920.1, 1921.0, 1964.0, 1979.0, 1988.1, 1988.2, 1989.0, 1992.1, 1993.3, 1994.4]
    points = [Point(i, y, None, f"{i + 1}  {int(y)} label") for i, y in enumerate(years)]
    points.append(Point(99, 1988.0, 1994.4, "13  1988–1994"))
    for width, height in ((176.0, 150.0), (120.0, 150.0), (60.0, 200.0)):
        drawing = layout(points, width, height)
        boxes = [p.box for p in drawing.placed]
        for a, b in itertools.combinations(boxes, 2):
            assert not a.overlaps(b)
        assert all(box.inside(drawing.width, drawing.height) for box in boxes)


def test_layout_is_to_scale_outside_breaks():
    years = [1918.0, 1921.0, 1964.0, 1988.0, 1992.0, 1994.0]
    drawing = layout([Point(i, y, None, str(int(y))) for i, y in enumerate(years)], 176.0, 150.0)
    breaks = drawing.breaks()
    assert len(breaks) == 2  # 1921 -> 1964 and 1964 -> 1988 are long empty stretches
    scales = {round((s.b - s.a) / (s.end - s.start), 6) for s in drawing.segments}
    assert len(scales) == 1  # one scale in every part
    at = {p.key: p.at for p in drawing.placed}
    assert at[4] - at[3] == pytest.approx((1992 - 1988) / (1994 - 1992) * (at[5] - at[4]))


def test_worksheet_and_key(workspace, run_cli):
    result = run_cli("build", "after-2020", "--level", "middle", *folder_args(workspace))
    assert result.code == 0, result.err
    folder = workspace / "output" / "after-2020" / "middle"
    sheet = " ".join(pdf_text(folder / "timeline.pdf").split())
    key = " ".join(pdf_text(folder / "timeline-key.pdf").split())
    assert "Put these events in order" in sheet and "Dates:" in sheet
    lesson, passage = passage_of(workspace, "after-2020", "middle")
    student, answers = compose_timeline(lesson, passage, ComposeOptions())
    blanked = [e for e in answers.entries if e.blank]
    assert len(blanked) == lesson.levels["middle"].exercises.timeline_blanks
    assert sorted(student.date_bank) == sorted(e.date for e in blanked)
    for entry in blanked:
        assert entry.date in key
    assert sorted(i.position for i in answers.order) == list(range(1, len(answers.order) + 1))
    assert compose_timeline(lesson, passage, ComposeOptions()) == [student, answers]  # seeded: reproducible
    html = Renderer().html(student)
    assert "<title>Timeline of" in html and "<desc>Timeline, drawn to scale: " in html


def test_open_ranges_end_at_the_sources_date(workspace, run_cli):
    assert run_cli("build", "after-2020", "--level", "source", *folder_args(workspace)).code == 0
    sheet = " ".join(pdf_text(workspace / "output" / "after-2020" / "source" / "timeline.pdf").split())
    assert "“Present” means 2023, the latest the article's text describes" in sheet
    assert "2021 – present (December 2023)" in sheet


def test_chosen_event_must_be_dated_in_the_passage(workspace, run_cli):
    path = workspace / "lessons" / "first-war.yaml"
    events = [
        {"date": "spring 1993", "text": "Forces capture land."},
        {"date": "4 July 1990", "text": {"high": "Something not in the text."}},
    ]
    edit_lesson(path, lambda data: data.update(events=events))
    result = run_cli("build", "first-war", "--level", "high", *folder_args(workspace))
    assert result.code == 1
    assert (
        f"  {path}: events[1]: expected its date (4 July 1990) in the high passage, found it not "
        "there; give the date in the passage or leave the event out at high\n"
    ) in result.err


def test_unit_overview_is_built_with_every_lesson(workspace, run_cli):
    unit = workspace / "lessons" / "unit.yaml"
    unit.write_text(unit.read_text().replace(", foreign-involvement", ""))
    for extra in workspace.glob("lessons/foreign-involvement*"):
        if extra.is_file():
            extra.unlink()
    result = run_cli("build", "--level", "high", *folder_args(workspace))
    assert result.code == 0, result.err
    overview = workspace / "output" / "unit-overview.pdf"
    text = " ".join(pdf_text(overview).split())
    assert "Lessons in order" in text and "Standards covered (Common Core)" in text
    for title in (
        "Roots of the conflict",
        "The First Nagorno-Karabakh War",
        "The ceasefire years",
        "The Second Nagorno-Karabakh War",
        "Border crisis, blockade",
    ):
        assert title in text
    assert "whose text describes events up to 2023 (copied in April 2024)" in text
    assert "The situation has changed since the article was written" in text
    assert "The unit's timeline" in text
    again = run_cli("build", "--level", "high", *folder_args(workspace))
    assert "unit-overview" not in again.out  # unchanged: skipped
    one = run_cli("build", "origins", "--level", "high", *folder_args(workspace))
    assert "unit-overview" not in one.out  # a selection of lessons does not rebuild the unit
