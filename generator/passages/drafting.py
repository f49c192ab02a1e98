"""Drafts for a new lesson, taken from its passage: terms, events and example questions.

In: a lesson and its passage at the source level (a level stub starts as the
same text, so paragraph numbers agree at every level). Out: typed drafts for
`new-lesson` to write: the passage's hardest words with a WordNet definition,
its dated sentences as candidate events, and one example of each question
type whose evidence quotes the passage word for word. Nothing is invented:
prompts are templates, answers and evidence are the passage's own words, and
a multiple-choice question's wrong options are other dates the passage gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.passages.events import TimelineEvent, extract_events, present_of
from generator.passages.glossary import first_use, suggest
from generator.passages.passage import Passage
from generator.sources.wordnet import lookup
from generator.spec.lesson import Lesson
from generator.text.dates import find_dates, hide_dates
from generator.text.readability import split_sentences

QUOTE_WORDS = 16  # evidence: a short quotation, not a whole long sentence


@dataclass(frozen=True)
class DraftTerm:
    term: str
    part_of_speech: str
    definition: str  # WordNet's gloss, to rewrite for the grades
    paragraph: int
    zipf: float


@dataclass(frozen=True)
class DraftEvent:
    date: str  # as written in the passage
    text: str  # the passage's sentence, to shorten
    paragraph: int


@dataclass(frozen=True)
class DraftQuestion:
    type: str
    fields: tuple[tuple[str, object], ...]  # in the order they are written
    evidence: tuple[tuple[int, str], ...]  # (paragraph, quote)
    comment: str


def draft_terms(lesson: Lesson, passage: Passage, limit: int = 8) -> list[DraftTerm]:
    """The passage's rarest words that WordNet defines, names left out."""
    terms: list[DraftTerm] = []
    for candidate in suggest(lesson, passage, limit=80):
        if candidate.is_name or candidate.glossed:
            continue
        sense = lookup(candidate.word)
        if sense is None:
            continue
        # The base form when the passage's forms match it (enclaves -> enclave), else the word.
        term = sense.lemma if first_use(sense.lemma, passage) else candidate.word
        use = first_use(term, passage)
        if use is None or any(t.term == term for t in terms):
            continue
        terms.append(DraftTerm(term, sense.part_of_speech, sense.gloss, use.paragraph, candidate.zipf))
        if len(terms) == limit:
            break
    return terms


@dataclass(frozen=True)
class _Dated:
    event: TimelineEvent
    written: str  # the date as the sentence writes it
    start: int  # where it is in the sentence
    end: int


_PRECISION = {"day": 0, "month": 1, "season": 2, "range": 3, "year": 4, "decade": 5}


def _dated(lesson: Lesson, passage: Passage) -> list[_Dated]:
    """The passage's dated sentences, each with its date written so that it stands alone
    ("27 September" in a 2020 section is written "27 September 2020")."""
    present = present_of(lesson)
    found = []
    for event in extract_events(passage, lesson):
        for mention in find_dates(event.text, event.when.year, present):
            if mention.when != event.when:
                continue
            for written in (mention.text, event.when.label):
                alone = find_dates(written, present=present)
                if len(alone) == 1 and alone[0].text == written and alone[0].when == event.when:
                    found.append(_Dated(event, written, mention.start, mention.end))
                    break
            break
    return found


def _most_precise(dated: list[_Dated]) -> list[_Dated]:
    """Day dates first: "what happened on 27 September 2020?" asks about one event."""
    return sorted(dated, key=lambda d: _PRECISION.get(d.event.when.precision, 9))


def draft_events(lesson: Lesson, passage: Passage) -> list[DraftEvent]:
    """Every dated sentence of the passage, once per date, in date order."""
    seen: set[str] = set()
    events = []
    for dated in _dated(lesson, passage):
        if dated.written in seen or dated.event.paragraph == 0:
            continue
        seen.add(dated.written)
        events.append(DraftEvent(dated.written, dated.event.text, dated.event.paragraph))
    return events


def quote_of(sentence: str, around: int = 0) -> str:
    """At most QUOTE_WORDS words of `sentence` (around character `around`), word for word."""
    spans = [m.span() for m in re.finditer(r"\S+", sentence)]
    if len(spans) <= QUOTE_WORDS:
        first, last = 0, len(spans) - 1
    else:
        at = next((i for i, (s, e) in enumerate(spans) if e > around), 0)
        first = max(0, min(at - 4, len(spans) - QUOTE_WORDS))
        last = first + QUOTE_WORDS - 1
    return sentence[spans[first][0] : spans[last][1]].rstrip(",;:.!?\"'”’)")


