"""Find glossary terms in a passage and suggest new ones.

In: a `Passage` and the lesson's glossary. Out: where each term is used (the
paragraph number, the sentence, the exact form: "enclaves" for "enclave"),
errors for terms defined at a level whose passage does not use them, and
candidate words for a teacher to choose from, rarest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.errors import LessonError
from generator.passages.passage import Passage
from generator.spec.lesson import GlossaryEntry, Lesson
from generator.text.clean import words
from generator.text.readability import HARD_WORD_ZIPF, split_sentences

_ENDINGS = r"(?:s|es|d|ed|ing|'s|’s)?"


@dataclass(frozen=True)
class Use:
    """One use of a term in a passage."""

    paragraph: int
    sentence: str
    form: str  # the words as written in the sentence


@dataclass(frozen=True)
class Candidate:
    word: str
    zipf: float
    is_name: bool
    glossed: bool


@lru_cache(maxsize=4096)
def term_pattern(term: str) -> re.Pattern[str]:
    """Whole-word match of a term and its inflected forms, case-insensitive:
    occupy -> occupied, casualty -> casualties, ration -> rationed, cease -> ceasing."""
    parts = term.split()
    last = parts[-1] if parts else ""
    forms = [re.escape(last) + _ENDINGS]
    if last.endswith("y"):
        forms.append(re.escape(last[:-1]) + "(?:ies|ied)")
    if last.endswith("e"):
        forms.append(re.escape(last[:-1]) + "ing")
    body = r"\s+".join([re.escape(p) for p in parts[:-1]] + ["(?:" + "|".join(forms) + ")"])
    return re.compile(rf"(?<![\w-])({body})(?![\w-])", re.IGNORECASE)


def first_use(term: str, passage: Passage) -> Use | None:
    pattern = term_pattern(term)
    for paragraph in passage.paragraphs:
        for sentence in split_sentences(paragraph.text):
            match = pattern.search(sentence)
            if match:
                return Use(paragraph.number, sentence, match.group(1))
    return None


def entries_for(lesson: Lesson, passage: Passage) -> list[tuple[GlossaryEntry, Use]]:
    """The lesson's terms for this level, each with its first use, in glossary order."""
    level_id = passage.level.id
    chosen = []
    for entry in lesson.spec.glossary:
        if level_id in entry.definitions or (passage.level.is_source and entry.definitions):
            use = first_use(entry.term, passage)
            if use:
                chosen.append((entry, use))
    return chosen


def check_glossary(lesson: Lesson, passage: Passage) -> None:
    """Raise unless every term defined for a level appears in that level's passage (drafts aside)."""
    errors, _ = glossary_messages(lesson, passage)
    if errors:
        raise LessonError(errors)


def glossary_messages(lesson: Lesson, passage: Passage) -> tuple[list[str], list[str]]:
    """(errors, notes): a term defined for a level must appear in that level's passage;
    a draft term (written by new-lesson) that does not is left out with a note.

    A custom lesson that inherits its glossary and drops sections may lose some
    terms' sentences: those terms are left off its sheets, not reported.
    """
    if passage.level.is_source or passage.fallback or not lesson.states("glossary"):
        return [], []
    level_id = passage.level.id
    text_file = passage.source_file or lesson.article.path
    errors: list[str] = []
    notes: list[str] = []
    for i, entry in enumerate(lesson.spec.glossary):
        if level_id not in entry.definitions or first_use(entry.term, passage) is not None:
            continue
        where = lesson.where(("glossary", i, "definitions", level_id))
        if entry.draft:
            notes.append(
                f"{where}: draft term '{entry.term}' left out at {level_id}: the passage does not "
                "use it; delete it or its definition for this level"
            )
        else:
            errors.append(
                f"{where}: expected the term '{entry.term}' in the {level_id} passage "
                f"({text_file}), found no use of it; use the word in the passage or remove "
                f"the '{level_id}' definition"
            )
    return errors, notes


def suggest(lesson: Lesson, passage: Passage, limit: int = 40) -> list[Candidate]:
    """Words of the passage a teacher might gloss, rarest first."""
    from wordfreq import zipf_frequency

    sentences = [s for p in passage.paragraphs for s in split_sentences(p.text)]
    names = {w for s in sentences for w in words(s)[1:] if w[0].isupper()}
    seen: dict[str, Candidate] = {}
    for sentence in sentences:
        for word in words(sentence):
            key = re.sub(r"['’]s$", "", word.lower())
            if key in seen or any(ch.isdigit() for ch in key) or len(key) < 4:
                continue
            zipf = zipf_frequency(key, "en")
            if zipf >= HARD_WORD_ZIPF + 0.5:
                continue
            seen[key] = Candidate(key, zipf, word in names, lesson.spec.gloss_for(key) is not None)
    return sorted(seen.values(), key=lambda c: (c.zipf, c.word))[:limit]
