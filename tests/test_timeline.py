"""Dates, events and the timeline worksheet."""

import itertools

import pytest

from generator.config import PAPERS, ComposeOptions, Folders, Selection
from generator.documents.drawing import Point, layout, text_width
from generator.documents.page import PT_PER_MM
from generator.documents.timeline import compose_timeline, era_span, label_font_mm, select_events
from generator.documents.unit import compose_unit, load_unit
from generator.passages.events import extract_events, lesson_events
from generator.passages.gather import gather
from generator.render.renderer import Renderer
from generator.spec.levels import Levels
from generator.text.dates import find_dates

from .conftest import ROOT, edit_lesson, folder_args
from .helpers import flat_text, html_text


@pytest.fixture(scope="module")
def renderer():
    renderer = Renderer()
    yield renderer
    renderer.close()


def visible_html(renderer, document, folder):
    """The text a reader sees in the document's HTML (the PDF is made from the same HTML)."""
    path = folder / f"{document.kind}.html"
    path.write_text(renderer.html(document), encoding="utf-8")
    return html_text(path)


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


def segments_of(placed):
    """Every straight piece of a label's leader."""
    return list(zip(placed.leader, placed.leader[1:], strict=False))


def crosses(segment, box, clear=0.3):
    """Whether a straight segment passes through a box shrunk by `clear` (sampled)."""
    (x0, y0), (x1, y1) = segment
    for i in range(101):
        x, y = x0 + (x1 - x0) * i / 100, y0 + (y1 - y0) * i / 100
        if box.x + clear < x < box.x + box.w - clear and box.y + clear < y < box.y + box.h - clear:
            return True
    return False


CROWDED = [1918.6, 1919.6, 1920.1, 1921.0, 1964.0, 1979.0, 1988.1, 1988.2, 1989.0, 1992.1, 1993.3, 1994.4]
SAME_DAY = [1994.0, 2020.0, 2020.74, 2020.855, 2020.858]  # 9 and 10 November 2020: one line


@pytest.mark.parametrize(
    ("years", "width", "height", "orientation"),
    [
        (CROWDED, 174.0, 130.0, "vertical"),
        (CROWDED[8:], 174.0, 130.0, "horizontal"),
        (SAME_DAY, 174.0, 130.0, "horizontal"),
        (SAME_DAY, 120.0, 130.0, "vertical"),
        (CROWDED, 60.0, 200.0, "vertical"),
    ],
)
def test_labels_and_leaders_never_collide(years, width, height, orientation):
    points = [Point(i, y, None, "ABCDEFGHIJKLM"[i], f"{int(y)} late winter") for i, y in enumerate(years)]
    points.append(Point(99, 1988.0, 1994.4, "Z", "1988–1994"))
    drawing = layout(points, width, height, font=3.7)
    assert drawing.orientation == orientation
    for a, b in itertools.combinations(drawing.placed, 2):
        assert not a.box.overlaps(b.box), (a.label.date, b.label.date)
        for one, other in ((a, b), (b, a)):
            for segment in segments_of(one):  # a leader never runs through another label or bar
                assert not crosses(segment, other.box), (one.label.date, other.label.date)
                assert other.bar is None or not crosses(segment, other.bar)
    for p in drawing.placed:
        assert p.box.inside(drawing.width, drawing.height)
        assert p.bar is None or p.bar.inside(drawing.width, drawing.height)
        # the number sits in its circle, the date starts clear of it
        assert p.label.text_x >= p.label.circle[0] + p.label.radius + 0.4 * p.label.font
    era = next(p for p in drawing.placed if p.key == 99)
    assert era.bar is not None and era.marker is None  # an era is a bar, not a point


def test_layout_is_to_scale_outside_breaks():
    years = [1918.0, 1921.0, 1964.0, 1988.0, 1992.0, 1994.0]
    drawing = layout([Point(i, y, None, str(i), str(int(y))) for i, y in enumerate(years)], 174.0, 130.0, 3.2)
    breaks = drawing.breaks()
    assert len(breaks) == 2  # 1921 -> 1964 and 1964 -> 1988 are long empty stretches
    scales = {round((s.b - s.a) / (s.end - s.start), 6) for s in drawing.segments}
    assert len(scales) == 1  # one scale in every part
    at = {p.key: p.at for p in drawing.placed}
    assert at[4] - at[3] == pytest.approx((1992 - 1988) / (1994 - 1992) * (at[5] - at[4]))
    ticks = [at for at, _ in drawing.ticks]
    labels = text_width("2000", drawing.font)
    assert all(b - a >= labels for a, b in itertools.pairwise(ticks))  # year labels never touch


