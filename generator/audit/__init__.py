"""The provenance audit: every printed fact true to the article (`python -m generator audit`).

In: lesson files, their hand-written passages and their articles. Out: a list of
`Finding`s, one per name, number or date a person reads that the article
sections the lesson cites do not give (and the lesson does not allow, with a
reason), and one per chosen timeline event whose date is not the date the
article gives that happening. Each reads `file:line: lesson/level: message`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.audit.check import Allowed, Finding, check_event, check_reading
from generator.audit.load import load_lessons
from generator.audit.readings import lesson_readings, shown_events
from generator.passages.cited import cited_text
from generator.passages.events import present_of
from generator.passages.passage import Passage
from generator.spec.lesson import Lesson

__all__ = ["AuditReport", "Finding", "audit", "audit_lesson"]


@dataclass
class AuditReport:
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # lessons that did not load
    lessons: list[str] = field(default_factory=list)  # the lessons audited

    @property
    def ok(self) -> bool:
        return not self.findings and not self.errors


def audit(lessons_dir: Path, articles_dir: Path, lesson_ids: tuple[str, ...] = ()) -> AuditReport:
    """Audit the lessons of `lessons_dir` (or those named) at every level they cover."""
    loaded = load_lessons(lessons_dir, articles_dir, lesson_ids)
    report = AuditReport(errors=loaded.errors)
    for lesson, passages in loaded.lessons:
        report.lessons.append(lesson.id)
        report.findings += audit_lesson(lesson, passages)
    return report


def audit_lesson(lesson: Lesson, passages: list[Passage]) -> list[Finding]:
    """The findings of one lesson at the levels of `passages`, in file and line order."""
    cited = cited_text(lesson)
    readings = lesson_readings(lesson, passages)
    allowed = Allowed(lesson.spec.allow)
    findings: list[Finding] = []
    for reading in readings:
        findings += check_reading(reading, lesson, cited, allowed)
    present = present_of(lesson)
    for event in shown_events(lesson, passages):
        findings += check_event(event, lesson, cited, present)
    return sorted(set(findings))
