"""Find and normalize the dates of a text.

In: a sentence (and the year its context gives, for "on 27 September").
Out: `DateMention`s: the words as written and a normalized `When` (a start, an
optional end, a precision and a label), so that events can be ordered, drawn
to scale and compared with the dates a passage gives.

Handled: full dates ("20 February 1988", "November 10, 2020"), day and month
with the year from context, month and year, seasons ("the spring of 1993",
"the late winter of 1992", "early 1920"), decades ("the late 1980s"), ranges
("1988–1994", "1988–89", "May 1994 – August 2009", "between 13 and 16
December", "from 1914 to 1918", "between 1915 and 1917": one range each, never
two dates) and open ranges ("2021–present", where present is the date the
source text reflects, not today). Relative dates ("three days later") are
resolved in relative.py; what a date dates ("since 1994") in roles.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

MONTHS = ("january february march april may june july august september october november december").split()
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"(1[89]\d\d|20[0-4]\d)"
_DASH = r"\s*[–—-]\s*"
# Seasons by the month they start in, and parts of a year.
SEASONS = {"winter": 1, "spring": 3, "summer": 6, "autumn": 9, "fall": 9}
PARTS = {"early": 2, "mid": 6, "late": 10}


@dataclass(frozen=True, order=True)
class When:
    start: tuple[int, int, int]  # (year, month, day); 0 where unknown
    end: tuple[int, int, int] | None = None
    precision: str = "year"  # day, month, season, year, decade, range
    label: str = ""
    open_ended: bool = False  # "... – present"

    @property
    def year(self) -> int:
        return self.start[0]

    @property
    def is_range(self) -> bool:
        return self.end is not None

    def position(self) -> float:
        """Decimal year of the start, for drawing to scale."""
        return _decimal(self.start)

    def end_position(self) -> float:
        return _decimal(self.end, end=True) if self.end else self.position()


@dataclass(frozen=True)
class DateMention:
    text: str  # as written in the sentence
    start: int  # character offsets in the sentence
    end: int
    when: When
    relative: bool = False  # "three days later": resolved from an earlier date


def _decimal(ymd: tuple[int, int, int], end: bool = False) -> float:
    year, month, day = ymd
    if not month:
        return year + (1.0 if end else 0.0)
    return year + (month - 1) / 12 + (max(day, 1) - 1) / 365


def month_number(name: str) -> int:
    return MONTHS.index(name.lower()) + 1


def _day(d: int, m: int, y: int) -> When:
    return When((y, m, d), None, "day", f"{d} {MONTHS[m - 1].title()} {y}")


# One date of the forms a "from X to Y" or "between X and Y" range joins.
_ONE = rf"(?:\d{{1,2}} {_MONTH},? {_YEAR}|{_MONTH} \d{{1,2}}, {_YEAR}|{_MONTH} {_YEAR}|{_YEAR})"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("from_to", re.compile(rf"\b[Ff]rom ({_ONE}) (?:to|until|till|through) ({_ONE})\b(?![,.]\d)")),
    ("between", re.compile(rf"\b[Bb]etween ({_ONE}) and ({_ONE})\b(?![,.]\d)")),
    (
        "day_month_range",
        re.compile(
            rf"\b(?:[Ff]rom|[Bb]etween) (\d{{1,2}}) {_MONTH} (?:to|and|until) "
            rf"(\d{{1,2}}) {_MONTH},? {_YEAR}\b"
        ),
    ),
    (
        "month_only_range",
        re.compile(rf"\b(?:[Ff]rom|[Bb]etween) {_MONTH} (?:to|and|until) {_MONTH},? {_YEAR}\b"),
    ),
    ("month_range", re.compile(rf"\b{_MONTH} {_YEAR}{_DASH}{_MONTH} {_YEAR}\b")),
    (
        "day_range",
        re.compile(
            rf"\b(?:[Bb]etween|[Ff]rom) (\d{{1,2}}) (?:and|to|until) (\d{{1,2}}) {_MONTH}(?:,? {_YEAR})?\b"
        ),
    ),
    ("open_range", re.compile(rf"\b{_YEAR}{_DASH}present\b", re.I)),
    ("year_range", re.compile(rf"\b{_YEAR}{_DASH}(\d{{4}}|\d{{2}})\b(?!,\d)")),
    ("day_month_year", re.compile(rf"\b(\d{{1,2}}) {_MONTH},? {_YEAR}\b")),
    ("month_day_year", re.compile(rf"\b{_MONTH} (\d{{1,2}}), {_YEAR}\b")),
    (
        "season",
        re.compile(
            rf"\b(?:the )?(early |late |mid-?)?(winter|spring|summer|autumn|fall) (?:of )?{_YEAR}\b", re.I
        ),
    ),
    ("decade", re.compile(r"\b(?:the )?(early |late |mid-?)?((?:1[89]|20)\d0)s\b", re.I)),
    ("part_year", re.compile(rf"\b(early|late|mid-?)\s?{_YEAR}\b", re.I)),
    ("month_year", re.compile(rf"\b{_MONTH} {_YEAR}\b")),
    ("day_month", re.compile(rf"\b(\d{{1,2}}) {_MONTH}\b(?!,? \d{{4}})")),
    ("month_day", re.compile(rf"\b{_MONTH} (\d{{1,2}})\b(?!,? \d{{4}})(?!\d)")),
    ("year", re.compile(rf"(?<![\d,.$])\b{_YEAR}\b(?!s\b)(?![,.]\d)")),
]


def find_dates(
    sentence: str, context_year: int | None = None, present: tuple[int, int] | None = None
) -> list[DateMention]:
    """Every date of `sentence`, longest forms first, never two on the same words."""
    return list(_find_dates(sentence, context_year, present))


# Events, evidence, the audit and generated items read the same sentences' dates at
# every level: find them once per process (mentions are frozen values).
@lru_cache(maxsize=16384)
def _find_dates(
    sentence: str, context_year: int | None, present: tuple[int, int] | None
) -> tuple[DateMention, ...]:
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            when = _normalize(kind, match, context_year, present)
            if when is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(DateMention(match.group(0), match.start(), match.end(), when))
    return tuple(sorted(found, key=lambda m: m.start))


def _normalize(
    kind: str, m: re.Match[str], context_year: int | None, present: tuple[int, int] | None
) -> When | None:
    """The `When` of a match of the pattern `kind`; None when the words are no date after all."""
    if kind in ("from_to", "between"):
        return _joined(m, context_year)
    return _NORMALIZERS[kind](m.groups(), context_year, present)


# Each takes the match's groups, the year of the context and the present of the source text.
Groups = tuple[str, ...]
Present = tuple[int, int] | None


def _day_month_range(g: Groups, context_year: int | None, present: Present) -> When | None:
    """ "from 13 October to 2 November 1991"."""
    year = int(g[4])
    first_day = _day(int(g[0]), month_number(g[1]), year)
    last_day = _day(int(g[2]), month_number(g[3]), year)
    if last_day.start <= first_day.start:
        return None
    return When(first_day.start, last_day.start, "range", f"{first_day.label} \u2013 {last_day.label}")


def _month_only_range(g: Groups, context_year: int | None, present: Present) -> When | None:
    """ "from May to August 1994"."""
    in_year, first_month, last_month = int(g[2]), month_number(g[0]), month_number(g[1])
    if last_month <= first_month:
        return None
    label = f"{g[0]} \u2013 {g[1]} {in_year}"
    return When((in_year, first_month, 0), (in_year, last_month, 0), "range", label)


def _day_month_year(g: Groups, context_year: int | None, present: Present) -> When | None:
    return _day(int(g[0]), month_number(g[1]), int(g[2]))


def _month_day_year(g: Groups, context_year: int | None, present: Present) -> When | None:
    return _day(int(g[1]), month_number(g[0]), int(g[2]))


def _day_month(g: Groups, context_year: int | None, present: Present) -> When | None:
    """ "27 September": a day only when the context gives the year."""
    return None if context_year is None else _day(int(g[0]), month_number(g[1]), context_year)


def _month_day(g: Groups, context_year: int | None, present: Present) -> When | None:
    """ "September 27": a day only when the context gives the year."""
    return None if context_year is None else _day(int(g[1]), month_number(g[0]), context_year)


def _month_year(g: Groups, context_year: int | None, present: Present) -> When | None:
    month = month_number(g[0])
    return When((int(g[1]), month, 0), None, "month", f"{g[0]} {g[1]}")


def _month_range(g: Groups, context_year: int | None, present: Present) -> When | None:
    """ "May 1994 – August 2009"."""
    a, b = (int(g[1]), month_number(g[0]), 0), (int(g[3]), month_number(g[2]), 0)
    return When(a, b, "range", f"{g[0]} {g[1]} – {g[2]} {g[3]}")


def _day_range(g: Groups, context_year: int | None, present: Present) -> When | None:
    """ "between 13 and 16 December", its year written or from the context."""
    of_year = int(g[3]) if g[3] else context_year
    if of_year is None:
        return None
    month = month_number(g[2])
    return When(
        (of_year, month, int(g[0])),
        (of_year, month, int(g[1])),
        "range",
        f"{g[0]}–{g[1]} {g[2]} {of_year}",
    )


def _open_range(g: Groups, context_year: int | None, present: Present) -> When | None:
    """ "2021–present": it ends at the date the source text reflects, when that is known."""
    year = int(g[0])
    end = (present[0], present[1], 0) if present else None
    label = (
        f"{year} – present ({MONTHS[present[1] - 1].title()} {present[0]})"
        if present
        else f"{year} – present"
    )
    return When((year, 0, 0), end, "range", label, open_ended=True)


def _year_range(g: Groups, context_year: int | None, present: Present) -> When | None:
    """ "1988–1994" or "1988–89"."""
    first, second = int(g[0]), g[1]
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if last <= first:
        return None
    return When((first, 0, 0), (last, 0, 0), "range", f"{first}–{last}")


def _season(g: Groups, context_year: int | None, present: Present) -> When | None:
    """ "the late winter of 1992": dated from the month the season starts in."""
    part, season, year = (g[0] or "").strip().rstrip("-").lower(), g[1].lower(), int(g[2])
    month = SEASONS[season]
    words = f"{part} {season}".strip()
    return When((year, month, 0), None, "season", f"{words} {year}")


def _decade(g: Groups, context_year: int | None, present: Present) -> When | None:
    """ "the late 1980s": the years of that part of the decade."""
    part, decade = (g[0] or "").strip().rstrip("-").lower(), int(g[1])
    first_year = decade + {"early": 0, "mid": 4, "late": 7}.get(part, 0)
    last_year = decade + {"early": 3, "mid": 6, "late": 9}.get(part, 9)
    if present and last_year > present[0]:  # "the 2020s" of a 2024 text ends in 2024
        last_year = max(first_year, present[0])
    label = f"{part + ' ' if part else ''}{decade}s"
    return When((first_year, 0, 0), (last_year, 0, 0), "decade", label)


def _part_year(g: Groups, context_year: int | None, present: Present) -> When | None:
    """ "early 1920"."""
    part, year = g[0].strip().rstrip("-").lower(), int(g[1])
    return When((year, PARTS[part], 0), None, "season", f"{part} {year}")


def _year(g: Groups, context_year: int | None, present: Present) -> When | None:
    return When((int(g[0]), 0, 0), None, "year", g[0])


_NORMALIZERS: dict[str, Callable[[Groups, int | None, Present], When | None]] = {
    "day_month_range": _day_month_range,
    "month_only_range": _month_only_range,
    "day_month_year": _day_month_year,
    "month_day_year": _month_day_year,
    "day_month": _day_month,
    "month_day": _month_day,
    "month_year": _month_year,
    "month_range": _month_range,
    "day_range": _day_range,
    "open_range": _open_range,
    "year_range": _year_range,
    "season": _season,
    "decade": _decade,
    "part_year": _part_year,
    "year": _year,
}


def _joined(m: re.Match[str], context_year: int | None) -> When | None:
    """ "from 1914 to 1918", "between May 1994 and August 2009": one range."""
    first_text, second_text = m.group(1), m.group(len(m.groups()) // 2 + 1)
    first, second = find_dates(first_text, context_year), find_dates(second_text, context_year)
    if len(first) != 1 or len(second) != 1:
        return None
    a, b = first[0].when, second[0].when
    if b.start <= a.start:
        return None
    if a.precision == b.precision == "year":
        label = f"{a.year}\u2013{b.year}"
    else:
        label = f"{a.label} \u2013 {b.label}"
    return When(a.start, b.start, "range", label)


def context_year(text: str) -> int | None:
    """The year a heading or an earlier sentence gives ("Second Nagorno-Karabakh War (2020)")."""
    years = re.findall(rf"(?<![\d,]){_YEAR}(?!\d)", text)
    return int(years[-1]) if years else None


def hide_dates(sentence: str, blank: str = "___") -> str:
    """The sentence with each date replaced by a blank, for "when did this happen?" items."""
    out = sentence
    for mention in reversed(find_dates(sentence, context_year=0)):
        out = out[: mention.start] + blank + out[mention.end :]
    return out
