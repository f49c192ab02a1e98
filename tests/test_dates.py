"""Dates in real articles: ranges, relative dates, what a date dates, and the events they give.

The sentences are our own, written the way encyclopedia pages put things.
"""

from types import SimpleNamespace

import pytest

from generator.passages.events import extract_events
from generator.passages.passage import Paragraph, Passage, PassageSection
from generator.spec.levels import Levels
from generator.text.dates import find_dates, hide_dates
from generator.text.readability import Readability
from generator.text.relative import find_dates_in_context
from generator.text.roles import clause_role, dates_statement, named_by, role

from .conftest import ROOT


def only(sentence, **context):
    (mention,) = find_dates_in_context(sentence, **context)
    return mention


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("The war lasted from 1914 to 1918 and ended in defeat.", "1914–1918"),
        ("Between 1915 and 1917, many villages were emptied.", "1915–1917"),
        ("The railway ran from 1994 until 2020.", "1994–2020"),
        ("Troops stayed from May 1994 to August 2009.", "May 1994 – August 2009"),
        ("Talks went on between 3 March 1921 and 13 October 1921.", "3 March 1921 – 13 October 1921"),
        ("Gas was cut from 13 to 16 December 2022.", "13–16 December 2022"),
    ],
)
def test_a_from_to_or_between_phrase_is_one_range(sentence, label):
    mention = only(sentence)
    assert (mention.when.label, mention.when.precision) == (label, "range")
    assert "___" in hide_dates(sentence) and hide_dates(sentence).count("___") == 1


def test_numbers_are_not_read_as_a_range():
    assert find_dates("Prices rose from 1,000 to 2,000 dollars.") == []
    assert [m.text for m in find_dates("All fighting stopped from 10 November 2020.")] == ["10 November 2020"]


@pytest.mark.parametrize(
    ("sentence", "anchor", "label"),
    [
        ("Three days later, the army crossed the river.", "on 12 May 2021", "15 May 2021"),
        ("The next day the council met again.", "on 31 December 1919", "1 January 1920"),
        ("Later that year, a treaty was signed.", "in March 1921", "1921"),
        ("The same year, the capital moved.", "in 1920", "1920"),
        ("The following spring, the rebels attacked.", "in August 1919", "spring 1920"),
        ("The following spring, the rebels attacked.", "in the late winter of 1992", "spring 1992"),
        ("Two weeks later, the siege ended.", "on 20 February 1988", "5 March 1988"),
        ("A year earlier, the first vote had been held.", "in 1988", "1987"),
        ("The following month, the border closed.", "in December 1993", "January 1994"),
    ],
)
def test_relative_dates_are_resolved_from_the_date_before_them(sentence, anchor, label):
    (base,) = find_dates(anchor)
    mention = only(sentence, anchor=base.when)
    assert mention.relative and mention.when.label == label


def test_relative_dates_need_a_precise_enough_anchor_and_durations_are_not_dates():
    (month,) = find_dates("in May 1994")
    assert find_dates_in_context("Three days later, the army left.", anchor=month.when) == []
    assert find_dates_in_context("The siege lasted for three years.", anchor=month.when) == []
    assert find_dates_in_context("In the following years, trade grew.", anchor=month.when) == []
    assert find_dates_in_context("Three days later, the army left.") == []  # no anchor at all


def test_a_relative_phrase_that_names_its_own_date():
    mention = only("Two years after 1992, the war ended.")
    assert mention.text == "Two years after 1992" and mention.when.label == "1994"


@pytest.mark.parametrize(
    "sentence",
    [
        "Svante Cornell wrote in 1998 that Turkey was the only country to back Azerbaijan.",
        "In 2013, Mohsen Rezaee, who led the Guard (IRGC) in the war, claimed that he armed it.",
        "In 2023, the president said that there would be no special status.",
        "The historian argued in 2004 that the border had been drawn badly.",
        "Her account was published in 1905 in London.",
        "In a diary entry of 3 May 1915, the consul described the march.",
        "A 1926 census report listed 120 villages.",
        "According to the 1979 Soviet census, 160,841 Azeris lived in Armenia.",
        "In 2013, the minister made a claim about the war.",
    ],
)
def test_dates_of_statements(sentence):
    (mention,) = find_dates(sentence)
    assert dates_statement(sentence, mention)


