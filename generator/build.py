"""Build lessons into PDFs: gather and validate everything first, then write.

In: the lessons, levels and articles folders, and what to build (lessons,
grade or level, paper). Out: output/<lesson>/<level>/<kind>.pdf, each written
atomically, and output/manifest.json listing every document (pages, sha256)
and, per lesson and level, the passage text with its measured readability.

A lesson with errors is reported with all of them and nothing is written for
it; the other lessons still build.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .documents import compose_handouts, estimate_line
from .errors import GeneratorError, LevelError
from .lesson import Lesson, lesson_paths, load_lesson
from .levels import LEVELS_FILE, Level, Levels, grade_span
from .passage import Passage, build_passage
from .render import Paper, Renderer
from .vocabsheet import compose_vocabulary
from .vocabulary import check_glossary

MANIFEST = "manifest.json"
# Each document kind a lesson can ask for, and what composes it (student copy and key).
COMPOSERS = {"handout": compose_handouts, "vocabulary": compose_vocabulary}


@dataclass(frozen=True)
class Selection:
    lesson_ids: tuple[str, ...] = ()  # empty: every lesson
    grade: int | None = None
    level_id: str | None = None


@dataclass(frozen=True)
class Folders:
    lessons: Path = Path("lessons")
    articles: Path = Path("articles")
    output: Path = Path("output")


@dataclass(frozen=True)
class Built:
    lesson_id: str
    level_id: str
    kind: str
    path: Path
    pages: int
    sha256: str


@dataclass
class Gathered:
    """Everything validated before the first page is rendered."""

    passages: list[tuple[Lesson, Passage]] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)  # lesson id -> messages


@dataclass
class BuildReport:
    built: list[Built] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def gather(folders: Folders, selection: Selection) -> Gathered:
    levels = Levels(folders.lessons / LEVELS_FILE)
    if selection.level_id:
        levels.get(selection.level_id)  # an unknown level is refused before any work
    if selection.grade is not None and levels.level_for_grade(selection.grade) is None:
        covered = sorted({g for lv in levels.ordered() for g in (lv.grades or ())})
        raise LevelError(
            f"no reading level for grade {selection.grade}; the levels in "
            f"{levels.path} cover grades {grade_span(tuple(covered))}"
        )
    paths = _selected_paths(folders.lessons, selection.lesson_ids)
    gathered = Gathered()
    for path in paths:
        try:
            lesson = load_lesson(path, levels, folders.articles)
            for level in _levels_to_build(lesson, selection):
                passage = build_passage(lesson, level)
                check_glossary(lesson, passage)
                gathered.passages.append((lesson, passage))
        except GeneratorError as exc:
            gathered.errors[path.stem] = getattr(exc, "messages", [str(exc)])
            gathered.passages = [(ls, p) for ls, p in gathered.passages if ls.path != path]
    return gathered


def _selected_paths(lessons_dir: Path, lesson_ids: tuple[str, ...]) -> list[Path]:
    available = lesson_paths(lessons_dir)
    if not lesson_ids:
        return available
    by_id = {p.stem: p for p in available}
    unknown = [lid for lid in lesson_ids if lid not in by_id]
    if unknown:
        raise GeneratorError(
            f"no lesson {', '.join(repr(u) for u in unknown)} in {lessons_dir}; "
            f"expected one of {', '.join(by_id)}"
        )
    return [by_id[lid] for lid in lesson_ids]


def _levels_to_build(lesson: Lesson, selection: Selection) -> list[Level]:
    if selection.level_id:
        return [lesson.levels[selection.level_id]]
    if selection.grade is not None:
        if selection.grade not in lesson.spec.grades:
            raise LevelError(
                f"{lesson.path}: lesson '{lesson.id}' covers grades {lesson.grades_text()}, "
                f"not grade {selection.grade}; pick one of those grades or another lesson"
            )
        return lesson.levels_for_grade(selection.grade)
    return lesson.covered_levels()


def build(
    folders: Folders,
    selection: Selection,
    paper: Paper = "letter",
    renderer: Renderer | None = None,
) -> BuildReport:
    gathered = gather(folders, selection)
    report = BuildReport(errors=dict(gathered.errors))
    if gathered.passages:
        renderer = renderer or Renderer()
    for lesson, passage in gathered.passages:
        if passage.fallback:
            report.notes.append(
                f"{lesson.id}/{passage.level.id}: no hand-written text "
                f"({lesson.passage_dirs[0]}/{passage.level.id}.md); used the source text, "
                f"{estimate_line(passage)}"
            )
        documents = [d for kind in lesson.spec.documents for d in COMPOSERS[kind](lesson, passage)]
        for document in documents:
            target = folders.output / lesson.id / passage.level.id / f"{document.kind}.pdf"
            try:
                pdf, pages = renderer.pdf(document, paper)
            except GeneratorError as exc:
                report.errors.setdefault(lesson.id, []).append(f"{target}: {exc}")
                continue
            write_atomically(target, pdf)
            digest = hashlib.sha256(pdf).hexdigest()
            report.built.append(Built(lesson.id, passage.level.id, document.kind, target, pages, digest))
    _write_manifest(folders.output, report.built, gathered.passages)
    return report


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside `target`, then rename: never a half-written PDF."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; built documents are for sharing
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_manifest(output: Path, built: list[Built], passages: list[tuple[Lesson, Passage]]) -> None:
    """Merge this run into the manifest: entries of other lessons and levels stay."""
    path = output / MANIFEST
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    documents = {d["path"]: d for d in old.get("documents", []) if (output / d["path"]).exists()}
    for doc in built:
        rel = doc.path.relative_to(output).as_posix()
        documents[rel] = {
            "lesson": doc.lesson_id,
            "level": doc.level_id,
            "kind": doc.kind,
            "path": rel,
            "pages": doc.pages,
            "sha256": doc.sha256,
        }
    texts: dict[str, dict[str, dict]] = old.get("passages", {})
    for lesson, passage in passages:
        texts.setdefault(lesson.id, {})[passage.level.id] = {
            "text": passage.plain_text,
            "hand_written": passage.source_file is not None,
            "fallback_to_source": passage.fallback,
            "readability": passage.readability.as_dict(),
        }
    manifest = {
        "generator_version": __version__,
        "documents": [documents[k] for k in sorted(documents)],
        "passages": {k: dict(sorted(v.items())) for k, v in sorted(texts.items())},
    }
    write_atomically(path, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
