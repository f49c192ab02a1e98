"""Draft definitions from WordNet's own data files, read offline.

In: a word as it appears in a passage ("enclaves", "displaced"). Out: a
`Sense` (the base form, its part of speech and WordNet's first gloss), or None.
The files are Debian's `wordnet-base` (/usr/share/wordnet: index.* and data.*,
the WordNet 3.0 database), which `make` installs; nothing is downloaded. A
base form is found as WordNet's own `morphy` does: the exception lists, then
the detachment rules (enclaves -> enclave, displaced -> displace).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.errors import GeneratorError

WORDNET_DIR = Path(os.environ.get("WORDNET_DIR", "/usr/share/wordnet"))
_POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
PART_OF_SPEECH = {"n": "noun", "v": "verb", "a": "adjective", "s": "adjective", "r": "adverb"}
# WordNet's morphy detachment rules: (ending, replacement) per part of speech.
_RULES = {
    "n": [
        ("s", ""),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ],
    "v": [
        ("s", ""),
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "r": [],
}


@dataclass(frozen=True)
class Sense:
    lemma: str  # the base form, spaces for WordNet's underscores
    part_of_speech: str  # noun, verb, adjective, adverb
    gloss: str  # the definition, without WordNet's example sentences


def available(folder: Path = WORDNET_DIR) -> bool:
    return all((folder / f"index.{name}").exists() for name in _POS_FILES.values())


def require(folder: Path = WORDNET_DIR) -> None:
    if not available(folder):
        raise GeneratorError(
            f"expected the WordNet dictionary in {folder} (index.noun, data.noun, ...), found none; "
            "install it with 'apt-get install wordnet-base' (make does this)"
        )


@cache
def _index_bytes(folder: Path, pos: str) -> bytes:
    """index.<pos> as bytes: its lines are sorted by lemma, byte by byte, after a license
    header of lines that start with two spaces."""
    return (folder / f"index.{_POS_FILES[pos]}").read_bytes()


@cache
def _entry(folder: Path, pos: str, lemma: str) -> tuple[int, tuple[int, ...]] | None:
    """(tagged sense count, synset offsets, most frequent first) of `lemma`, found by
    binary search over the sorted index (a few lookups need no parse of its 100,000 lines)."""
    data, key = _index_bytes(folder, pos), lemma.encode("utf-8") + b" "
    low, high = 0, len(data)
    while low < high:  # the first line at or after `low` whose lemma is not below `key`
        middle = (low + high) // 2
        start = data.rfind(b"\n", 0, middle) + 1
        end = data.find(b"\n", start)
        line = data[start : end if end >= 0 else len(data)]
        if line.startswith(b"  ") or line < key:
            low = (end + 1) if end >= 0 else len(data)
        else:
            high = start
    end = data.find(b"\n", low)
    line = data[low : end if end >= 0 else len(data)]
    if not line.startswith(key):
        return None
    fields = line.decode("utf-8").split()
    pointers, sense_count = int(fields[3]), int(fields[2])
    tagged = int(fields[5 + pointers])
    return tagged, tuple(int(f) for f in fields[6 + pointers : 6 + pointers + sense_count])


@cache
def _exceptions(folder: Path, pos: str) -> dict[str, str]:
    out: dict[str, str] = {}
    with (folder / f"{_POS_FILES[pos]}.exc").open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            if len(fields) >= 2:
                out.setdefault(fields[0], fields[1])
    return out


def _base_forms(word: str, pos: str, folder: Path) -> list[str]:
    forms = [word] if _entry(folder, pos, word) else []
    exception = _exceptions(folder, pos).get(word)
    if exception and _entry(folder, pos, exception):
        forms.append(exception)
    for ending, replacement in _RULES[pos]:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            base = word[: len(word) - len(ending)] + replacement
            if _entry(folder, pos, base):
                forms.append(base)
    return list(dict.fromkeys(forms))


def _gloss(folder: Path, pos: str, offset: int) -> tuple[str, str]:
    """(synset type, gloss) of the synset at `offset` of data.<pos>."""
    with (folder / f"data.{_POS_FILES[pos]}").open("rb") as handle:
        handle.seek(offset)
        line = handle.readline().decode("utf-8")
    head, _, gloss = line.partition(" | ")
    definition = gloss.split('; "')[0].strip().rstrip(";").strip()
    return head.split()[2], definition


def lookup(word: str, folder: Path = WORDNET_DIR) -> Sense | None:
    """The most frequent sense of `word`, in the part of speech people use most, whose
    gloss is not circular ("broker: act as a broker"); or None."""
    key = word.lower().replace(" ", "_")
    ranked = []  # (rank, pos, lemma)
    for pos in _POS_FILES:
        for base in _base_forms(key, pos, folder):
            found = _entry(folder, pos, base)
            assert found is not None  # a base form is one the index has
            tagged, offsets = found
            if offsets:  # the form as written first, then the most used part of speech
                ranked.append((tagged + (1000 if base == key else 0), pos, base))
    senses = []
    for _, pos, lemma in sorted(ranked, reverse=True):
        found = _entry(folder, pos, lemma)
        for offset in found[1][:4] if found else ():
            synset_type, gloss = _gloss(folder, pos, offset)
            senses.append(Sense(lemma.replace("_", " "), PART_OF_SPEECH.get(synset_type, "noun"), gloss))
    if not senses:
        return None
    return next((s for s in senses if not _circular(s)), senses[0])


def _circular(sense: Sense) -> bool:
    """A short gloss that only names the word again: "act as a broker"."""
    return len(sense.gloss.split()) <= 4 and sense.lemma[:5] in sense.gloss.lower()
