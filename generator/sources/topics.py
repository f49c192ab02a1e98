"""Find the sections of a page that has no headings, where its topic changes.

In: the blocks of a page without headings. Out: the same blocks with a
`Heading` wherever the topic changes, each named from its own words; the
first part stays the lead. Nothing is invented: a heading is one or two of
the words the section itself uses most, compared with the rest of the page.

The method is TextTiling (Hearst, 1997) at paragraph grain: the words of the
paragraphs before each gap are compared with those after it (cosine of their
counts, stop words left out, plurals folded); a gap where that similarity
dips deeper than most others is a boundary. Sections of one paragraph are not
made, and a page is never cut into more than one section per two paragraphs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from generator.sources.page import Block, Heading, Item, Paragraph

WINDOW = 1  # paragraphs compared on each side of a gap (1 scored best on the bundled article)
MIN_PARAGRAPHS = 4  # a shorter page stays one section
MIN_SECTION = 2  # paragraphs in a section after the lead

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
STOPWORDS = frozenset(
    """
    a about above after again against all almost also although always among an and another any are
    around as at away back be became because become becomes been before began begin begins being
    below between both but by called came can cannot come comes could did do does done down during
    each early even ever every far few first for found from further get gets give given go goes
    good great had has have having he her here hers him his how however if in including into is it
    its itself just kind kinds known large larger last later least less like long made main make
    makes making many may more most much must near nearly never new next no nor not now of off
    often on once one only onto or other others our out over own part parts people per place
    places put rather same see seen several she should since small smaller so some soon still
    such take takes than that the their them themselves then there these they thing things this
    those though three through thus time times to today together too took two under until up upon
    us use used uses using very was way ways we well were what when where whether which while who
    whom whose why will with within without would year years yet you your
    number numbers total example group side half hundred thousand million billion percent lot
    """.split()
)


@dataclass
class _Unit:
    """One paragraph with the list items and captions that follow it."""

    blocks: list[Block]

    @property
    def text(self) -> str:
        return " ".join(b.text for b in self.blocks if isinstance(b, Paragraph | Item))


def find_sections(blocks: list[Block]) -> list[Block]:
    units = _units(blocks)
    if sum(1 for u in units if _has_paragraph(u)) < MIN_PARAGRAPHS:
        return blocks
    counts = weighted([Counter(terms(u.text)) for u in units])
    cuts = boundaries(counts)
    if not cuts:
        return blocks
    out: list[Block] = []
    starts = [0, *cuts]
    ends = [*cuts, len(units)]
    sections = [units[s:e] for s, e in zip(starts, ends, strict=True)]
    names = name_sections([" ".join(u.text for u in part) for part in sections])
    for i, part in enumerate(sections):
        if i > 0:
            out.append(Heading(2, names[i]))
        out += [b for u in part for b in u.blocks]
    return out


def _units(blocks: list[Block]) -> list[_Unit]:
    units: list[_Unit] = []
    for block in blocks:
        if isinstance(block, Paragraph) or not units:
            units.append(_Unit([block]))
        else:
            units[-1].blocks.append(block)
    return units


def _has_paragraph(unit: _Unit) -> bool:
    return any(isinstance(b, Paragraph) for b in unit.blocks)


def terms(text: str) -> list[str]:
    """Content words, lower-cased, plurals folded ("colonies" -> "colony")."""
    return [fold(w) for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS]


def fold(word: str) -> str:
    word = word.removesuffix("'s").removesuffix("’s")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def weighted(counts: list[Counter[str]]) -> list[dict[str, float]]:
    """Counts times inverse paragraph frequency: a word in every paragraph ("bee" on a page
    about bees) says nothing about where the topic changes."""
    frequency: Counter[str] = Counter()
    for c in counts:
        frequency.update(set(c))
    n = len(counts)
    return [{t: v * math.log(n / frequency[t]) for t, v in c.items() if frequency[t] < n} for c in counts]


def boundaries(counts: list[dict[str, float]]) -> list[int]:
    """Indexes of the units that start a new section (never 0)."""
    n = len(counts)
    gaps = list(range(1, n))
    scores = [_cosine(_window(counts, g - WINDOW, g), _window(counts, g, g + WINDOW)) for g in gaps]
    depths = [_depth(scores, i) for i in range(len(scores))]
    if not depths:
        return []
    mean = sum(depths) / len(depths)
    spread = math.sqrt(sum((d - mean) ** 2 for d in depths) / len(depths))
    cutoff = max(mean - spread / 2, 1e-9)
    most = max(1, n // MIN_SECTION - 1)
    chosen: list[int] = []
    for depth, gap in sorted(zip(depths, gaps, strict=True), key=lambda p: (-p[0], p[1])):
        if depth < cutoff or len(chosen) >= most:
            break
        edges = sorted([0, *chosen, gap, n])
        if _sizes_ok(edges):
            chosen.append(gap)
    return sorted(chosen)


def _sizes_ok(edges: list[int]) -> bool:
    """Every section after the lead has at least two paragraphs; the lead may have one."""
    sizes = [b - a for a, b in zip(edges, edges[1:], strict=False)]
    return sizes[0] >= 1 and all(s >= MIN_SECTION for s in sizes[1:])


def _window(counts: list[dict[str, float]], start: int, end: int) -> dict[str, float]:
    total: dict[str, float] = {}
    for c in counts[max(0, start) : max(0, end)]:
        for t, v in c.items():
            total[t] = total.get(t, 0.0) + v
    return total


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _depth(scores: list[float], i: int) -> float:
    """How far the similarity at gap i lies below the peaks on either side of it."""
    left = scores[i]
    for s in reversed(scores[:i]):
        if s < left:
            break
        left = s
    right = scores[i]
    for s in scores[i + 1 :]:
        if s < right:
            break
        right = s
    return (left - scores[i]) + (right - scores[i])


def name_sections(texts: list[str]) -> list[str]:
    """A heading per section from the words it uses more than the rest of the page does."""
    counts = [Counter(terms(t)) for t in texts]
    document_frequency: Counter[str] = Counter()
    for c in counts:
        document_frequency.update(set(c))
    names = []
    used: set[str] = set()
    for text, count in zip(texts, counts, strict=True):
        nouns = _noun_likeness(text)
        score = {
            t: c * math.log((1 + len(texts)) / document_frequency[t]) * nouns.get(t, 1.0)
            for t, c in count.items()
        }
        ranked = sorted(
            (t for t in count if not t.endswith(("ly", "ed")) and t not in used),
            key=lambda t: (-score[t], -count[t], text.lower().find(t)),
        )
        if not ranked:
            names.append("More")
            continue
        top = ranked[0]
        phrase = _phrase_with(text, top, used)
        if phrase:
            used.update(terms(phrase))
            names.append(_heading([phrase]))
            continue
        chosen = [top]
        second = ranked[1] if len(ranked) > 1 else None
        noun = second is not None and nouns.get(second) == 1.5 and not second.endswith("ing")
        if second and noun and score[second] >= 0.6 * score[top]:
            chosen.append(second)
        used.update(chosen)
        names.append(_heading([_surface(text, t) for t in chosen]))
    return names


def _phrase_with(text: str, term: str, used: set[str]) -> str | None:
    """A two-word phrase the section repeats that holds its top word ("border crisis")."""
    pairs: Counter[str] = Counter()
    for sentence in re.split(r"[.!?;:,()\"“”]", text):
        tokens = _WORD.findall(sentence)
        for first, second in zip(tokens, tokens[1:], strict=False):
            a, b = first.lower(), second.lower()
            if {a, b} & STOPWORDS or len(a) < 3 or len(b) < 3 or {fold(a), fold(b)} & used:
                continue
            if term in (fold(a), fold(b)) and not a.endswith(("ly", "ed")):
                pairs[f"{first} {second}"] += 1
    best = max(pairs.items(), key=lambda p: p[1], default=None)
    return best[0] if best and best[1] >= 2 else None


_DETERMINER = frozenset("the a an its their this these those each every her his our of".split())
_BEFORE_VERB = frozenset("to can cannot will may might must not she they he it that which who also".split())


def _noun_likeness(text: str) -> dict[str, float]:
    """Without a tagger, neighbours tell: "the queen" is a noun, "can lay" a verb, and a word
    nearly always followed by another content word ("ethnic Armenians") only modifies it."""
    after_determiner: Counter[str] = Counter()
    after_verb_cue: Counter[str] = Counter()
    modifies: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for sentence in re.split(r"[.!?;:,()\"“”]", text):
        tokens = _WORD.findall(sentence.lower())
        for i, word in enumerate(tokens):
            term = fold(word)
            seen[term] += 1
            before = tokens[i - 1] if i else ""
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if before in _DETERMINER:
                after_determiner[term] += 1
            elif before in _BEFORE_VERB:
                after_verb_cue[term] += 1
            if after and after not in STOPWORDS and not after.endswith(("ed", "ing")):
                modifies[term] += 1
    likeness = {}
    for term, n in seen.items():
        if modifies[term] > 0.6 * n:
            likeness[term] = 0.3
        elif after_determiner[term]:
            likeness[term] = 1.5
        elif after_verb_cue[term]:
            likeness[term] = 0.3
    return likeness


def _surface(text: str, term: str) -> str:
    """The word as the text most often writes it ("Varroa", "mites")."""
    forms: Counter[str] = Counter(w for w in _WORD.findall(text) if fold(w.lower()) == term)
    if not forms:
        return term
    # A capital inside a sentence marks a name; a lower-case form wins otherwise.
    lower = [f for f in forms if f.islower()]
    best: str = max(lower or list(forms), key=lambda f: (forms[f], -len(f)))
    return best


def _heading(words: list[str]) -> str:
    text = " and ".join(words)
    return text[0].upper() + text[1:]
