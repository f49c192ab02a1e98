"""What remains of the drafts `new-lesson` wrote, for the build's notes.

In: a lesson and its passages. Out: one note naming every item still marked
`draft: true` (file, line and item), and one per hand-written passage that is
still the article's own text (a level stub not yet rewritten). Drafts build;
these notes say what is left to do.
"""

from __future__ import annotations

from generator.passages.passage import Passage
from generator.spec.lesson import Lesson
from generator.spec.yamlfile import KeyPath


def draft_items(lesson: Lesson) -> list[KeyPath]:
    """Spec paths of the items of the lesson's own file still marked as drafts."""
    spec = lesson.spec
    items: list[KeyPath] = []
    if lesson.states("glossary"):
        items += [("glossary", i) for i, entry in enumerate(spec.glossary) if entry.draft]
    if lesson.states("events"):
        items += [("events", i) for i, event in enumerate(spec.events) if event.draft]
    if lesson.states("questions"):
        for level_id, questions in spec.questions.items():
            items += [("questions", level_id, i) for i, q in enumerate(questions) if q.draft]
    if lesson.states("teacher") and spec.teacher and spec.teacher.draft:
        items.append(("teacher",))
    return items


def draft_notes(lesson: Lesson, passages: list[Passage]) -> list[str]:
    notes = []
    items = draft_items(lesson)
    if items:
        first = lesson.where(items[0]).rsplit(": ", 1)[0]
        names = ", ".join(lesson.where(item).rsplit(": ", 1)[1] for item in items)
        notes.append(
            f"{first}: {len(items)} draft{'s' if len(items) != 1 else ''} from new-lesson "
            f"remain ({names}); rewrite each and delete its 'draft: true' line"
        )
    source = [text for part in lesson.parts for text in part.paragraphs]
    for passage in passages:
        if passage.source_file and [p.text for p in passage.paragraphs] == source:
            level = passage.level
            notes.append(
                f"{passage.source_file}: still the article's own text; rewrite it for grades "
                f"{level.band or ''} and check it with 'python -m generator measure {lesson.id} "
                f"--level {level.id}'"
            )
    return notes
