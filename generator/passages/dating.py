"""Which article sentence dates a happening, and whether it dates it so.

In: a lesson's `CitedText`, a date, and the words that tell a happening (an
event's wordings, or a passage sentence); optionally words quoted from the
article sentence that should date it. Out: a `Dating`: among the cited
sentences that give that date, the one that tells the same happening (most
shared words), and whether it gives the date as the date of that happening,
or why not: the date bounds a stretch of time ("occupied since 1994", "By
1921", "Until 2020"), dates a statement ("Cornell wrote in 1998"), or is one end
of a range ("1988–1994").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.passages.cited import CitedSentence, CitedText
from generator.text.dates import DateMention, When
from generator.text.roles import dates_statement, named_by, role

# Words that say nothing about which happening a sentence tells.
_STOP = frozenset(
    """a an the of in on at to for and or but with by from as is are was were be been being has have had
    it its they them their this that these those which who whom whose what when where not no also into
    over after before between during than then there both all some any more most other such only own
    same so up out about against under again once here very can could will would just should now
    each few many much one two three first second later since until while did does do done being
    region january february march april may june july august september october november december
    spring summer autumn fall winter early late mid year years month day morning""".split()
)  # the date's own words too: a shared "November" says nothing about the happening
# Words of an event that is itself a statement ("A Soviet census counts ...").
_SAYING = re.compile(
    r"\b(say|says|said|write|writes|wrote|claim|claims|claimed|argue|argues|argued|census|report|"
    r"reports|letter|statement|publish|publishes|published|count|counts|counted|show|shows|showed|"
    r"estimate|estimates|note|notes|suggest|suggests|diary)\b",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+")
MIN_SHARED = 2.0  # shared words that make a sentence tell the same happening

WHY = {
    "since": "bounds a stretch of time that starts then ('since')",
    "until": "bounds a stretch of time that ends then ('until')",
    "by": "says what was so by then ('by')",
    "before": "dates something that came later ('before')",
    "after": "dates something that came earlier ('after', 'following')",
    "statement": "dates a statement (wrote, said, a census), not the happening",
    "range": "is one end of a range",
    "names": "is the date of another thing named there, not of this happening",
    "unmatched": "gives the date, but for another happening",
    "absent": "is not given by the cited sections",
    "quote": "names no sentence of the cited sections",
}


@dataclass(frozen=True)
class Dating:
    problem: str  # "" when the sentence dates the happening so; else a key of WHY
    sentence: CitedSentence | None  # the article sentence (or the closest one)
    mention: DateMention | None  # its date

    @property
    def ok(self) -> bool:
        return not self.problem


@lru_cache(maxsize=16384)  # the same sentences are compared at every level and by every check
def stems(text: str) -> frozenset[str]:
    """Crude stems of a text's content words: 'occupying' and 'occupied' -> 'occup'."""
    out = set()
    for word in _WORD.findall(text.lower()):
        if word in _STOP or len(word) < 3:
            continue
        for suffix in ("ations", "ation", "ing", "ies", "ied", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        out.add(word)
    return frozenset(out)


def same_stem(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def shared(words: set[str], sentence: str, common: frozenset[str]) -> float:
    """How many of `words` the sentence also uses; the text's everyday words count half."""
    theirs = stems(sentence)
    return sum(0.5 if w in common else 1.0 for w in words if any(same_stem(w, t) for t in theirs))


_COMMON: dict[int, frozenset[str]] = {}


def common_stems(cited: CitedText) -> frozenset[str]:
    """Stems in more than a quarter of the cited sentences ('armenia' in a text on Armenia)."""
    key = id(cited)
    if key not in _COMMON:
        counts: dict[str, int] = {}
        for sentence in cited.sentences:
            for stem in stems(sentence.text):
                counts[stem] = counts.get(stem, 0) + 1
        limit = max(2, len(cited.sentences) // 4)
        _COMMON[key] = frozenset(s for s, n in counts.items() if n > limit)
    return _COMMON[key]


def _relation(event: When, known: When) -> str | None:
    """ "same" when the text's date is the event's (or says more about it); "range" when the
    event's date is only one end of the text's range."""
    if event.start == known.start and event.end == known.end:
        return "same"
    if event.is_range:
        return None
    if known.is_range:
        ends = (known.start[0], (known.end or known.start)[0])
        return "range" if event.precision == "year" and event.year in ends else None
    year, month, day = event.start
    if (
        year == known.start[0]
        and (not month or month == known.start[1])
        and (not day or day == known.start[2])
    ):
        if event.precision != "season" or known.precision == "season":
            return "same"
    return None


def date_happening(cited: CitedText, when: When, texts: list[str], dated_by: str | None = None) -> Dating:
    """The article sentence that dates the happening told by `texts` on `when`, and whether
    it gives `when` as the date of that happening."""
    pool = cited.containing(dated_by) if dated_by else list(cited.sentences)
    if dated_by and not pool:
        return Dating("quote", None, None)
    words = set().union(*(stems(t) for t in texts)) if texts else set()
    common = common_stems(cited)
    saying = any(_SAYING.search(t) for t in texts)
    best: tuple[float, int, CitedSentence, DateMention, str] | None = None
    giving = 0  # sentences that give the very date
    for sentence in pool:
        for mention in sentence.mentions:
            relation = _relation(when, mention.when)
            if relation is None:
                continue
            giving += relation == "same"
            problem = _problem(sentence, mention, relation, saying, words, common)
            score = shared(words, sentence.text, common)
            candidate = (score, 0 if problem else 1, sentence, mention, problem)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    if best is None:
        closest = pool[0] if dated_by else None
        return Dating("absent", closest, None)
    score, _, sentence, mention, problem = best
    # A date as precise as a month, given by one sentence only, needs only one shared word.
    alone = (
        giving == 1 and when.precision in ("day", "month") and mention.when.start == when.start and score > 0
    )
    if not dated_by and not alone and score < min(MIN_SHARED, len(words)):
        return Dating("unmatched", sentence, mention)
    return Dating(problem, sentence, mention)


def _problem(
    sentence: CitedSentence,
    mention: DateMention,
    relation: str,
    saying: bool,
    words: set[str],
    common: frozenset[str],
) -> str:
    if relation == "range":
        return "range"
    if sentence.paragraph == 0:  # a heading's date names its section's subject
        return ""
    edge = role(sentence.text, mention)
    named = named_by(sentence.text, mention)
    if named:
        # "since the 2020 ceasefire agreement": 2020 is the agreement's own date, right for
        # an event about the agreement, wrong for anything else the sentence tells.
        return "" if shared(words - common, named, frozenset()) else (edge or "names")
    if edge:
        return edge
    if dates_statement(sentence.text, mention) and not saying:
        return "statement"
    return ""
