"""Dated events of a passage, and the events a lesson chooses.

In: a `Passage` (or a lesson's source sections) and the lesson's `events:`.
Out: `TimelineEvent`s, each with its normalized date, its text, and where it
comes from (section and paragraph). Relative dates ("three days later", "the
following spring") are resolved from the date the text gave before them.
Sentences whose date only dates a statement ("Svante Cornell wrote in 1998
...", "In 2023, Aliyev said ...", "the 1979 census") or bounds a stretch of
time ("occupied since 1994", "Until 2020") are left out. A lesson's
own event must have its date in the passage of each level it is shown at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.errors import LessonError
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.text.dates import DateMention, When, context_year, find_dates
from generator.text.readability import split_sentences
from generator.text.relative import find_dates_in_context
from generator.text.roles import dates_statement, role


@dataclass(frozen=True)
class TimelineEvent:
    when: When
    text: str
    section_id: str
    paragraph: int  # in the passage it was read from (0 for the lesson's own events)
    chosen: bool = False  # written by the lesson rather than extracted


@dataclass(frozen=True)
class DatedSentence:
    """One date of a passage sentence, with where it is and what it dates."""

    section_id: str
    paragraph: int
    sentence: str
    mention: DateMention
    dates_statement: bool  # "Cornell wrote in 1998": the date of a statement
    role: str  # "" for the date of its happening; "since", "until", "by", "before", "after"
    dates_in_sentence: int  # how many dates the sentence gives


def present_of(lesson: Lesson) -> tuple[int, int] | None:
    """What "present" means in "2022–present": the end of what the article's text covers."""
    source = lesson.article.source
    return source.present if source else None


def is_source_dating(sentence: str, mention: DateMention) -> bool:
    """ "Cornell wrote in 1998 ...", "In 2013, Rezaee ... claimed that ...": the date of a
    statement. A statement about something dated ("Azerbaijan claimed ... on 12 May") is kept."""
    return dates_statement(sentence, mention)


def dated_sentences(passage: Passage, lesson: Lesson) -> Iterator[DatedSentence]:
    """Every date of the passage's sentences, relative ones resolved, in reading order."""
    present = present_of(lesson)
    for section in passage.sections:
        year = context_year(section.heading)
        heading = [m.when for m in find_dates(section.heading, None, present) if not m.when.is_range]
        anchor: When | None = heading[-1] if heading else None
        for paragraph in section.paragraphs:
            for sentence in split_sentences(paragraph.text):
                mentions = find_dates_in_context(sentence, year, present, anchor)
                for mention in mentions:
                    yield DatedSentence(
                        section.section_id,
                        paragraph.number,
                        sentence,
                        mention,
                        dates_statement(sentence, mention),
                        role(sentence, mention),
                        len(mentions),
                    )
                points = [m.when for m in mentions if not m.when.is_range]
                anchor = points[-1] if points else anchor
                year = context_year(sentence) or year


def extract_events(passage: Passage, lesson: Lesson) -> list[TimelineEvent]:
    """The passage's dated happenings: its sentences' dates, and its headings' ranges as eras
    ("Border crisis (2021–present)"). Left out: dates of statements ("Cornell wrote in 1998")
    and dates that only bound a stretch of time ("occupied since 1994", "Until 2020")."""
    present = present_of(lesson)
    events: list[TimelineEvent] = []
    for section in passage.sections:
        for mention in find_dates(section.heading, None, present):
            if mention.when.is_range and section.paragraphs:
                name = section.heading[: mention.start].strip(" (") or section.heading
                events.append(
                    TimelineEvent(mention.when, name, section.section_id, section.paragraphs[0].number)
                )
    for dated in dated_sentences(passage, lesson):
        if not dated.dates_statement and not dated.role:
            events.append(
                TimelineEvent(dated.mention.when, dated.sentence, dated.section_id, dated.paragraph)
            )
    unique = {(e.when, e.text): e for e in events}
    return sorted(unique.values(), key=lambda e: (e.when.start, e.paragraph))


DateKey = tuple[tuple[int, int, int], tuple[int, int, int] | None]


def passage_dates(passage: Passage, lesson: Lesson) -> set[DateKey]:
    """Every date the passage gives, a statement's too: a chosen event's date must be one."""
    present = present_of(lesson)
    dates = {(e.when.start, e.when.end) for e in extract_events(passage, lesson)}
    dates |= {(d.mention.when.start, d.mention.when.end) for d in dated_sentences(passage, lesson)}
    for section in passage.sections:
        dates |= {(m.when.start, m.when.end) for m in find_dates(section.heading, None, present)}
    return dates


def lesson_events(lesson: Lesson, passage: Passage) -> list[TimelineEvent]:
    """The lesson's chosen events shown at this level, or the passage's own if it chose none."""
    if not lesson.spec.events:
        return extract_events(passage, lesson)
    present = present_of(lesson)
    # Events are written for the leveled texts; the article's own text shows those it dates
    # too, and a custom lesson that inherits them shows those its shorter passage still dates.
    filtered = passage.level.is_source or not lesson.states("events")
    # A draft event (from new-lesson) is shown only where the passage still dates it.
    needs_dates = filtered or any(spec.draft for spec in lesson.spec.events)
    given = passage_dates(passage, lesson) if needs_dates else set()
    chosen = []
    for spec in lesson.spec.events:
        text = spec.text_for(passage.level.id, lesson.level_order)
        when = find_dates(spec.date, present=present)[0].when
        dated = (when.start, when.end) in given
        if text and (dated or not (filtered or spec.draft)):
            chosen.append(TimelineEvent(when, text, "", 0, chosen=True))
    return sorted(chosen, key=lambda e: e.when.start)


def check_events(lesson: Lesson, passage: Passage) -> None:
    """Each chosen event's date must be given by the passage of each level it is shown at."""
    errors, _ = event_messages(lesson, passage)
    if errors:
        raise LessonError(errors)


def event_messages(lesson: Lesson, passage: Passage) -> tuple[list[str], list[str]]:
    """(errors, notes) of the lesson's own events at this level; a draft event (written by
    new-lesson) whose date the passage does not give is left out with a note."""
    if not lesson.spec.events or passage.fallback or passage.level.is_source:
        return [], []
    if not lesson.states("events"):
        return [], []  # inherited: lesson_events shows only those this passage dates
    present = present_of(lesson)
    dates = passage_dates(passage, lesson)
    level_id = passage.level.id
    errors: list[str] = []
    notes: list[str] = []
    for i, spec in enumerate(lesson.spec.events):
        mentions = find_dates(spec.date, present=present)
        if len(mentions) != 1 or mentions[0].text != spec.date.strip():
            errors.append(
                f"{lesson.where(('events', i, 'date'))}: expected one date such as '20 February 1988', "
                f"'May 1994', 'spring 1993' or '1988–1994', found '{spec.date}'"
            )
            continue
        when = mentions[0].when
        if spec.text_for(level_id, lesson.level_order) and (when.start, when.end) not in dates:
            where = lesson.where(("events", i, "date"))
            if spec.draft:
                notes.append(
                    f"{where}: draft event left out at {level_id}: the passage does not give its "
                    f"date ({when.label}); delete it or give the date in the passage"
                )
            else:
                errors.append(
                    f"{where}: expected its date ({when.label}) in the {level_id} passage "
                    f"({passage.source_file or lesson.article.path}), found it not there; give the "
                    f"date in the passage or leave the event out at {level_id}"
                )
    errors = list(dict.fromkeys(errors))  # a bad date is the same error at every level
    return errors, notes
