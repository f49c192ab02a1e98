"""The library: every article and lesson, with what a teacher chooses by.

In: the lessons folder (lesson files, levels.yaml, unit.yaml) and the articles
folder. Out: a `Catalog` of `ArticleCard`s and `LessonCard`s (title, grades,
time, objectives, documents, the lesson file's text) and, per lesson, the
errors that stop it from building, each with file:line as the CLI prints
them. A broken lesson is listed with its errors; the others are unaffected.
The catalog is read again only when a file in those folders changes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.config import Folders
from generator.errors import GeneratorError
from generator.spec.files import LEVELS_FILE, UNIT_FILE, lesson_paths
from generator.spec.levels import Level, Levels, grade_span


@dataclass(frozen=True)
class LessonCard:
    id: str
    path: Path
    text: str  # the lesson file as written, shown so teachers learn the format
    title: str = ""
    article_id: str = ""
    grades: tuple[int, ...] = ()
    minutes: int | None = None
    objectives: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    extends: str | None = None
    errors: tuple[str, ...] = ()

    @property
    def grades_text(self) -> str:
        return grade_span(self.grades) if self.grades else ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> set[int]:
        """The lines of this lesson's own file that its errors point at (`<file>:<line>: ...`)."""
        prefix = f"{self.path}:"
        found = set()
        for message in self.errors:
            line = message[len(prefix) :].split(":", 1)[0] if message.startswith(prefix) else ""
            if line.isdigit():
                found.add(int(line))
        return found


@dataclass(frozen=True)
class ArticleCard:
    id: str
    title: str
    attribution: str
    license: str
    covers_to: str  # the latest events its text describes, e.g. "2023"
    lessons: tuple[str, ...]  # lesson ids, in unit order


@dataclass
class Catalog:
    folders: Folders
    lessons: dict[str, LessonCard] = field(default_factory=dict)  # in unit order, then by id
    articles: list[ArticleCard] = field(default_factory=list)
    levels: Levels | None = None
    problems: list[str] = field(default_factory=list)  # levels.yaml errors: nothing builds

    def lesson(self, lesson_id: str) -> LessonCard | None:
        return self.lessons.get(lesson_id)

    def for_grade(self, grade: int | None) -> list[LessonCard]:
        """The lessons for `grade` (all of them when None); lessons with errors are always listed."""
        return [c for c in self.lessons.values() if grade is None or not c.ok or grade in c.grades]

    def level_for(self, grade: int) -> Level | None:
        return self.levels.level_for_grade(grade) if self.levels else None

    def all_grades(self) -> list[int]:
        return sorted({g for card in self.lessons.values() for g in card.grades})


def _signature(folders: Folders) -> tuple[tuple[str, int, int], ...]:
    """Name, size and time of every file the catalog reads: a change reloads it."""
    seen = []
    for folder in (folders.lessons, folders.articles):
        for path in sorted(folder.glob("*")):
            try:
                stat = path.stat()
            except OSError:
                continue
            seen.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(seen)


class Library:
    """The catalog, read once and again whenever the lesson or article files change."""

    def __init__(self, folders: Folders) -> None:
        self.folders = folders
        self._lock = threading.Lock()
        self._signature: tuple[tuple[str, int, int], ...] | None = None
        self._catalog: Catalog | None = None

    def catalog(self) -> Catalog:
        with self._lock:
            signature = _signature(self.folders)
            if self._catalog is None or signature != self._signature:
                self._catalog = read_catalog(self.folders)
                self._signature = signature
            return self._catalog

    def signature(self) -> tuple[tuple[str, int, int], ...]:
        return _signature(self.folders)


def read_catalog(folders: Folders) -> Catalog:
    catalog = Catalog(folders)
    try:
        catalog.levels = Levels(folders.lessons / LEVELS_FILE)
    except GeneratorError as exc:
        catalog.problems = exc.messages
    cards = [_lesson_card(path, catalog.levels, folders) for path in lesson_paths(folders.lessons)]
    order = _unit_order(folders.lessons)
    cards.sort(key=lambda c: (order.index(c.id) if c.id in order else len(order), c.id))
    catalog.lessons = {card.id: card for card in cards}
    catalog.articles = _articles(folders, cards)
    return catalog


def _lesson_card(path: Path, levels: Levels | None, folders: Folders) -> LessonCard:
    from generator.spec.lesson import load_lesson  # pydantic: loaded once, by the first page

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return LessonCard(path.stem, path, "", errors=(f"{path}: could not be read ({exc})",))
    if levels is None:
        problem = f"{folders.lessons / LEVELS_FILE}: the levels do not load; see the library page"
        return LessonCard(path.stem, path, text, errors=(problem,))
    try:
        lesson = load_lesson(path, levels, folders.articles)
    except GeneratorError as exc:
        return LessonCard(path.stem, path, text, title=_raw_title(text), errors=tuple(exc.messages))
    except Exception as exc:  # noqa: BLE001 - one unreadable lesson never hides the others
        first = (str(exc).strip().splitlines() or [""])[0][:160]
        message = f"{path}: could not be read ({type(exc).__name__}: {first})"
        return LessonCard(path.stem, path, text, title=_raw_title(text), errors=(message,))
    spec = lesson.spec
    return LessonCard(
        id=lesson.id,
        path=path,
        text=text,
        title=spec.title,
        article_id=spec.article,
        grades=spec.grades,
        minutes=spec.teacher.minutes if spec.teacher else None,
        objectives=tuple(spec.objectives),
        documents=tuple(spec.documents),
        extends=spec.extends,
    )


def _raw_title(text: str) -> str:
    """The title a broken lesson file gives, if it can be read at all (for the library list)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return ""
    title = data.get("title") if isinstance(data, dict) else None
    return title[:200] if isinstance(title, str) else ""


def _unit_order(lessons: Path) -> list[str]:
    try:
        data = yaml.safe_load((lessons / UNIT_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return []
    order = data.get("lessons") if isinstance(data, dict) else None
    return [str(x) for x in order] if isinstance(order, list) else []


def _articles(folders: Folders, cards: list[LessonCard]) -> list[ArticleCard]:
    from generator.sources.article import read_article

    articles = []
    for path in sorted(folders.articles.glob("*.txt")):
        lessons = tuple(c.id for c in cards if c.article_id == path.stem)
        try:
            article = read_article(path)
        except Exception:  # noqa: BLE001 - its lessons carry the message
            articles.append(ArticleCard(path.stem, path.stem, "", "", "", lessons))
            continue
        source = article.source
        articles.append(
            ArticleCard(
                path.stem,
                article.title,
                source.attribution_line if source else "",
                source.license if source else "",
                source.covers_to_text if source else "",
                lessons,
            )
        )
    return articles
