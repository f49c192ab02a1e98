"""Small text helpers shared by the stages: cleaning residue, slugs, word counts."""

from __future__ import annotations

import re
import unicodedata

_WIKI_REF = re.compile(r"<ref[^>/]*/>|<ref[^>]*>.*?</ref>", re.S)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_WIKI_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
_WIKI_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
_WIKI_EMPHASIS = re.compile(r"'{2,}")
# Citation markers such as [12], [note 3], [citation needed]; an editor's
# bracket inside a quotation ("[a part of the]") is article text and stays.
_CITATION = re.compile(
    r"\[(?:\d+|[a-z]|note \d+|citation needed|clarification needed|who\?|when\?|according to whom\?)\]"
)
_ENTITY = {"&amp;": "&", "&nbsp;": " ", "&quot;": '"', "&#39;": "'", "&lt;": "<", "&gt;": ">"}
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def clean_text(text: str) -> str:
    """Remove markup and citation residue and normalize spaces; never rewrite words."""
    text = _WIKI_REF.sub("", text)
    text = _WIKI_TEMPLATE.sub("", text)
    text = _WIKI_LINK.sub(r"\1", text)
    text = _WIKI_EMPHASIS.sub("", text)
    text = _HTML_TAG.sub("", text)
    for entity, char in _ENTITY.items():
        text = text.replace(entity, char)
    text = _CITATION.sub("", text)
    text = _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def slugify(text: str) -> str:
    """A readable, stable id for a heading.

    'First Nagorno-Karabakh War (1988–1994)' -> 'first-nagorno-karabakh-war-1988-1994'.
    """
    # Punctuation (en dashes included) separates words before accents are dropped.
    spaced = re.sub(r"[\W_]+", " ", text)
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def words(text: str) -> list[str]:
    """Words as a reader counts them: hyphenated and apostrophe forms are one word."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    return len(words(text))


_MONTHS = ("January February March April May June July August September October November December").split()


def month_year(iso: str) -> str:
    """'2024-04' -> 'April 2024'; anything else is returned as it is."""
    year, _, month = iso.partition("-")
    if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return iso
