"""What a date in a sentence dates.

In: a sentence and one of its `DateMention`s. Out: the date's role:

- `role(...)`: the word that governs the date's own phrase: "" for a plain date
  ("in 1994", "on 20 February 1988", "the 1994 ceasefire"), or "since", "until",
  "by", "before", "after" ("occupied since 1994", "By 1921", "Until 2020",
  "Following the 2020 war"). Only a plain date is the date of its happening.
- `clause_role(...)`: the same for the whole clause up to the date, for
  sentences that must be dated by their main happening: "By the end of the
  war in 1994, the Armenians were in control" dates a state "by" 1994.
- `dates_statement(...)`: the date dates a statement, not a happening: "Cornell
  wrote in 1998", "In 2013, Rezaee ... claimed", "Aliyev said in 2023", "in a
  diary entry of 3 May 1915", "the 1979 Soviet census", "a 1926 census report".
- `is_attributive(...)`: the date names a thing ("the 2020 tripartite
  agreement") rather than saying when the sentence's happening took place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.text.dates import DateMention

# Words that make a date the edge of a stretch of time, not the time of a happening.
_EDGE = {
    "since": "since",
    "until": "until",
    "till": "until",
    "by": "by",
    "before": "before",
    "prior": "before",
    "after": "after",
    "following": "after",
    "afterward": "after",
}
# Prepositions that leave the date as the date of its phrase.
_PLAIN = frozenset(
    "in on at during of from through throughout around about circa to between within into across over "
    "early late mid".split()
)
_CLAUSE_END = re.compile(r"[,;:()\u2014]|\bwhen\b|\bwhile\b|\bwhich\b|\bwho\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

_STATEMENT_VERB = (
    r"wrote|writes|written|write|said|says|say|stated|states|claimed|claims|argued|argues|"
    r"published|publishes|noted|notes|suggested|suggests|concluded|concludes|estimated|estimates|"
    r"expressed|reported|reports|told|tells|recalled|recalls|described|describes|"
    r"made a claim|made claims|made a statement|issued a statement"
)
# "Cornell wrote in 1998", "De Waal concluded in 2012".
_VERB_IN = re.compile(rf"\b({_STATEMENT_VERB})\s+(?:in|on|during)\s*$", re.I)
_VERB = re.compile(rf"\b({_STATEMENT_VERB})\b", re.I)
# "the 1979 Soviet census", "a 1926 census report", "his 1915 diary".
_STATEMENT_NOUN = (
    r"diary|diaries|census|censuses|report|reports|memoir|memoirs|interview|interviews|survey|"
    r"surveys|speech|essay|book|article|study|poll|entry|editorial|op-ed|testimony"
)
_NOUN_AFTER = re.compile(rf"^\W*(?:[A-Z][\w-]*\s+){{0,2}}({_STATEMENT_NOUN})\b", re.I)
# "in a diary entry of 3 May 1915", "the census report for 1926", "his diary on 3 May".
_NOUN_BEFORE = re.compile(rf"\b({_STATEMENT_NOUN})(?:\s+entry)?\s+(?:of|from|dated|in|on|for)\s*$", re.I)


def _words_before(sentence: str, mention: DateMention) -> list[str]:
    """The words between the start of the date's clause and the date, nearest last."""
    head = sentence[: mention.start]
    cut = [m.end() for m in _CLAUSE_END.finditer(head)]
    clause = head[cut[-1] :] if cut else head
    return [w.lower() for w in _WORD.findall(clause)]


@lru_cache(maxsize=16384)  # asked of the same sentences by events, evidence, audit and items
def role(sentence: str, mention: DateMention) -> str:
    """ "since", "until", "by", "before", "after", or "" for a plain date."""
    inside = mention.text.lower().split()
    if inside and inside[0] in _EDGE:  # a relative phrase such as "two years after 1992"
        return ""
    words = _words_before(sentence, mention)[-6:]
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word == "of" and i and words[i - 1] == "as":  # "as of 2020"
            return "by"
        if word in _EDGE:
            return _EDGE[word]
        if word in _PLAIN:
            return ""
    return ""


def clause_role(sentence: str, mention: DateMention) -> str:
    """The first edge word ("since", "by", ...) of the date's clause before the date, or ""."""
    words = _words_before(sentence, mention)
    for i, word in enumerate(words):
        # "by" is an edge only before a time ("By the end of the war in 1994"), not an agent.
        rest = words[i + 1 : i + 3]
        if word == "by" and rest and rest[0] != "then" and rest not in (["the", "end"], ["the", "time"]):
            continue
        if word in _EDGE:
            return _EDGE[word]
    return role(sentence, mention)


@lru_cache(maxsize=16384)  # asked of the same sentences by events, evidence, audit and items
def dates_statement(sentence: str, mention: DateMention) -> bool:
    """Whether the date dates a statement (a saying, a writing, a census) rather than a happening."""
    if _VERB_IN.search(sentence[max(0, mention.start - 30) : mention.start]):
        return True
    if _NOUN_AFTER.search(sentence[mention.end : mention.end + 40]):
        return True
    if _NOUN_BEFORE.search(sentence[max(0, mention.start - 40) : mention.start]):
        return True
    opening = re.match(r"\s*(?:In|On|During)\s+", sentence)
    if opening and mention.start == opening.end():
        return _says(sentence[mention.end :])
    return False


def _says(rest: str) -> bool:
    """Whether the words after an opening date ("In 2013, ...") tell a saying: a verb of saying
    just before what was said ("..., claimed that"), or as the main verb ("In 2018, Azerbaijan
    said ..."); not an attribution at the end ("..., the ministry said.")."""
    parts = re.split(r"\bthat\b|[\"“:]", rest, maxsplit=1)
    said = parts[0]
    for verb in _VERB.finditer(said[:160]):
        after, before = said[verb.end() :], said[: verb.start()].lstrip(" ,")
        if re.match(r"\s+(a letter|letters|to)\b", after):
            continue  # "wrote a letter to Khrushchev" is an act, like sending one
        if len(parts) > 1 and not _WORD.findall(after):
            return True
        if "," not in before and len(_WORD.findall(before)) <= 5:
            return True
    return False


@lru_cache(maxsize=16384)  # asked of the same sentences by events, evidence, audit and items
def named_by(sentence: str, mention: DateMention) -> str:
    """The words of the thing a date names, or "": "the 2020 tripartite agreement" ->
    "tripartite agreement"; "the Second Nagorno-Karabakh War (2020)" -> "Second Nagorno-Karabakh War"."""
    before = sentence[: mention.start].rstrip()
    after = sentence[mention.end :]
    if re.search(r"\b(the|a|an|its|their|his|her|this|that)$", before.lower()) and re.match(
        r" [A-Za-z]", after
    ):
        words = re.split(r"[,.;:()]", after, maxsplit=1)[0].split()
        return " ".join(words[:3])
    if before.endswith("(") and after.startswith(")"):
        words = before[:-1].split()
        if words and words[-1][:1].isupper():
            return " ".join(words[-3:])
    return ""


def is_attributive(sentence: str, mention: DateMention) -> bool:
    """ "the 2020 tripartite agreement", "the 1979 Soviet census", "the Second Nagorno-Karabakh
    War (2020)": the date names a thing rather than saying when the sentence's happening was."""
    return bool(named_by(sentence, mention))
