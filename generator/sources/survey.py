"""What a teacher should know about an article before writing a lesson on it.

In: an `Article` (read with its metadata if there is one). Out: `Survey`:
each section's id, heading, word count, first sentence and reading grade;
the infobox facts; the dated events of the text; and warnings: sections and
paragraphs too long for a handout, page furniture or references that survived
the reader, characters the print fonts lack, missing metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.passages.events import is_source_dating
from generator.sources import boilerplate, fonts
from generator.sources.model import Article
from generator.text.clean import word_count
from generator.text.dates import When, context_year, find_dates
from generator.text.readability import measure, split_sentences

MAX_SECTION_WORDS = 600  # about two printed pages at elementary type
MAX_PARAGRAPH_WORDS = 180  # a paragraph a student can hold in mind

# Text that belongs to a reference list or a website, not to a reading passage.
_RESIDUE = [
    (re.compile(r"\b(retrieved|accessed|archived)( on| from)? \d|\bretrieved from\b", re.I), "a citation"),
    (re.compile(r"\bISBN\b|\bdoi:\s*10\.|\bISSN\b", re.I), "a citation"),
    (re.compile(r"https?://|www\.\w", re.I), "a web address"),
    (re.compile(r"\[\s*(edit|citation needed)\s*\]", re.I), "an edit marker"),
    (re.compile(r"\b(jump to navigation|main page|random article|log in|sign in)\b", re.I), "navigation"),
    (re.compile(r"\bcookies?\b.*\b(accept|consent|policy)\b|\ball rights reserved\b", re.I), "site text"),
    (re.compile(r"^\^|^\d+\.\s+\^|\bet al\.", re.I), "a reference"),
    (re.compile(r"\.(png|jpe?g|svg|gif)\b", re.I), "an image file name"),
    (re.compile(r"^Part \d+$"), "a numbered part"),
]


@dataclass(frozen=True)
class SectionLine:
    id: str
    heading: str
    parent: str | None
    paragraphs: int
    words: int
    grade: float | None  # Flesch-Kincaid grade of the section's own text
    first_sentence: str


@dataclass(frozen=True)
class DatedEvent:
    when: When
    section_id: str
    paragraph: int
    sentence: str


@dataclass(frozen=True)
class Survey:
    article: Article
    sections: tuple[SectionLine, ...]
    events: tuple[DatedEvent, ...]
    warnings: tuple[str, ...]
    words: int
    grade: float | None


def survey(
    article: Article, max_section: int = MAX_SECTION_WORDS, max_paragraph: int = MAX_PARAGRAPH_WORDS
) -> Survey:
    lines = tuple(_section_line(s.id, s.heading, s.parent, s.paragraphs) for s in article.sections)
    everything = [p for s in article.sections for p in s.paragraphs]
    whole = measure(everything).fk_grade if everything else None
    return Survey(
        article,
        lines,
        tuple(dated_events(article)),
        tuple(warnings(article, max_section, max_paragraph)),
        sum(s.words for s in article.sections),
        whole,
    )


def _section_line(sid: str, heading: str, parent: str | None, paragraphs: list[str]) -> SectionLine:
    sentences = split_sentences(paragraphs[0]) if paragraphs else []
    return SectionLine(
        sid,
        heading,
        parent,
        len(paragraphs),
        sum(word_count(p) for p in paragraphs),
        measure(paragraphs).fk_grade if paragraphs else None,
        sentences[0] if sentences else "",
    )


def dated_events(article: Article) -> list[DatedEvent]:
    """The text's dates, with the sentence and where it is; dates of a statement left out."""
    present = article.source.present if article.source else None
    found: list[DatedEvent] = []
    for section in article.sections:
        year = context_year(section.heading)
        for number, paragraph in enumerate(section.paragraphs, start=1):
            for sentence in split_sentences(paragraph):
                for mention in find_dates(sentence, year, present):
                    if not is_source_dating(sentence, mention):
                        found.append(DatedEvent(mention.when, section.id, number, sentence))
                year = context_year(sentence) or year
    return sorted(found, key=lambda e: (e.when.start, e.section_id, e.paragraph))


def warnings(article: Article, max_section: int, max_paragraph: int) -> list[str]:
    out: list[str] = []
    if article.source is None:
        out.append(
            "no metadata file: a build needs the title and license; run "
            f"'python -m generator add-article {article.path}'"
        )
    for section in article.sections:
        if section.words > max_section:
            fits = _paragraphs_within(section.paragraphs, max_section)
            out.append(
                f"section '{section.id}' has {section.words} words (over {max_section}): a lesson "
                f"can take part of it (- section: {section.id}, paragraphs: {fits})"
            )
        if section.duplicate_of:
            out.append(f"section '{section.id}' repeats '{section.duplicate_of}' word for word")
        for residue, kind in _residue(section.heading):
            out.append(f"heading of '{section.id}' looks like {kind}: {residue!r}")
        for number, paragraph in enumerate(section.paragraphs, start=1):
            words = word_count(paragraph)
            if words > max_paragraph:
                out.append(
                    f"section '{section.id}' paragraph {number} has {words} words (over {max_paragraph})"
                )
            for residue, kind in _residue(paragraph):
                out.append(f"section '{section.id}' paragraph {number} looks like {kind}: {residue!r}")
    text = "\n".join(
        [s.heading for s in article.sections]
        + [p for s in article.sections for p in s.paragraphs]
        + [i.caption for i in article.images]
        + [v for f in article.infobox for v in (f.label, *f.values)]
    )
    by_fonts: dict[tuple[str, ...], list[fonts.Gap]] = {}
    for gap in fonts.gaps(text):
        by_fonts.setdefault(gap.missing_from, []).append(gap)
    for missing_from, found in by_fonts.items():
        fallback = (
            "they print in another font or as boxes"
            if found[0].everywhere
            else f"they print in {', '.join(f for f in fonts.FAMILIES if f not in missing_from)}"
        )
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        shown = ", ".join(g.describe() for g in found[:8]) + more
        out.append(f"characters not in {', '.join(missing_from)} ({fallback}): {shown}")
    return out


def _paragraphs_within(paragraphs: list[str], budget: int) -> str:
    """'1-2': the first paragraphs that fit in `budget` words (at least the first)."""
    total, last = 0, 0
    for number, paragraph in enumerate(paragraphs, start=1):
        total += word_count(paragraph)
        if total > budget:
            break
        last = number
    return f"1-{last}" if last > 1 else "1"


def _residue(text: str) -> list[tuple[str, str]]:
    found = []
    for pattern, kind in _RESIDUE:
        match = pattern.search(text)
        if match:
            start = max(0, match.start() - 20)
            found.append((text[start : match.end() + 20].strip(), kind))
            break
    if not found and (boilerplate.is_furniture(text) or boilerplate.is_language_list([text])):
        found.append((text[:60], "navigation or a language list"))
    return found
