"""Whether a sentence lifted out of its passage still says what it said there.

In: one sentence. Out: yes/no answers used before a sentence becomes a
question item on its own:

- `pronoun_subject`: its subject is a bare pronoun or "this/that ..." whose
  referent is in an earlier sentence ("It was signed in 1994 in Bishkek.",
  "So in 1919, it had to accept ...", "This line had been set ...");
- `needs_antecedent`: stricter, any pronoun or pointing word ("... blocked
  it", "this road", "the Armenians there");
- `states_situation`: it tells how things were or are ("a lot of Azerbaijanis
  lived in Armenia", "the Armenians were in full control", "Russia is ...")
  rather than something that happened.
"""

from __future__ import annotations

import re

_PRONOUNS = frozenset("it its he his him she her they them their this that these those such".split())
# Words that open an adverbial before the subject: "So in 1919, it ...", "Then, in 1918, the ...".
_LEADING = frozenset(
    "in on at by after before during following since until then so later afterward afterwards "
    "meanwhile however also still soon next first finally eventually instead yet".split()
)
_JOINERS = frozenset("and but or so yet then now also still".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_POINTING = re.compile(
    r"\b(it|he|him|she|they|them|this|these|those)\b|\b(after|before|at|by|since|until) that\b|"
    r"\bthat (time|day|year|month|week|place)\b",
    re.I,
)
_STATE = [
    re.compile(r"\b(lived?|lives|living)\b", re.I),
    re.compile(r"\b(remain|remains|remained|stay|stays|stayed|continue|continues|continued)\b", re.I),
    re.compile(r"\b(exist|exists|existed|belong|belongs|belonged|still|never)\b", re.I),
    re.compile(r"\b(is|are|has|have)\b", re.I),  # the present tense tells a situation
    re.compile(
        r"\b(was|were|had been)\s+(?:\w+ly\s+)?(in|inside|part|under|home|mostly|mainly|about|around|"
        r"approximately|a|an|the|one|no|not|only|\d)\b",
        re.I,
    ),
    re.compile(r"\bhad\s+(a|an|the|no|its|their|his|her|\d)\b", re.I),
    re.compile(r"\b(controlled|held)\s+(the|most|part|about|approximately|\d)", re.I),
    re.compile(r"\bthere (was|were)\b", re.I),
]


def subject_word(sentence: str) -> str:
    """The first word of the main clause, after opening adverbials ("So in 1919, ", "Now ")."""
    rest = sentence.strip()
    for _ in range(4):
        words = _WORD.findall(rest)
        if words and words[0].lower() in _JOINERS:
            rest = rest[rest.find(words[0]) + len(words[0]) :].lstrip(" ,")
            continue
        comma = rest.find(",")
        if not words or words[0].lower() not in _LEADING or comma < 0 or len(_WORD.findall(rest[:comma])) > 8:
            break
        rest = rest[comma + 1 :].strip()
    words = _WORD.findall(rest)
    return words[0].lower() if words else ""


def pronoun_subject(sentence: str) -> bool:
    """Whether the sentence's subject is a pronoun, or this/that/these/those + noun: also after
    an aside ("In practice, or de facto, it controls ...")."""
    if subject_word(sentence) in _PRONOUNS:
        return True
    head = " ".join(sentence.split()[:12])
    return bool(re.search(r",\s+(it|he|she|they|this|these|those)\s+[a-z]+", head, re.I))


def needs_antecedent(sentence: str) -> bool:
    """Whether any word of the sentence points at something named only before it: a pronoun
    (it, they, them, him, her as an object), this/these/those, or 'there' as a place."""
    if pronoun_subject(sentence):
        return True
    if _POINTING.search(sentence):
        return True
    return bool(re.search(r"\bthere\b(?!\s+(is|are|was|were|have|has|had|had been|will)\b)", sentence, re.I))


def states_situation(sentence: str) -> bool:
    """Whether the sentence tells a situation (lived, was in, is, still) rather than a happening."""
    return any(pattern.search(sentence) for pattern in _STATE)
