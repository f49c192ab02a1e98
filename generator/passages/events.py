"""Dated events of a passage, and the events a lesson chooses.

In: a `Passage` (or a lesson's source sections) and the lesson's `events:`.
Out: `TimelineEvent`s, each with its normalized date, its text, and where it
comes from (section and paragraph). Sentences whose date only dates a source
or an opinion ("Svante Cornell wrote in 1998 ...") are left out. A lesson's own
event must have its date in the passage of each level it is shown at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import LessonError
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.text.dates import DateMention, When, context_year, find_dates
from generator.text.readability import split_sentences

# Verbs of opinion: "In 2013, Rezaee ... claimed that" dates a claim, not an event.
# ("In 1964, the Armenians wrote a letter" and "In 2023, Aliyev said" are events.)
_OPINION = re.compile(r"\b(argued|argues|concluded|noted|suggested|claimed|claims|estimated)\b", re.I)
# "Cornell wrote in 1998", "De Waal concluded in 2012": a date that dates a source.
_SOURCE_DATE = re.compile(
    r"\b(wrote|argued|concluded|noted|suggested|stated|claimed|said|expressed)\s+in\s+\d{4}\b", re.I
)


@dataclass(frozen=True)
class TimelineEvent:
    when: When
    text: str
    section_id: str
    paragraph: int  # in the passage it was read from (0 for the lesson's own events)
    chosen: bool = False  # written by the lesson rather than extracted


def present_of(lesson: Lesson) -> tuple[int, int] | None:
    """The date the source text reflects: what "present" means in "2022–present"."""
    source = lesson.article.source
    if not source:
        return None
    year, _, month = source.text_reflects.partition("-")
    return (int(year), int(month or 1)) if year.isdigit() else None


def is_source_dating(sentence: str, mention: DateMention) -> bool:
    """ "Cornell wrote in 1998 ...", "In 2013, Rezaee ... claimed that ...": the date of a
    statement. A statement about something dated ("Azerbaijan claimed ... on 12 May") is kept."""
    if _SOURCE_DATE.search(sentence[max(0, mention.start - 20) : mention.end]):
        return True
    opening = re.match(r"\s*In \d{4},", sentence)
    if opening and mention.start < opening.end():
        first_clause = sentence[opening.end() : opening.end() + 90]
        return bool(_OPINION.search(first_clause)) and len(find_dates(sentence)) == 1
    return False


def extract_events(passage: Passage, lesson: Lesson) -> list[TimelineEvent]:
    present = present_of(lesson)
    events: list[TimelineEvent] = []
    for section in passage.sections:
        year = context_year(section.heading)
        for mention in find_dates(section.heading, None, present):
            if mention.when.is_range and section.paragraphs:  # "Border crisis (2021–present)": an era
                name = section.heading[: mention.start].strip(" (") or section.heading
                events.append(
                    TimelineEvent(mention.when, name, section.section_id, section.paragraphs[0].number)
                )
        for paragraph in section.paragraphs:
            for sentence in split_sentences(paragraph.text):
                for mention in find_dates(sentence, year, present):
                    if not is_source_dating(sentence, mention):
                        events.append(
                            TimelineEvent(mention.when, sentence, section.section_id, paragraph.number)
                        )
                year = context_year(sentence) or year
    unique = {(e.when, e.text): e for e in events}
    return sorted(unique.values(), key=lambda e: (e.when.start, e.paragraph))


def passage_dates(
    passage: Passage, lesson: Lesson
) -> set[tuple[tuple[int, int, int], tuple[int, int, int] | None]]:
    return {(e.when.start, e.when.end) for e in extract_events(passage, lesson)}


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
