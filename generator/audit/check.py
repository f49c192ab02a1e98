"""Check each printed string, and each chosen event's date, against the cited article text.

In: a lesson's `Reading`s and shown events, its `CitedText` and its allow-list.
Out: `Finding`s, each `file:line: lesson/level: message`:

- a year, date, number (with its unit) or proper name that the article
  sections the lesson cites do not give, and the lesson does not allow;
- a chosen event whose date is not the date the article gives for that
  happening (see passages/dating.py), unless the event says why it differs.

Paragraph references ("paragraph 4"), grades and the points of a scoring guide
are the worksheet's own numbers and are not checked. A capital that opens a
sentence or a heading says nothing about a name: such a word is checked only
when it is not an ordinary English word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.audit.readings import Reading, ShownEvent
from generator.errors import GeneratorError
from generator.passages.cited import CitedText
from generator.passages.dating import WHY, date_happening
from generator.spec.lesson import Lesson
from generator.spec.schema import AllowEntry
from generator.text.dates import DateMention, context_year, find_dates
from generator.text.facts import (
    WORD_LIST,
    Name,
    Number,
    find_names,
    find_numbers,
    initials,
    name_stem,
    ordinary_words,
    word_forms,
)
from generator.text.readability import split_sentences

# The worksheet's own numbers: "paragraphs 7 and 8", "grades 4-5", "4: Describes ...", "3 points".
_INSTRUCTIONS = [
    re.compile(r"\bparagraphs?\s+(?:from\s+)?\d+(?:\s*(?:,|and|or|to|-|\u2013)\s*\d+)*", re.I),
    re.compile(r"¶\s*\d+(?:\s*[-\u2013]\s*\d+)?"),
    re.compile(r"\bgrades?\s+\d+(?:\s*[-\u2013]\s*\d+)?", re.I),
    re.compile(r"^\s*\d+\s*(?:points?)?\s*[:.)]"),
    re.compile(r"\b\d+\s+points?\b", re.I),
]


@dataclass(frozen=True, order=True)
class Finding:
    path: Path
    line: int
    lesson_id: str
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.lesson_id}/{self.level}: {self.message}"


class Allowed:
    """The lesson's allow-list: names, numbers and dates it may print without the article."""

    def __init__(self, entries: list[AllowEntry]) -> None:
        self.words = {w.lower() for e in entries for w in re.findall(r"[\w'’.-]+", e.term)}
        self.texts = {e.term.strip().lower() for e in entries}
        self.numbers = [n for e in entries for n in find_numbers(e.term)]
        self.dates = [m.when for e in entries for m in find_dates(e.term, 0)]
        self.used: set[str] = set()

    def name(self, name: Name) -> bool:
        return bool(word_forms(name.text) & self.words)

    def number(self, number: Number) -> bool:
        return number.text.lower() in self.texts or any(
            number.value == n.value and number.unit == n.unit for n in self.numbers
        )

    def date(self, mention: DateMention) -> bool:
        return mention.text.lower() in self.texts or any(
            mention.when.start == w.start and mention.when.end == w.end for w in self.dates
        )


def check_reading(reading: Reading, lesson: Lesson, cited: CitedText, allowed: Allowed) -> list[Finding]:
    """Findings for the names, numbers and dates of one printed string."""
    findings: list[Finding] = []
    year = reading.year
    seen: set[str] = set()
    for sentence in split_sentences(reading.text) or [reading.text]:
        mentions = find_dates(sentence, year if year is not None else 0)
        year = context_year(sentence) or year
        spans = [(m.start, m.end) for m in mentions]
        spans += [m.span() for pattern in _INSTRUCTIONS for m in pattern.finditer(sentence)]
        problems: list[tuple[str, str]] = []
        for mention in mentions:
            if not cited.has_date(mention.when) and not allowed.date(mention):
                problems.append((mention.text, "date"))
        for number in find_numbers(sentence, spans):
            if not cited.has_number(number) and not allowed.number(number):
                problems.append((number.text, "number"))
        spelled = _spelled_out(sentence, cited)
        for name in find_names(sentence):
            if any(s <= name.start < e for s, e in spans) or name.start in spelled:
                continue
            if not _name_known(name, reading, cited) and not allowed.name(name):
                problems.append((name.text, "name"))
        for token, kind in problems:
            if token in seen:
                continue
            seen.add(token)
            findings.append(
                Finding(
                    reading.path,
                    reading.line_of(token),
                    lesson.id,
                    reading.level,
                    f"'{token}' ({'a ' + kind}) in {reading.where} is not in the article sections "
                    f"{lesson.id} cites ({cited.described}); use the article's words, or add it to "
                    f"allow: with a reason",
                )
            )
    return findings