@pytest.mark.parametrize(
    "sentence",
    [
        "In 1964, the Armenians of Karabakh sent a letter to Nikita Khrushchev.",
        "In 1964, the Armenians of Karabakh wrote a letter to Nikita Khrushchev.",
        "Turkey closed its border with Armenia in April 1993.",
        "The 1994 Bishkek Protocol called for both sides to stop fighting.",
        "On 12 May 2021, soldiers crossed the border, the ministry said.",
    ],
)
def test_dates_of_happenings(sentence):
    mention = find_dates(sentence)[0]
    assert not dates_statement(sentence, mention)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Armenia returned the lands it had occupied since 1994.", "since"),
        ("By 1921, the region was in Soviet hands.", "by"),
        ("Until 2020, Azerbaijan had never held the region.", "until"),
        ("Following the 2020 war, Russia sent patrols.", "after"),
        ("The treaty was signed in 1921 in Kars.", ""),
        ("By the end of the war in 1994, the Armenians held the enclave.", ""),
        ("The status has been unresolved since its declaration of independence in 1991.", ""),
        ("As of 2020, two thousand soldiers were there.", "by"),
    ],
)
def test_the_role_of_a_date(sentence, expected):
    (mention,) = find_dates(sentence)
    assert role(sentence, mention) == expected


def test_the_role_of_a_date_in_its_clause():
    sentence = "By the end of the war in 1994, the Armenians held the enclave."
    assert clause_role(sentence, find_dates(sentence)[0]) == "by"
    sentence = "The statement was issued by the chair on 17 November 2021."
    assert clause_role(sentence, find_dates(sentence)[0]) == ""  # "by" the chair is an agent


def test_a_date_that_names_a_thing():
    sentence = "Since the 2020 ceasefire agreement, fighting has gone on."
    assert named_by(sentence, find_dates(sentence)[0]) == "ceasefire agreement"
    sentence = "The road closed during the Second Nagorno-Karabakh War (2020)."
    assert named_by(sentence, find_dates(sentence)[0]) == "Second Nagorno-Karabakh War"
    sentence = "The road closed in 2020."
    assert named_by(sentence, find_dates(sentence)[0]) == ""


def _passage(*paragraphs, heading="A war (1914–1918)"):
    level = Levels(ROOT / "lessons" / "levels.yaml").get("middle")
    section = PassageSection(
        "war", heading, tuple(Paragraph(n, text) for n, text in enumerate(paragraphs, start=1))
    )
    readability = Readability(0.0, 0, 0, 0, 0.0, 0, (), (), 0.0)
    return Passage("test", level, (section,), readability, None, False)


LESSON = SimpleNamespace(article=SimpleNamespace(source=None))


def test_events_of_real_shaped_text():
    passage = _passage(
        "The war lasted from 1914 to 1918. On 3 May 1915, the army crossed the river. "
        "Three days later, the city fell. The following spring, a truce was signed.",
        "The historian wrote in 1998 that the truce had failed. Armenia held the lands "
        "it had occupied since 1916. In 1920, the treaty was signed.",
    )
    events = [(e.when.label, e.text) for e in extract_events(passage, LESSON)]
    labels = [label for label, _ in events]
    assert labels.count("1914–1918") == 2  # the heading's era and the sentence: never 1914 and 1918 apart
    assert "1914" not in labels and "1918" not in labels
    assert ("6 May 1915", "Three days later, the city fell.") in events
    assert ("spring 1916", "The following spring, a truce was signed.") in events
    assert "1998" not in labels  # the date of a statement
    assert "1916" not in labels  # "since 1916" bounds a stretch of time
    assert ("1920", "In 1920, the treaty was signed.") in events
