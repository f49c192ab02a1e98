"""The text a student reads: a lesson at one level.

In: a `Lesson` and a `Level`. Out: a `Passage`: headed sections of numbered
paragraphs, its plain text and its measured readability.

At `source` the paragraphs are the article's own (cleaned, not rewritten). At
another level they come from the hand-written file lessons/<lesson>/<level>.md,
whose `## <section-id>` lines align each block with the article section it
adapts. Without such a file the passage falls back to the source text and says
so (`fallback`): it is never presented as being at a level it is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import LessonError
from generator.spec.lesson import Lesson, SectionPart
from generator.spec.levels import Level
from generator.spec.validation import did_you_mean
from generator.text.readability import Readability, measure

_COMMENT = re.compile(r"<!--.*?-->", re.S)  # notes for writers, kept out of the text
_BLOCK_HEADING = re.compile(r"^##\s+([a-z0-9][a-z0-9-]*)\s*(?::\s*(.+?))?\s*$")


@dataclass(frozen=True)
class Paragraph:
    number: int  # numbered through the whole passage, for evidence and keys
    text: str


@dataclass(frozen=True)
class PassageSection:
    section_id: str
    heading: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Passage:
    lesson_id: str
    level: Level
    sections: tuple[PassageSection, ...]
    readability: Readability
    source_file: Path | None  # the hand-written file, None for the article text
    fallback: bool  # True when a level had no hand-written text and got the source

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for s in self.sections for p in s.paragraphs]

    @property
    def plain_text(self) -> str:
        out = []
        for section in self.sections:
            out.append(section.heading)
            out += [p.text for p in section.paragraphs]
        return "\n\n".join(out)

    def manifest_entry(self) -> dict[str, object]:
        """What the manifest records of the passage: its text and measured readability."""
        return {
            "text": self.plain_text,
            "hand_written": self.source_file is not None,
            "fallback_to_source": self.fallback,
            "readability": self.readability.as_dict(),
        }


def leveled_file(lesson: Lesson, level: Level) -> Path | None:
    """The hand-written text for `level`: the lesson's own, else its parent's."""
    for folder in lesson.passage_dirs:
        candidate = folder / f"{level.id}.md"
        if candidate.exists():
            return candidate
    return None


def build_passage(
    lesson: Lesson, level: Level, measurer: Callable[[list[str]], Readability] = measure
) -> Passage:
    path = None if level.is_source else leveled_file(lesson, level)
    if path is None:
        blocks = [(p.section.id, p.section.heading, p.paragraphs) for p in lesson.parts]
    else:
        blocks = _read_leveled(path, lesson, own=path.parent == lesson.passage_dirs[0])
    sections, number = [], 0
    for section_id, heading, texts in blocks:
        paragraphs = []
        for text in texts:
            number += 1
            paragraphs.append(Paragraph(number, text))
        sections.append(PassageSection(section_id, heading, tuple(paragraphs)))
    readability = measurer([p.text for s in sections for p in s.paragraphs])
    fallback = path is None and not level.is_source
    return Passage(lesson.id, level, tuple(sections), readability, path, fallback)


Blocks = dict[str, tuple[str, list[str]]]  # section id -> (heading, paragraphs), in file order


def _read_leveled(path: Path, lesson: Lesson, own: bool) -> list[tuple[str, str, list[str]]]:
    """Parse a leveled file into (section id, heading, paragraphs), in the lesson's order.

    A file inherited from the lesson a custom lesson extends may cover more
    sections than the custom lesson uses: those blocks are left out.
    """
    parts = {p.section.id: p for p in lesson.parts}
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text(encoding="utf-8"))
    blocks, errors = _parse_blocks(text, path, lesson.id, parts, own)
    errors += _coverage_problems(path, parts, blocks)
    if errors:
        raise LessonError(errors)
    return [(sid, blocks[sid][0], blocks[sid][1]) for sid in parts]


def _parse_blocks(
    text: str, path: Path, lesson_id: str, parts: dict[str, SectionPart], own: bool
) -> tuple[Blocks, list[str]]:
    """The `## <section-id>` blocks of the file's text and the problems found line by line.

    Comments are already blanked (line numbers kept). Blocks of sections the lesson does not
    use are read past; in the lesson's own file they are errors.
    """
    blocks: Blocks = {}
    errors: list[str] = []
    current: list[str] | None = None
    seen_heading = False
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if paragraph and current is not None:
            current.append(" ".join(paragraph))
        paragraph.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        heading = _BLOCK_HEADING.match(line)
        if heading:
            close_paragraph()
            seen_heading = True
            section_id, custom = heading.group(1), heading.group(2)
            errors += _heading_problems(f"{path}:{number}", section_id, lesson_id, parts, blocks, own)
            if section_id in parts:
                current = []
                blocks[section_id] = (custom or parts[section_id].section.heading, current)
            else:
                current = None  # a section this lesson does not read: its text is skipped
        elif line.startswith("#"):
            errors.append(f"{path}:{number}: expected '## <section-id>' or text, found '{line}'")
        elif not line:
            close_paragraph()
        elif not seen_heading and own:
            errors.append(
                f"{path}:{number}: expected a '## <section-id>' line before the first paragraph, found text"
            )
        else:
            paragraph.append(line)
    close_paragraph()
    return blocks, errors


def _heading_problems(
    where: str, section_id: str, lesson_id: str, parts: dict[str, SectionPart], blocks: Blocks, own: bool
) -> list[str]:
    """A section given twice; a section the lesson does not read (in its own file only)."""
    problems = []
    if section_id in blocks:
        problems.append(f"{where}: expected each section once, found '## {section_id}' again")
    if section_id not in parts and own:
        problems.append(
            f"{where}: expected a section of lesson '{lesson_id}' "
            f"({', '.join(parts)}), found '{section_id}'" + did_you_mean(section_id, list(parts))
        )
    return problems


def _coverage_problems(path: Path, parts: dict[str, SectionPart], blocks: Blocks) -> list[str]:
    """Every section of the lesson needs a block, and every block paragraphs."""
    problems = []
    missing = [sid for sid in parts if sid not in blocks]
    if missing:
        problems.append(
            f"{path}:1: expected a '## <section-id>' block for every section of the "
            f"lesson, found none for {', '.join(missing)}"
        )
    empty = [sid for sid, (_, texts) in blocks.items() if not texts]
    if empty:
        problems.append(
            f"{path}:1: expected paragraphs under every section, found none under {', '.join(empty)}"
        )
    return problems


def stub_text(lesson: Lesson, level: Level) -> str:
    """A starting file for a person to rewrite: the source paragraphs under their ids."""
    out = [
        f"<!-- {lesson.title}, level '{level.id}'. Rewrite every paragraph for grades "
        f"{level.band or ''} (Flesch-Kincaid {level.fk_range}); keep the '## id' lines; add no "
        f"fact the article does not give. Check with: python -m generator measure {lesson.id} "
        f"--level {level.id} -->"
    ]
    for part in lesson.parts:
        out.append(f"## {part.section.id}: {part.section.heading}")
        out += part.paragraphs
    return "\n\n".join(out) + "\n"
