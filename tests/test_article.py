"""The article reader on the bundled page and on pages of other shapes."""

from pathlib import Path

import pytest

from generator.errors import ArticleError
from generator.sources.article import parse_article, read_article

from .conftest import ARTICLE, FIXTURES


@pytest.fixture(scope="module")
def article():
    return read_article(ARTICLE)


def test_title_and_source(article):
    assert article.title == "Nagorno-Karabakh conflict"
    assert article.page_title == "Nagorno-Karabakh conflict"  # its first line, kept apart from the metadata
    assert article.source.license == "CC BY-SA 4.0"
    # The page was copied in April 2024; its text stops in 2023 (issue: an honest date).
    assert (article.source.retrieved, article.source.covers_to) == ("2024-04", "2023")
    assert article.source.covers_to_text == "2023"
    assert article.source.attribution_line == (
        "Adapted from \u201cNagorno-Karabakh conflict\u201d, Kiddle Encyclopedia, derived from Wikipedia, "
        '"Nagorno-Karabakh conflict" (https://kids.kiddle.co/Nagorno-Karabakh_conflict). '
        "License: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."
    )


def test_section_ids_and_counts(article):
    counts = [(s.id, len(s.paragraphs), s.words) for s in article.sections]
    assert counts == [
        ("introduction", 2, 304),
        ("background", 3, 299),
        ("first-nagorno-karabakh-war-1988-1994", 4, 404),
        ("second-nagorno-karabakh-war-2020", 5, 433),
        ("border-crisis-2021-present", 3, 248),
        ("blockade-of-artsakh-2022-present", 2, 215),
        ("foreign-involvement", 0, 0),
        ("russia", 3, 337),
        ("turkey", 2, 138),
        ("iran", 3, 450),
        ("united-states", 3, 331),
        ("2008-un-vote", 2, 198),
        ("ceasefire-and-international-mediation", 1, 116),
        ("major-ceasefire-agreements-and-international-mediation", 3, 248),
        ("bishkek-protocol", 1, 116),
        ("2020-ceasefire", 2, 174),
        ("political-status", 3, 228),
    ]


def test_subsections_inferred_from_heading_after_heading(article):
    parent = article.section("foreign-involvement")
    assert parent.children == ["russia", "turkey", "iran", "united-states"]
    assert article.section("iran").parent == "foreign-involvement"
    assert article.section("2008-un-vote").parent is None


def test_repeated_section_is_flagged(article):
    assert article.section("bishkek-protocol").duplicate_of == "ceasefire-and-international-mediation"
    assert all(s.duplicate_of is None for s in article.sections if s.id != "bishkek-protocol")


def test_captions_are_kept_apart_from_reading_text(article):
    assert len(article.images) == 6
    paragraphs = [p for s in article.sections for p in s.paragraphs]
    for image in article.images:
        assert all(image.caption not in p and image.file not in p for p in paragraphs)
    truck = next(i for i in article.images if "truck" in i.caption)
    assert truck.section_id == "second-nagorno-karabakh-war-2020"
    assert truck.file == "War trophies at 2020 Victory Parade in Baku 25"


def test_site_chrome_is_dropped_and_see_also_kept(article):
    text = " ".join(p for s in article.sections for p in s.paragraphs).lower()
    for chrome in ("kids encyclopedia robot", "kids search engine", "in spanish", "kiddle"):
        assert chrome not in text
    assert article.see_also == ["Armenia–Azerbaijan border", "List of ongoing armed conflicts"]


def test_infobox_facts(article):
    assert article.fact("Date").values == ("20 February 1988 – present", "(36 years, 2 months and 1 week)")
    assert article.fact("Territorial changes").values[0].startswith("Independence of the Armenian")
    assert article.fact("Units involved").values == (
        "Artsakh Defence Army",
        "Armed Forces of Armenia",
        "Azerbaijani Armed Forces",
    )
    assert "7,717 killed (2020)" in article.fact("Casualties and losses").values


def test_page_without_headings_is_cut_by_topic_and_named_from_its_words():
    article = read_article(FIXTURES / "no-headings.txt", require_metadata=False)
    assert article.title == "no headings"  # the file name: metadata is never read from the first line
    assert article.page_title == "Lake Sevan"
    assert [(s.id, len(s.paragraphs)) for s in article.sections] == [
        ("introduction", 1),
        ("rivers-and-level", 3),
        ("shores-and-monastery", 2),
    ]
    for section in article.sections[1:]:
        text = " ".join(section.paragraphs).lower()
        assert all(word in text for word in section.heading.lower().split() if word != "and")
    assert not any(s.heading.startswith("Part ") for s in article.sections)


def test_flattened_infobox_is_split_into_facts():
    article = read_article(FIXTURES / "flat-infobox.txt", require_metadata=False)
    assert article.page_title == "Battle of Example"
    assert [(f.label, f.values) for f in article.infobox][:3] == [
        ("Date", ("3 March 1901 – 5 March 1901",)),
        ("Location", ("Example Valley",)),
        ("Result", ("Victory for the northern side",)),
    ]
    assert article.section_ids == ["introduction", "background", "aftermath"]


def test_stray_markup_is_cleaned_and_wiki_levels_kept():
    article = read_article(FIXTURES / "markup.txt", require_metadata=False)
    assert article.page_title == "Example River"
    intro = article.section("introduction").paragraphs[0]
    assert intro.startswith("The Example River is a river in northern Armenia that flows into the Kura.")
    assert "[1]" not in intro and "Atlas" not in intro and "citation" not in intro
    assert "<b>" not in article.section("course").paragraphs[0]
    assert article.section("bridges").parent == "course"
    assert article.section("history").parent is None


@pytest.mark.parametrize("text", ["", "\n\n", "one line", "x\n\ny\n\nz", "Date 1 May\nLocation"])
def test_odd_pages_never_raise(text):
    article = parse_article(text)
    assert article.sections is not None


def test_unreadable_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Title\n\n\xff\xfe broken")
    with pytest.raises(ArticleError, match=r"expected UTF-8 text, found a byte 0xff at offset 7"):
        read_article(path, require_metadata=False)


def test_sections_command_lists_ids_and_counts(run_cli):
    result = run_cli("sections", ARTICLE)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Nagorno-Karabakh conflict"
    assert any(line.split()[:3] == ["first-nagorno-karabakh-war-1988-1994", "4", "404"] for line in lines)
    assert any(
        "bishkek-protocol" in line and "(repeats ceasefire-and-international-mediation)" in line
        for line in lines
    )


def test_sections_command_on_missing_file(run_cli, tmp_path):
    result = run_cli("sections", tmp_path / "nope.txt")
    assert result.code == 1
    assert result.err == f"error: {tmp_path / 'nope.txt'}: no such article file\n"
