"""Student and teacher packs: one PDF per lesson and level, with a cover.

In: the lesson, its passage and the PDFs built for it. Out: `PackCover`
documents to render (render/merge.py joins cover and documents into one PDF
with a bookmark per document). The student pack holds what students
get (no level, no answers); the teacher pack holds teacher copies and keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.documents.base import Document, estimate_line, masthead_for
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.spec.levels import grade_span

# Pack name -> the document kinds it holds, in order, with their bookmark labels.
# With A/B versions, packs take version A.
PACKS: dict[str, tuple[tuple[str, str], ...]] = {
    "student-pack": (
        ("handout", "Reading"),
        ("vocabulary", "Vocabulary"),
        ("timeline", "Timeline"),
        ("questions", "Questions"),
        ("questions-a", "Questions"),
    ),
    "teacher-pack": (
        ("teacher-guide", "Teacher guide"),
        ("handout-teacher", "Reading (teacher copy)"),
        ("vocabulary-key", "Vocabulary: answer key"),
        ("timeline-key", "Timeline: answer key"),
        ("questions-key", "Questions: answer key"),
        ("questions-a-key", "Questions: answer key (version A)"),
    ),
}


@dataclass(frozen=True)
class PackCover(Document):
    # kind: "student-pack" or "teacher-pack"
    is_teacher: bool
    contents: tuple[str, ...]
    objectives: tuple[str, ...]
    level_line: str  # teacher pack only
    estimate: str  # teacher pack only
    template: str = "cover.html"


def pack_members(pack: str, built_kinds: set[str]) -> list[tuple[str, str]]:
    return [(kind, label) for kind, label in PACKS[pack] if kind in built_kinds]


def compose_cover(pack: str, lesson: Lesson, passage: Passage, built_kinds: set[str]) -> PackCover:
    level = passage.level
    teacher = pack == "teacher-pack"
    grades = grade_span(level.grades) if level.grades else "above grade 12 (source text)"
    return PackCover(
        kind=pack,
        masthead=masthead_for(lesson, passage),
        is_teacher=teacher,
        contents=tuple(label for _, label in pack_members(pack, built_kinds)),
        objectives=tuple(lesson.spec.objectives),
        level_line=f"{level.name}, grades {grades}" if teacher else "",
        estimate=estimate_line(passage) if teacher else "",
    )
