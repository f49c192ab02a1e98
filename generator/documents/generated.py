"""Question items written by the generator, each verified before it is printed.

In: a lesson and its passage at a level. Out: `GeneratedItems`: the items to
print (cloze, fact-box true/false, "which came first?"), each with the passage
sentences it comes from and the article sentences that confirm its key, and
the candidates dropped, each with its reason. An item that cannot be verified
is dropped, never printed:

- no item starts from a sentence whose subject is a pronoun or "this/that ..."
  whose referent is in another sentence;
- a cloze blank's word is not left visible elsewhere in the sentence;
- a fact-box statement is printed only where the passage gives the fact with
  the same date, and its false variant only where the passage never gives the
  date it shows;
- "which came first?" takes only sentences with one date, the date of the
  happening they state: never a "since/until/by/before/after" date, a range, a
  relative date, a statement's date ("Cornell wrote in 1998"), a date that
  names a thing ("the 2020 agreement") or a situation ("lived in"); each
  sentence's date must be the date the article gives that happening, and no
  sentence gives two items.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from generator.documents.items import LETTERS, Item, Option
from generator.documents.vocabulary import seed_for
from generator.passages.cited import cited_text
from generator.passages.dating import date_happening, same_stem, stems
from generator.passages.events import DatedSentence, dated_sentences, present_of
from generator.passages.glossary import entries_for, term_pattern
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.text.dates import When, find_dates, hide_dates
from generator.text.facts import ordinary_words
from generator.text.readability import split_sentences
from generator.text.roles import clause_role, is_attributive
from generator.text.standalone import needs_antecedent, pronoun_subject, states_situation

KINDS = {"cloze": "cloze", "true_false": "fact-box true/false", "which_came_first": "which came first"}
REASONS = {
    "pronoun": "a pronoun or 'this/there' with no antecedent in the item",
    "answer shown": "the blanked word is still visible in the sentence",
    "not in passage": "the passage does not give this fact with its date",
    "false year in passage": "the passage also gives the year the false statement shows",
    "two dates": "the sentence gives more than one date",
    "range": "its date is a range, not one date",
    "relative": "its date is relative ('the same day')",
    "statement": "its date dates a statement (wrote, said, a census)",
    "since": "its date is a 'since' date, not the date of the happening",
    "until": "its date is an 'until' date, not the date of the happening",
    "by": "its date is a 'by' date, not the date of the happening",
    "before": "its date is a 'before' date, not the date of the happening",
    "after": "its date is an 'after' date, not the date of the happening",
    "names a thing": "its date names a thing ('the 2020 agreement'), not when the happening was",
    "situation": "it states a situation ('lived in', 'was in control'), not a happening",
    "too short": "too short to stand on its own",
    "article": "the article does not give this date for this happening",
}


@dataclass(frozen=True)
class Dropped:
    kind: str  # a key of KINDS
    reason: str  # a key of REASONS
    paragraph: int  # 0 for a fact-box entry
    text: str  # the sentence, or the fact-box entry


@dataclass(frozen=True)
class Generated:
    item: Item
    article: tuple[str, ...] = ()  # article sentences that confirm its key


@dataclass(frozen=True)
class GeneratedItems:
    lesson_id: str
    level_id: str
    items: tuple[Generated, ...]
    dropped: tuple[Dropped, ...]

    @property
    def printed(self) -> list[Item]:
        return [g.item for g in self.items]

    @property
    def generated_by_kind(self) -> Counter[str]:
        return Counter(g.item.kind for g in self.items)

    @property
    def dropped_by_reason(self) -> Counter[str]:
        return Counter(d.reason for d in self.dropped)


def generated_items(lesson: Lesson, passage: Passage) -> GeneratedItems:
    """Every generated item of the passage that survives verification, and what was dropped."""
    wanted = lesson.spec.generated
    dropped: list[Dropped] = []
    items = (
        _cloze(lesson, passage, wanted.cloze, dropped)
        + _fact_box(lesson, passage, wanted.infobox_true_false, dropped)
        + _which_came_first(lesson, passage, wanted.which_came_first, dropped)
    )
    return GeneratedItems(lesson.id, passage.level.id, tuple(items), tuple(dropped))


def summary_notes(pairs: Iterable[tuple[Lesson, Passage]]) -> list[str]:
    """The build summary's line on the question sheets being built: items printed by kind,
    candidates dropped by reason (none when no question sheet is built)."""
    results = [generated_items(lesson, p) for lesson, p in pairs if "questions" in lesson.spec.documents]
    return [summary_line(results)] if results else []


def summary_line(results: list[GeneratedItems]) -> str:
    kinds: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for result in results:
        kinds.update(result.generated_by_kind)
        reasons.update(result.dropped_by_reason)
    printed = ", ".join(f"{KINDS[k]} {kinds[k]}" for k in KINDS if kinds[k])
    line = f"generated items: {sum(kinds.values())} printed ({printed or 'none'})"
    if reasons:
        why = ", ".join(f"{reason} {n}" for reason, n in reasons.most_common())
        line += f"; {sum(reasons.values())} candidates dropped ({why})"
    return line


def _cloze(lesson: Lesson, passage: Passage, count: int, dropped: list[Dropped]) -> list[Generated]:
    """A passage sentence with a glossary word blanked (the glossary's last words, so the
    vocabulary sheet's first ones are not asked twice)."""
    items: list[Generated] = []
    if not count:
        return items
    sentences = [(p.number, s) for p in passage.paragraphs for s in split_sentences(p.text)]
    for entry, use in reversed(entries_for(lesson, passage)):
        pattern = term_pattern(entry.term)
        problems = []
        for number, sentence in [(use.paragraph, use.sentence)] + sentences:
            match = pattern.search(sentence)
            if not match:
                continue
            blanked = sentence[: match.start(1)] + "________" + sentence[match.end(1) :]
            problems.append(_cloze_problem(sentence, blanked, pattern))
            if not problems[-1]:
                items.append(
                    Generated(
                        Item(
                            0,
                            "cloze",
                            f"Fill in the missing word: {blanked}",
                            (),
                            match.group(1),
                            ((number, sentence),),
                            0,
                            generated=True,
                        )
                    )
                )
                break
        if all(problems):  # no sentence with the word stands on its own
            dropped.append(Dropped("cloze", problems[0], use.paragraph, use.sentence))
        if len(items) == count:
            break
    return list(reversed(items))


def _cloze_problem(sentence: str, blanked: str, pattern: re.Pattern[str]) -> str:
    if pronoun_subject(sentence):
        return "pronoun"
    if pattern.search(blanked):
        return "answer shown"
    if len(sentence.split()) < 5:
        return "too short"
    return ""


# Fact-box entries worth a true/false item: "Armenian victory: 1994", "Border crisis: 2021–present".
_STATUS = re.compile(r"^(?P<what>[A-Z][\w ]+?): (?P<year>\d{4})(?P<open>[–-]present)?$")


def _fact_box(lesson: Lesson, passage: Passage, count: int, dropped: list[Dropped]) -> list[Generated]:
    """ "The border crisis began in 2021.": a fact of the article's fact box that the passage
    gives with the same date; every other statement shows another year of the box (False)."""
    fact = lesson.article.fact("Status")
    if not fact or not count:
        return []
    entries = [m for m in (_STATUS.match(v) for v in fact.values) if m]
    years = sorted({int(m["year"]) for m in entries})
    items: list[Generated] = []
    for n, match in enumerate(entries):
        what, year = match["what"], int(match["year"])
        support = _fact_support(passage, lesson, what, year)
        if support is None:
            dropped.append(Dropped("true_false", "not in passage", 0, match.group(0)))
            continue
        others = [y for y in years if y != year]
        truthful = n % 2 == 0 or not others
        shown = year if truthful else others[n % len(others)]
        if not truthful and _fact_support(passage, lesson, what, shown) is not None:
            dropped.append(Dropped("true_false", "false year in passage", 0, match.group(0)))
            continue
        verb = "began" if match["open"] else "came"
        first, _, rest = what.partition(" ")
        # "The border crisis ...", but "The Azerbaijani victory ...": a name keeps its capital.
        first = first.lower() if first.lower() in ordinary_words() else first
        statement = f"The {' '.join(filter(None, (first, rest)))} {verb} in {shown}."
        item = Item(
            0,
            "true_false",
            statement,
            (),
            "",
            (support,),
            0,
            generated=True,
            truth=truthful,
            note="" if truthful else f"({year})",  # the year the fact box gives
        )
        items.append(Generated(item))
        if len(items) == count:
            break
    return items


def _fact_support(passage: Passage, lesson: Lesson, what: str, year: int) -> tuple[int, str] | None:
    """The passage sentence (or heading) that names every word of `what` and dates it `year`."""
    words = stems(what)
    present = present_of(lesson)
    for section in passage.sections:
        first = section.paragraphs[0].number if section.paragraphs else 0
        candidates = [(first, section.heading)] + [
            (p.number, s) for p in section.paragraphs for s in split_sentences(p.text)
        ]
        for number, sentence in candidates:
            theirs = stems(sentence)
            if not all(any(same_stem(w, t) for t in theirs) for w in words):
                continue
            for mention in find_dates(sentence, None, present):
                if mention.when.year == year and not clause_role(sentence, mention):
                    return number, sentence
    return None


def _which_came_first(
    lesson: Lesson, passage: Passage, count: int, dropped: list[Dropped]
) -> list[Generated]:
    """Two dated sentences of the passage with their dates hidden: which happened first?"""
    if not count:
        return []
    by_sentence: dict[tuple[int, str], list[DatedSentence]] = {}
    for dated in dated_sentences(passage, lesson):
        by_sentence.setdefault((dated.paragraph, dated.sentence), []).append(dated)
    cited = cited_text(lesson)
    usable: list[tuple[DatedSentence, str]] = []  # with the article sentence that dates it
    for (paragraph, sentence), dates in by_sentence.items():
        reason = _ordering_problem(sentence, dates)
        article = ""
        if not reason:
            dating = date_happening(cited, dates[0].mention.when, [sentence])
            reason = "" if dating.ok else "article"
            article = dating.sentence.text if dating.sentence else ""
        if reason:
            dropped.append(Dropped("which_came_first", reason, paragraph, sentence))
        else:
            usable.append((dates[0], article))
    by_date: dict[tuple[int, int, int], tuple[DatedSentence, str]] = {}
    for dated, article in usable:
        by_date.setdefault(dated.mention.when.start, (dated, article))
    ordered = sorted(by_date.values(), key=lambda pair: pair[0].mention.when.start)
    items: list[Generated] = []
    rng = random.Random(seed_for(lesson.id, passage.level.id, "which-came-first"))
    for i in range(min(count, len(ordered) // 2)):
        (first, first_article), (later, later_article) = ordered[i], ordered[-1 - i]
        if not _before(first.mention.when, later.mention.when):
            continue
        pair = [first, later]
        rng.shuffle(pair)
        options = tuple(Option(LETTERS[j], hide_dates(d.sentence)) for j, d in enumerate(pair))
        item = Item(
            0,
            "which_came_first",
            "Which of these happened first?",
            options,
            "",
            ((first.paragraph, first.sentence), (later.paragraph, later.sentence)),
            0,
            generated=True,
            correct=pair.index(first),
            # The key gives the two dates rather than repeat the sentence.
            note=f"({first.mention.when.label}, before {later.mention.when.label})",
        )
        items.append(Generated(item, (first_article, later_article)))
    return items


def _ordering_problem(sentence: str, dates: list[DatedSentence]) -> str:
    """Why a sentence cannot be one side of a "which came first?" item, or ""."""
    if len(dates) > 1:
        return "two dates"
    dated = dates[0]
    mention = dated.mention
    if mention.relative:
        return "relative"
    if dated.dates_statement:
        return "statement"
    edge = clause_role(sentence, mention)
    if edge:
        return edge
    if mention.when.is_range:
        return "range"
    if is_attributive(sentence, mention):
        return "names a thing"
    if needs_antecedent(sentence):
        return "pronoun"
    if states_situation(sentence):
        return "situation"
    if len(sentence.split()) < 5:
        return "too short"
    return ""


def _before(first: When, later: When) -> bool:
    """Strictly earlier: all of the first date ("2020" is the whole year) ends before the later begins."""
    return _extent(first)[1] <= _extent(later)[0]


def _extent(when: When) -> tuple[float, float]:
    """The stretch of time a date covers, as decimal years."""
    start = when.position()
    if when.end:
        return start, when.end_position()
    year, month, day = when.start
    if day:
        return start, start + 1 / 365
    if month:
        return start, start + (3 if when.precision == "season" else 1) / 12
    return start, year + 1.0
