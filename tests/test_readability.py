"""Readability measures against hand-counted examples."""

import pytest

from generator.text.readability import fk_grade, measure, split_sentences, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("cat", 1),
        ("table", 2),
        ("beautiful", 3),
        ("Azerbaijan", 4),
        ("Armenians", 4),
        ("Nagorno-Karabakh", 6),
        ("region's", 2),
        ("1994", 1),
        ("Artsakh", 2),
        ("Stepanakert", 4),
    ],
)
def test_syllables(word, count):
    assert syllables(word) == count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Richard C. Longworth agreed. The U.S. gave aid.",
            ["Richard C. Longworth agreed.", "The U.S. gave aid."],
        ),
        (
            "It began in c. 1764 and grew 2.5 times. Then it stopped.",
            ["It began in c. 1764 and grew 2.5 times.", "Then it stopped."],
        ),
        (
            'He said "No." Then he left! Why? Nobody knows.',
            ['He said "No."', "Then he left!", "Why?", "Nobody knows."],
        ),
        (
            "Dr. Smith met Mr. Jones (approx. 10 a.m.). They talked.",
            ["Dr. Smith met Mr. Jones (approx. 10 a.m.).", "They talked."],
        ),
    ],
)
def test_sentences(text, expected):
    assert split_sentences(text) == expected


def test_known_flesch_kincaid_value():
    # Hand count: 13 words, 2 sentences; syllables The1 war1 ended2 in1 May1 1994(1)
    # Both1 sides1 signed1 a1 ceasefire3 in1 Bishkek2 = 17.
    # FK = 0.39 * 13/2 + 11.8 * 17/13 - 15.59 = 2.3758
    r = measure(["The war ended in May 1994. Both sides signed a ceasefire in Bishkek."])
    assert (r.words, r.sentences, r.syllables) == (13, 2, 17)
    assert r.fk_grade == 2.38
    assert fk_grade(13, 2, 17) == pytest.approx(2.3758, abs=1e-4)


def test_reference_paragraph_is_far_above_school_grades():
    paragraph = (
        "The First Nagorno-Karabakh War, also known as the Artsakh Liberation War in Armenia and "
        "Nagorno-Karabakh, was an armed conflict that took place in the late 1980s to May 1994, in the "
        "enclave of Nagorno-Karabakh in southwestern Azerbaijan, between the majority ethnic Armenians "
        "of Nagorno-Karabakh backed by the Republic of Armenia, and the Republic of Azerbaijan. As the "
        "war progressed, Armenia and Azerbaijan, both former Soviet Republics, entangled themselves in a "
        "protracted, undeclared war in the mountainous heights of Karabakh as Azerbaijan attempted to "
        "curb the secessionist movement in Nagorno-Karabakh."
    )
    r = measure([paragraph])
    assert (r.words, r.sentences, r.longest_sentence_words) == (89, 2, 55)
    assert r.fk_grade == 25.5
    assert r.hard_words == ("enclave", "entangled", "protracted", "undeclared", "mountainous", "secessionist")


def test_names_and_possessives_are_not_hard_words():
    r = measure(
        ["The people of Artsakh met in Stepanakert. Artsakh is small. The region's roads were closed."]
    )
    assert r.hard_words == ()