def test_drawing_type_size_and_width_follow_level_and_paper():
    levels = Levels(ROOT / "lessons" / "levels.yaml")
    for level in levels.ordered():
        size = label_font_mm(level.typography) * PT_PER_MM
        assert size >= level.typography.min_size_pt
    assert label_font_mm(levels.get("elementary").typography) * PT_PER_MM >= 10
    lesson, passage = passage_of(ROOT, "first-war", "elementary")
    for paper, width in (("letter", 215.9 - 36), ("a4", 210 - 36)):
        (sheet, _key) = compose_timeline(lesson, passage, ComposeOptions(page=PAPERS[paper]))
        assert sheet.drawing.width == pytest.approx(width)  # the paper's content box, no wider


def test_era_bars_end_where_the_passage_says(workspace):
    lesson, passage = passage_of(workspace, "first-war", "elementary")
    events = select_events(lesson_events(lesson, passage))
    war = next(e for e in events if e.when.label == "1988–1994")
    assert era_span(war, events) == (1988.0, pytest.approx(1994 + 4 / 12))  # May 1994, not 1995
    lonely = [e for e in events if e is war or not e.when.year == 1994]
    assert era_span(war, lonely)[1] == 1994.5  # no dated event in 1994: inside that year


def test_worksheet_and_key(built, renderer):
    folder = built.level("elementary")
    sheet = flat_text(folder / "timeline.pdf")
    key = flat_text(folder / "timeline-key.pdf")
    assert "Put these events in order" in sheet and "Dates:" in sheet
    assert "The events are in no special order." in sheet
    lesson, passage = passage_of(ROOT, "first-war", "elementary")
    student, answers = compose_timeline(lesson, passage, ComposeOptions())
    blanked = [e for e in answers.entries if e.blank]
    assert len(blanked) == lesson.levels["elementary"].exercises.timeline_blanks
    assert sorted(student.date_bank) == sorted(e.date for e in blanked)
    for entry in blanked:
        assert entry.date in key
    assert sorted(i.position for i in answers.order) == list(range(1, len(answers.order) + 1))
    assert compose_timeline(lesson, passage, ComposeOptions()) == [student, answers]  # seeded: reproducible
    html = renderer.html(student)
    # The SVG title is the figure's alternative text in the tagged PDF: the whole description,
    # without the dates the student copy asks for.
    assert f"<title>Timeline of {len(student.entries)} events, drawn to scale: " in html
    # A date the student finds is nowhere in it, but inside a date shown ("1994" in "1988–1994").
    hidden = student.description
    for entry in student.entries:
        hidden = hidden.replace(f"{entry.letter}, {entry.date}:", f"{entry.letter}:")
    for entry in blanked:
        assert f"{entry.letter}, date to find: " in student.description and entry.date not in hidden
    assert all(e.date in answers.description for e in student.entries)
    # the key's drawing is the student's, with every letter and date shown
    assert [p.box for p in student.drawing.placed] == [p.box for p in answers.drawing.placed]
    assert student.drawing.orientation == answers.drawing.orientation
    assert all(p.label.shown for p in answers.drawing.placed)


def test_nothing_on_the_sheet_orders_the_events_it_asks_to_order():
    gathered = gather(Folders(ROOT / "lessons", ROOT / "articles", ROOT / "output"), Selection())
    asked = 0
    for lesson, passage in gathered.passages:
        sheets = compose_timeline(lesson, passage, ComposeOptions())
        if not sheets:
            continue
        student = sheets[0]
        by_letter = {e.letter: e for e in student.entries}
        events = select_events(lesson_events(lesson, passage))
        times = [by_letter[p.label.number] for p in sorted(student.drawing.placed, key=lambda p: p.key)]
        assert [e.letter for e in student.entries] != [e.letter for e in times]  # listed out of time order
        for item in student.order:
            assert by_letter[item.letter].blank  # only events whose dates the student finds
        hidden = {e.letter for e in student.entries if e.blank}
        for p in student.drawing.placed:  # the drawing names none of them
            assert p.label.shown == (p.label.number not in hidden)
        asked += len(student.order)
        assert len(events) == len(student.entries)
    assert asked > 20


