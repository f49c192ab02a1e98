"""The article text a lesson cites, as the facts a lesson may print.

In: a `Lesson`. Out: a `CitedText`: the sentences of the article sections (and
paragraph ranges) the lesson cites, with their headings, each sentence with its
dates (relative ones resolved); and the words, names, numbers and dates found
there, so that a printed name, number or date can be looked up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.passages.events import present_of
from generator.spec.lesson import Lesson
from generator.text.dates import DateMention, When, context_year, find_dates
from generator.text.facts import Number, find_numbers, initials, name_stem
from generator.text.readability import split_sentences
from generator.text.relative import find_dates_in_context

_WORD = re.compile(r"[^\W\d_][\w'’.]*[^\W_]|[^\W\d_]")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-"})


def normalized(text: str) -> str:
    """Compare quotations without caring about curly quotes, dashes, case or spacing."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().lower()


@dataclass(frozen=True)
class CitedSentence:
    section_id: str
    paragraph: int  # in its section, from 1; 0 for the section's heading
    text: str
    mentions: tuple[DateMention, ...]


@dataclass(frozen=True)
class CitedText:
    sentences: tuple[CitedSentence, ...]
    words: frozenset[str]  # every word, lower case, possessive removed
    name_stems: frozenset[str]  # of its capitalized words: "russ" for Russian, "brit" for British
    acronyms: frozenset[str]  # initials of its runs of capitalized words: "UN", "OSCE"
    initialisms: frozenset[str]  # the all-capital words it writes: "EU", "OSCE", "USSR"
    numbers: tuple[Number, ...]
    dates: tuple[When, ...]
    described: str  # "background, introduction ¶1"

    def containing(self, quote: str) -> list[CitedSentence]:
        """The sentences that hold `quote` word for word (quotes, dashes and case aside)."""
        wanted = normalized(quote).strip(' ."')
        return [s for s in self.sentences if wanted and wanted in normalized(s.text)]

    def has_number(self, number: Number) -> bool:
        return any(number.matches(n) for n in self.numbers)

    def has_date(self, when: When) -> bool:
        """Whether the text gives this date (or, for a date without its year, the day and month).
        A range ("between 1979 and 1989") is given when both its ends are."""
        if any(_agrees(when, known) for known in self.dates):
            return True
        if when.is_range and when.precision != "decade" and when.end and not when.open_ended:
            ends = [_point(when.start), _point(when.end)]
            return all(any(_agrees(end, known) for known in self.dates) for end in ends)
        return False


def _point(ymd: tuple[int, int, int]) -> When:
    precision = "day" if ymd[2] else ("month" if ymd[1] else "year")
    return When(ymd, None, precision)


def _agrees(printed: When, known: When) -> bool:
    """A printed date agrees with a known one that says at least as much about it."""
    if printed.start == known.start and printed.end == known.end:
        return True
    if not printed.start[0] and printed.is_range == known.is_range:  # "13-16 December": any year
        same = printed.start[1:] == known.start[1:]
        return same and (printed.end or (0, 0, 0))[1:] == (known.end or (0, 0, 0))[1:]
    if printed.is_range:
        if printed.precision == "decade":  # "the 1990s" when the text dates things in them
            return (
                not known.is_range
                and printed.start[0] <= known.year <= (printed.end or printed.start)[0]
                or (known.precision == "decade" and known.start == printed.start)
            )
        return False
    ends = [known.start] + ([known.end] if known.end else [])
    for point in ends:
        year, month, day = printed.start
        if (
            (not year or year == point[0])
            and (not month or month == point[1])
            and (not day or day == point[2])
        ):
            if printed.precision != "season" or known.precision == "season" or point[1] == month:
                return True
    return False


_CACHE: dict[tuple[object, ...], CitedText] = {}


def cited_text(lesson: Lesson) -> CitedText:
    """The cited text of `lesson` (read once per article and choice of sections)."""
    key = (
        lesson.article.path,
        lesson.article.title,
        tuple((p.section.id, p.first, p.last) for p in lesson.parts),
    )
    if key not in _CACHE:
        _CACHE[key] = _read(lesson)
    return _CACHE[key]


def _read(lesson: Lesson) -> CitedText:
    present = present_of(lesson)
    article = lesson.article
    sentences: list[CitedSentence] = []
    texts: list[str] = []
    headings: set[str] = set()
    for part in lesson.parts:
        section = part.section
        chain = [section.heading]
        if section.parent:
            chain.insert(0, article.section(section.parent).heading)
        for heading in chain:
            if heading not in headings:
                headings.add(heading)
                texts.append(heading)
                sentences.append(
                    CitedSentence(section.id, 0, heading, tuple(find_dates(heading, None, present)))
                )
        year = context_year(section.heading)
        points = [m.when for m in find_dates(section.heading, None, present) if not m.when.is_range]
        anchor = points[-1] if points else None
        for number, paragraph in enumerate(part.paragraphs, start=part.first):
            texts.append(paragraph)
            for sentence in split_sentences(paragraph):
                mentions = find_dates_in_context(sentence, year, present, anchor)
                sentences.append(CitedSentence(section.id, number, sentence, tuple(mentions)))
                points = [m.when for m in mentions if not m.when.is_range]
                anchor = points[-1] if points else anchor
                year = context_year(sentence) or year
    texts.append(article.title)  # the article's own name is the subject of every section
    words = [re.sub(r"(['’]s|['’.])+$", "", w) for t in texts for w in _WORD.findall(t)]
    split = [p for w in words for p in re.split(r"[-\u2013\u2014]", w) if p]
    capitalized = [w for w in split if w[:1].isupper()]
    return CitedText(
        sentences=tuple(sentences),
        words=frozenset(w.lower() for w in split + words),
        name_stems=frozenset(name_stem(w) for w in capitalized),
        acronyms=frozenset(a for t in texts for a in _acronyms(t)),
        initialisms=frozenset(w for w in split if len(w) > 1 and w.isupper()),
        numbers=tuple(n for t in texts for n in find_numbers(t)),
        dates=tuple(m.when for s in sentences for m in s.mentions),
        described=_describe(lesson),
    )


def _acronyms(text: str) -> set[str]:
    """Initials of every stretch of a run of capitalized words ("of", "and" may join them)."""
    found: set[str] = set()
    for run in re.findall(r"[A-Z][\w-]*(?:\s+(?:(?:of|and|for|in|the)\s+)?[A-Z][\w-]*)+", text):
        letters = initials(run.split())
        for i in range(len(letters)):
            for j in range(i + 2, min(len(letters), i + 6) + 1):
                found.add(letters[i:j])
    return found


def _describe(lesson: Lesson) -> str:
    out = []
    for part in lesson.parts:
        whole = part.first == 1 and part.last == len(part.section.paragraphs)
        span = "" if whole else f" ¶{part.first}" + (f"-{part.last}" if part.last != part.first else "")
        out.append(part.section.id + span)
    return ", ".join(out)