def _spelled_out(sentence: str, cited: CitedText) -> set[int]:
    """Where the words of a spelled-out initialism the article uses start ("European Union"
    for its "EU", "Organization for Security and Co-operation in Europe" for "OSCE")."""
    starts: set[int] = set()
    for run in re.finditer(r"[A-Z][\w-]*(?:\s+(?:(?:of|and|for|in|the)\s+)?[A-Z][\w-]*)+", sentence):
        words = list(re.finditer(r"[A-Z][\w-]*", run.group(0)))
        if initials([w.group(0) for w in words]) in cited.initialisms:
            starts.update(run.start() + w.start() for w in words)
    return starts


def _name_known(name: Name, reading: Reading, cited: CitedText) -> bool:
    if word_forms(name.text) & cited.words or name_stem(name.text) in cited.name_stems:
        return True
    if name.text.isupper() and name.text in cited.acronyms:  # "UN" for "United Nations"
        return True
    if name.opens_sentence or reading.title_case:
        # "Afterward, ..." or a heading's "Began": an ordinary word, capitalized by its place.
        return name.text.lower() in _ordinary()
    return False


def _ordinary() -> frozenset[str]:
    words = ordinary_words()
    if not words:
        raise GeneratorError(
            f"the audit needs the English word list {WORD_LIST} (Debian package wamerican); "
            "install it with: apt-get install wamerican"
        )
    return words


def check_event(
    event: ShownEvent, lesson: Lesson, cited: CitedText, present: tuple[int, int] | None
) -> list[Finding]:
    """A finding when the event's date is not the date the article gives that happening."""
    spec = lesson.spec.events[event.index]
    if spec.date_differs:
        return []
    mentions = find_dates(spec.date, present=present)
    if len(mentions) != 1:
        return []  # the build reports a date it cannot read
    texts = [spec.text] if isinstance(spec.text, str) else list(spec.text.values())
    wording = spec.text_for(event.levels[-1], lesson.level_order) or texts[-1]
    dating = date_happening(cited, mentions[0].when, texts, spec.dated_by)
    if dating.ok:
        return []
    head = f"'{spec.date}' in event '{_short(wording)}' is not dated so by the article"
    way_out = "give the date the article gives this happening, or say why in date_differs:"
    if dating.problem == "quote":
        message = (
            f"dated_by '{spec.dated_by}' of event '{_short(wording)}' is in no sentence of the article "
            f"sections {lesson.id} cites ({cited.described}); quote the sentence that dates it"
        )
    elif dating.problem == "absent":
        where = "the sentence dated_by names" if spec.dated_by else f"the article sections {lesson.id} cites"
        message = f"{head}: {where} ({cited.described}) give no {spec.date}; {way_out}"
    elif dating.problem == "unmatched":
        message = (
            f"{head}: no sentence of the sections {lesson.id} cites gives {spec.date} for this happening "
            f"(closest: {_quote(dating.sentence.text if dating.sentence else '')}); name the sentence "
            f"in dated_by:, or {way_out}"
        )
    else:
        said = dating.mention.text if dating.mention else spec.date
        sentence = dating.sentence.text if dating.sentence else ""
        quoted = _quote(sentence, dating.mention.start if dating.mention else 0)
        message = f"{head} (article sentence: {quoted}): '{said}' there {WHY[dating.problem]}; {way_out}"
    levels = ",".join(event.levels)
    return [Finding(event.path, event.line, lesson.id, levels, message)]


def _short(text: str, words: int = 5) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _quote(sentence: str, at: int = 0, width: int = 80) -> str:
    """The sentence, or the part of it around character `at` when it is long."""
    if len(sentence) <= 2 * width:
        return "\u201c" + sentence + "\u201d"
    start = max(0, min(at - width, len(sentence) - 2 * width))
    end = start + 2 * width
    part = sentence[start:end]
    if start:
        part = "..." + part[part.find(" ") + 1 :]
    if end < len(sentence):
        part = part[: part.rfind(" ")] + "..."
    return "\u201c" + part + "\u201d"