def test_open_ranges_end_at_the_sources_date(renderer, tmp_path):
    lesson, passage = passage_of(ROOT, "after-2020", "source")
    student, _key = compose_timeline(lesson, passage, ComposeOptions())
    sheet = visible_html(renderer, student, tmp_path)
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
    line = path.read_text().splitlines().index("- date: 4 July 1990") + 1
    passage = workspace / "lessons" / "first-war" / "high.md"
    assert (
        f"  {path}:{line}: events[2].date: expected its date (4 July 1990) in the high passage "
        f"({passage}), found it not there; give the date in the passage or leave the event out at high\n"
    ) in result.err


def test_unit_overview_maps_the_bundled_unit(renderer, tmp_path):
    """The overview the build makes (build/unit.py): each lesson of lessons/unit.yaml at the
    most advanced graded level, composed into one document."""
    spec = load_unit(ROOT / "lessons" / "unit.yaml")
    level = Levels(ROOT / "lessons" / "levels.yaml").graded()[-1]
    folders = Folders(ROOT / "lessons", ROOT / "articles", tmp_path)
    gathered = gather(folders, Selection(tuple(spec.lessons), level_id=level.id))
    assert not gathered.errors, gathered.errors
    text = visible_html(renderer, compose_unit(spec, gathered.passages, ComposeOptions()), tmp_path)
    assert "Lessons in order" in text and "Standards covered (Common Core)" in text
    for title in (
        "Roots of the conflict",
        "The First Nagorno-Karabakh War",
        "The ceasefire years",
        "The Second Nagorno-Karabakh War",
        "Border crisis, blockade",
        "Foreign involvement",
    ):
        assert title in text
    assert "whose text describes events up to 2023 (copied in April 2024)" in text
    assert "The situation has changed since the article was written" in text
    assert "The unit's timeline" in text


# One short lesson is the whole unit: what is checked here is when the build makes the
# overview, not what it says (above), so it costs a few small pages, not every lesson.
SMALL_LESSON = (
    "title: The blockade\narticle: nagorno-karabakh-conflict\ngrades: 9-12\n"
    "sections: [blockade-of-artsakh-2022-present]\nobjectives: [Read about the blockade.]\n"
    "documents: [handout]\n"
)


def test_unit_overview_is_built_with_every_lesson(workspace, run_cli):
    for lesson in (workspace / "lessons").glob("*.yaml"):
        if lesson.name not in ("levels.yaml", "unit.yaml"):
            lesson.unlink()
    (workspace / "lessons" / "blockade.yaml").write_text(SMALL_LESSON)
    unit = workspace / "lessons" / "unit.yaml"
    unit.write_text(unit.read_text().replace("lessons: [", "lessons: [blockade]\n# was: ["))
    overview = workspace / "output" / "unit-overview.pdf"
    result = run_cli("build", "--level", "high", "-j", "1", *folder_args(workspace))
    assert result.code == 0, result.err
    assert f"built   {overview}" in result.out
    text = flat_text(overview)
    assert "Lessons in order" in text and "1 The blockade" in text
    assert "The Nagorno-Karabakh conflict: a unit for grades 4-12" in text
    again = run_cli("build", "--level", "high", "-j", "1", *folder_args(workspace))
    assert again.code == 0 and "unit-overview" not in again.out  # unchanged: skipped
    unit.write_text(unit.read_text().replace("a unit for grades 4-12", "a short unit"))
    one = run_cli("build", "blockade", "--level", "high", "-j", "1", *folder_args(workspace))
    assert one.code == 0 and "unit-overview" not in one.out  # a selection of lessons does not make it
    assert "a short unit" not in flat_text(overview)
    every = run_cli("build", "--level", "high", "-j", "1", *folder_args(workspace))
    assert f"built   {overview}" in every.out  # every lesson: the changed unit is made again
    assert "The Nagorno-Karabakh conflict: a short unit" in flat_text(overview)
