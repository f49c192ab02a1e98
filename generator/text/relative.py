"""Resolve relative dates from the date their context gives.

In: a sentence, the explicit dates found in it (dates.py) and the date the text
gave last before it (the anchor). Out: `DateMention`s marked `relative` for
phrases such as "three days later", "the next day", "the same year", "later
that year", "the following spring", "a year earlier" and "two years after
1992", each with the date it stands for.

A phrase is resolved only when the anchor is precise enough: "three days
later" needs a day, "the following month" a month. A duration ("for three
years") is not a date and is never resolved.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from generator.text.dates import MONTHS, SEASONS, DateMention, When, find_dates

_COUNT = {
    "a": 1,
    "an": 1,
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
}
_N = r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_UNIT = r"(day|week|month|year)s?"
_ONE_UNIT = r"(day|week|month|year)(?!s)"  # "the following years" is a stretch, not a date
_SEASON = r"(spring|summer|autumn|fall|winter)"
_YEAR_RE = r"(?:1[89]\d\d|20[0-4]\d)"

# Each pattern: (kind, regex). Kinds: shift (N units later/earlier), next/previous
# (the following day), same (the same year), season (the following spring), after_date.
_RELATIVE: list[tuple[str, re.Pattern[str]]] = [
    # "two years after 1992": resolved from the date it names, not the anchor.
    ("after_date", re.compile(rf"\b{_N} {_UNIT} (after|before) (?=[^,.;]*?\b{_YEAR_RE}\b)", re.I)),
    ("shift", re.compile(rf"\b{_N} {_UNIT} (later|afterwards?|earlier)\b", re.I)),
    ("next", re.compile(rf"\b(?:the )?(next|following|previous|preceding) {_ONE_UNIT}\b(?! of\b)", re.I)),
    ("next", re.compile(rf"\bthe {_ONE_UNIT} (after|before)(?= *[,.;]| that\b| this\b)", re.I)),
    ("same", re.compile(rf"\b(?:the same|that same|that|later that|earlier that) {_ONE_UNIT}\b", re.I)),
    ("season", re.compile(rf"\b(?:the )?(next|following|same|that|later that) {_SEASON}\b", re.I)),
]
_PRECISION_NEEDED = {"day": 3, "week": 3, "month": 2, "year": 1}


def resolve_relative(sentence: str, explicit: list[DateMention], anchor: When | None) -> list[DateMention]:
    """The relative dates of `sentence`, each resolved from the latest date before it."""
    found: list[DateMention] = []
    taken = [(m.start, m.end) for m in explicit]
    for kind, pattern in _RELATIVE:
        for match in pattern.finditer(sentence):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            before = [m for m in explicit if m.end <= match.start() and not m.when.is_range]
            base = before[-1].when if before else anchor
            end = match.end()
            if kind == "after_date":
                named = [m for m in explicit if m.start >= match.end()]
                if not named or named[0].when.is_range:
                    continue
                base, end = named[0].when, named[0].end
            when = _resolve(kind, match, base)
            if when is None:
                continue
            taken.append((match.start(), end))
            found.append(DateMention(sentence[match.start() : end], match.start(), end, when, relative=True))
    return found


def _resolve(kind: str, m: re.Match[str], base: When | None) -> When | None:
    if base is None:
        return None
    g = [x.lower() if x else x for x in m.groups()]
    if kind in ("shift", "after_date"):
        sign = -1 if g[2] in ("earlier", "before") else 1
        count = _COUNT.get(g[0]) or int(g[0])
        return _shifted(base, g[1], sign * count)
    if kind == "next":
        word, unit = (g[0], g[1]) if g[0] in ("next", "following", "previous", "preceding") else (g[1], g[0])
        sign = -1 if word in ("previous", "preceding", "before") else 1
        return _shifted(base, unit, sign)
    if kind == "same":
        return _shifted(base, g[0], 0)
    if kind == "season":
        return _season(base, g[0], g[1])
    return None


def _shifted(base: When, unit: str, amount: int) -> When | None:
    year, month, day = base.start
    have = 3 if day else (2 if month else 1)
    if have < _PRECISION_NEEDED[unit]:
        return None
    if unit in ("day", "week"):
        date = datetime.date(year, month, day) + datetime.timedelta(
            days=amount * (7 if unit == "week" else 1)
        )
        return When(
            (date.year, date.month, date.day), None, "day", f"{date.day} {_name(date.month)} {date.year}"
        )
    if unit == "month":
        index = year * 12 + (month - 1) + amount
        year, month = divmod(index, 12)
        return When((year, month + 1, 0), None, "month", f"{_name(month + 1)} {year}")
    return When((year + amount, 0, 0), None, "year", str(year + amount))


def _season(base: When, word: str, season: str) -> When:
    """ "the following spring": the first spring after the anchor; "that spring": its year's."""
    year, month, _ = base.start
    start = SEASONS[season]
    if word in ("next", "following") and (not month or start <= month):
        year += 1
    return When((year, start, 0), None, "season", f"{season} {year}")


def _name(month: int) -> str:
    return MONTHS[month - 1].title()


def find_dates_in_context(
    sentence: str,
    context_year: int | None = None,
    present: tuple[int, int] | None = None,
    anchor: When | None = None,
) -> list[DateMention]:
    """Explicit and relative dates of `sentence`, in order; a relative phrase that names
    its own date ("two years after 1992") replaces that date."""
    return list(_in_context(sentence, context_year, present, anchor))


@lru_cache(maxsize=16384)  # the same sentences at every level and by every check
def _in_context(
    sentence: str, context_year: int | None, present: tuple[int, int] | None, anchor: When | None
) -> tuple[DateMention, ...]:
    explicit = find_dates(sentence, context_year, present)
    relative = resolve_relative(sentence, explicit, anchor)
    kept = [m for m in explicit if not any(r.start <= m.start and m.end <= r.end for r in relative)]
    return tuple(sorted(kept + relative, key=lambda m: m.start))