def draft_questions(lesson: Lesson, passage: Passage, terms: list[DraftTerm]) -> dict[str, DraftQuestion]:
    """One example of each question type, by type."""
    dated = _dated(lesson, passage)
    questions = {
        "multiple_choice": _multiple_choice(dated, passage, terms),
        "true_false": _true_false(passage),
        "short_answer": _short_answer(dated, passage),
        "extended_response": _extended(passage),
    }
    return {kind: q for kind, q in questions.items() if q is not None}


def _multiple_choice(dated: list[_Dated], passage: Passage, terms: list[DraftTerm]) -> DraftQuestion | None:
    dates = list(dict.fromkeys(d.written for d in dated))
    if len(dates) >= 4:
        chosen = _most_precise(dated)[len(dated) // 3]
        others = [d for d in dates if d != chosen.written]
        step = max(1, len(others) // 3)
        options = sorted([chosen.written, *others[::step][:3]], key=dates.index)
        sentence = chosen.event.text
        blanked = hide_dates(sentence).rstrip(".")
        return DraftQuestion(
            "multiple_choice",
            (
                ("prompt", f"According to the passage, when did this happen? “{blanked}”"),
                ("options", options),
                ("answer", chosen.written),
            ),
            ((chosen.event.paragraph, quote_of(sentence, chosen.start)),),
            "The wrong options are other dates the passage gives.",
        )
    if len(terms) >= 4:
        term = terms[0]
        use = first_use(term.term, passage)
        assert use is not None
        return DraftQuestion(
            "multiple_choice",
            (
                ("prompt", f"Which word means “{term.definition}”?"),
                ("options", [t.term for t in terms[:4]]),
                ("answer", term.term),
            ),
            ((use.paragraph, quote_of(use.sentence, use.sentence.find(use.form))),),
            "The wrong options are other words of the glossary.",
        )
    return None


def _true_false(passage: Passage) -> DraftQuestion | None:
    for paragraph in passage.paragraphs:
        for sentence in split_sentences(paragraph.text):
            if 6 <= len(sentence.split()) <= 24:
                quote = quote_of(sentence)
                return DraftQuestion(
                    "true_false",
                    (("statement", sentence), ("answer", True)),
                    ((paragraph.number, quote),),
                    "True as the passage says it. For a false one, change one fact and set answer: false.",
                )
    return None


def _short_answer(dated: list[_Dated], passage: Passage) -> DraftQuestion | None:
    if dated:
        chosen = _most_precise(dated)[0]
        precision = chosen.event.when.precision
        preposition = "on" if precision == "day" else ("during" if chosen.event.when.is_range else "in")
        sentence = chosen.event.text
        return DraftQuestion(
            "short_answer",
            (
                ("prompt", f"What does the passage say happened {preposition} {chosen.written}?"),
                ("answer", sentence),
            ),
            ((chosen.event.paragraph, quote_of(sentence, chosen.start)),),
            "The model answer is the passage's sentence: shorten it to what a student would write.",
        )
    paragraph = passage.paragraphs[0]
    sentence = split_sentences(paragraph.text)[0]
    return DraftQuestion(
        "short_answer",
        (("prompt", f"In your own words, what is paragraph {paragraph.number} about?"), ("answer", sentence)),
        ((paragraph.number, quote_of(sentence)),),
        "The model answer is the paragraph's first sentence: say it as a student would.",
    )


def _extended(passage: Passage) -> DraftQuestion | None:
    section = passage.sections[0]
    first, last = section.paragraphs[0], section.paragraphs[-1]
    opening = split_sentences(first.text)[0]
    closing = split_sentences(last.text)[-1]
    evidence = [(first.number, quote_of(opening))]
    if last.number != first.number:
        evidence.append((last.number, quote_of(closing)))
    span = f"{first.number}" if first.number == last.number else f"{first.number}-{last.number}"
    return DraftQuestion(
        "extended_response",
        (
            ("prompt", f"Using details from the passage, explain what it tells about “{section.heading}”."),
            ("answer", f"Details from paragraphs {span}, such as: {opening}"),
            (
                "scoring",
                [
                    "3: three or more details from the passage, explained in the student's own words",
                    "2: two details from the passage, mostly explained",
                    "1: one detail, or details copied without explanation",
                    "0: no detail from the passage",
                ],
            ),
        ),
        tuple(evidence),
        "Name what a strong answer includes; the scoring guide has one line per point level.",
    )
