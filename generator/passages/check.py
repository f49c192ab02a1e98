"""Check that hand-written passages sit at their level.

In: the passages of the lessons (every level). Out: one message per problem:
a passage whose Flesch-Kincaid grade falls outside its level's range (naming
lesson, level, measured grade and the longest sentences to shorten), a passage
over its word budget, and a lesson whose levels do not rise from elementary to
high. `make check` and the test suite run these over the bundled lessons.
"""

from __future__ import annotations

from collections import defaultdict

from generator.passages.passage import Passage


def check_passage(passage: Passage) -> list[str]:
    """Problems of one passage; the source text and fallbacks have no range to keep."""
    level, r = passage.level, passage.readability
    if passage.source_file is None:
        return []
    where = f"{passage.source_file}: lesson '{passage.lesson_id}', level '{level.id}'"
    problems = []
    if level.fk_range:
        low, high = level.fk_range
        if r.fk_grade > high:
            longest = "; ".join(f"({len(s.split())} words) \u201c{s}\u201d" for s in r.longest_sentences)
            problems.append(
                f"{where}: measured Flesch-Kincaid grade {r.fk_grade:.1f}, expected {low}-{high}; "
                f"shorten sentences or use shorter words, starting with the longest: {longest}"
            )
        elif r.fk_grade < low:
            problems.append(
                f"{where}: measured Flesch-Kincaid grade {r.fk_grade:.1f}, expected {low}-{high}; "
                f"the text reads below its band: join short sentences or keep the article's terms"
            )
    if level.word_budget and r.words > level.word_budget:
        problems.append(f"{where}: {r.words} words, expected at most {level.word_budget}; cut details")
    return problems


def check_rising(passages: list[Passage]) -> list[str]:
    """Hand-written levels of one lesson must measure harder from elementary to high."""
    by_lesson: dict[str, dict[str, Passage]] = defaultdict(dict)
    for passage in passages:
        if passage.source_file is not None:
            by_lesson[passage.lesson_id][passage.level.id] = passage
    problems = []
    for lesson_id, levels in by_lesson.items():
        # Graded levels, youngest readers first (the source text has no grades).
        present = sorted(
            (p for p in levels.values() if p.level.grades), key=lambda p: min(p.level.grades or (0,))
        )
        for lower, upper in zip(present, present[1:], strict=False):
            if lower.readability.fk_grade >= upper.readability.fk_grade:
                problems.append(
                    f"lesson '{lesson_id}': {lower.level.id} measures "
                    f"{lower.readability.fk_grade:.1f}, not below {upper.level.id} at "
                    f"{upper.readability.fk_grade:.1f}; levels must rise with the grades they serve"
                )
    return problems
