"""The checkable facts of a string: its numbers (with their units) and its names.

In: a string. Out: `Number`s ("$8.5 million" -> 8,500,000 dollars; "41 square
kilometres" -> 41 km²; "9%"; "five years" -> 5 years) and `Name`s (capitalized
words, split at hyphens and dashes, possessives removed, each marked when it
opens a sentence, where a capital says nothing). Dates are found by dates.py;
a caller passes their spans to leave them out of the numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# The system's English word list (Debian: wamerican). Its lower-case words are English
# words, not names: it has "turkey" and "Turkey", but only "Stalin".
WORD_LIST = Path("/usr/share/dict/american-english")

_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNITS = {
    "square kilometres": "km²",
    "square kilometers": "km²",
    "sq km": "km²",
    "km²": "km²",
    "km2": "km²",
    "square miles": "mi²",
    "square mile": "mi²",
    "sq mi": "mi²",
    "kilometres": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometer": "km",
    "km": "km",
    "miles": "mi",
    "mile": "mi",
    "percent": "%",
    "per cent": "%",
    "%": "%",
    "years": "year",
    "year": "year",
    "months": "month",
    "month": "month",
    "weeks": "week",
    "week": "week",
    "days": "day",
    "day": "day",
    "decades": "decade",  # counted in years: "two decades" is "twenty years"
    "decade": "decade",
    "dollars": "$",
    "dollar": "$",
}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_NUMBER = re.compile(
    r"(?<![\w.,$])(?P<cur>US\$|\$|€|£)?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?P<ord>st|nd|rd|th)?"
    rf"(?![\w])(?:\s?(?P<scale>thousand|million|billion|trillion)\b)?(?:\s?(?P<unit>{_UNIT_RE})(?![\w]))?",
)
_WORD_VALUES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
# A number word counts only with a unit or a scale: "five years", "two decades".
_WORD_NUMBER = re.compile(
    rf"\b(?P<num>{'|'.join(_WORD_VALUES)})[\s-](?:(?P<scale>thousand|million|billion)\b|(?P<unit>{_UNIT_RE})\b)",
    re.I,
)
_TOKEN = re.compile(r"[^\W\d_][\w'’.]*[^\W_]|[^\W\d_]")
_PARTS = re.compile(r"[-\u2013\u2014]")
_OPENERS = re.compile(r"(?:^|[.!?:;]\s*|\n\s*)[\"'“‘(\[*\s]*$")


@dataclass(frozen=True)
class Number:
    text: str
    start: int
    end: int
    value: float
    unit: str  # "", "$", "%", "km²", "year", "th" (an ordinal), ...

    def matches(self, other: Number) -> bool:
        """Same value, and the same unit when this one states a unit."""
        return self.value == other.value and (not self.unit or self.unit == other.unit)


@dataclass(frozen=True)
class Name:
    text: str  # the word as printed, possessive removed
    start: int
    opens_sentence: bool


def find_numbers(text: str, skip: list[tuple[int, int]] | None = None) -> list[Number]:
    """The numbers of `text` outside the `skip` spans (its dates), with their units."""
    skip = skip or []
    found: list[Number] = []
    for match in _NUMBER.finditer(text):
        if any(s <= match.start() < e for s, e in skip):
            continue
        value = float(match["num"].replace(",", ""))
        unit = _UNITS.get((match["unit"] or "").lower(), "")
        if match["scale"]:
            value *= _SCALE[match["scale"]]
        if match["cur"]:
            unit = "$" if "$" in match["cur"] else match["cur"]
        if match["ord"]:
            unit = "th"
        value, unit = _in_years(value, unit)
        found.append(Number(match.group(0).strip(), match.start(), match.end(), value, unit))
    for match in _WORD_NUMBER.finditer(text):
        if any(s <= match.start() < e for s, e in skip):
            continue
        value = float(_WORD_VALUES[match["num"].lower()])
        if match["scale"]:
            value *= _SCALE[match["scale"].lower()]
        value, unit = _in_years(value, _UNITS.get((match["unit"] or "").lower(), ""))
        found.append(Number(match.group(0), match.start(), match.end(), value, unit))
    return sorted(found, key=lambda n: n.start)


def _in_years(value: float, unit: str) -> tuple[float, str]:
    return (value * 10, "year") if unit == "decade" else (value, unit)


def find_names(text: str) -> list[Name]:
    """Capitalized words ("Khrushchev", "USSR", each part of "Nagorno-Karabakh")."""
    names: list[Name] = []
    for match in _TOKEN.finditer(text):
        opens = bool(_OPENERS.search(text[: match.start()]))
        offset = match.start()
        for part in _PARTS.split(match.group(0)):
            word = re.sub(r"(['’]s|['’.])+$", "", part)
            if word[:1].isupper() and len(word) > 1:
                names.append(Name(word, offset, opens and offset == match.start()))
            offset += len(part) + 1
    return names


# Endings that make a country's name its people's or language's: Russia/Russian,
# Britain/British, Turkey/Turkish, Iran/Iranian, Azerbaijan/Azerbaijani.
_DEMONYM = re.compile(r"(ians?|ans?|ish|ese|is?|ns?|a|ia|ain|ey|y)$")


def name_stem(word: str) -> str:
    """ "Russian" and "Russia" -> "russ"; "British" and "Britain" -> "brit"."""
    low = word.lower()
    stem = _DEMONYM.sub("", low)
    return stem if len(stem) >= 4 else low


def initials(words: list[str]) -> str:
    """ "United Nations" -> "UN"; "Organization for Security and Co-operation in Europe" -> "OSCE"."""
    return "".join(w[0] for w in words if w[:1].isupper())


def word_forms(word: str) -> set[str]:
    """A word's lower-case forms that count as the same name: plural, possessive."""
    low = word.lower()
    forms = {low, low + "s", low + "es"}
    if low.endswith("ies"):
        forms.add(low[:-3] + "y")
    if low.endswith("es"):
        forms.add(low[:-2])
    if low.endswith("s"):
        forms.add(low[:-1])
    return forms


@cache
def ordinary_words() -> frozenset[str]:
    """The lower-case words of the system word list (empty when it is not installed)."""
    try:
        text = WORD_LIST.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    return frozenset(w for w in text.split() if w.islower())
