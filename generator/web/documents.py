"""What the output folder holds for a choice, read from output/manifest.json.

In: the build config of a `Choice`. Out: `Shelf`, the lesson's documents for
that choice grouped by level (kind, label, path, pages, sha256), with the
teacher copy's readability figures, or None when the engine would rebuild
something (missing, stale, or built with other settings). Whether the
documents are current is decided by the engine's own test
(`Manifest.current_key` with the build's key), never by a second one here.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build.fingerprint import render_digest
from generator.build.manifest import Manifest
from generator.build.run import BuildReport, Run
from generator.config import BuildConfig
from generator.spec.files import LAYOUTS
from generator.spec.levels import Level, Levels

LABELS = {
    "handout": "Reading handout",
    "handout-teacher": "Reading handout, teacher copy",
    "vocabulary": "Vocabulary sheet",
    "vocabulary-key": "Vocabulary answer key",
    "timeline": "Timeline worksheet",
    "timeline-key": "Timeline answer key",
    "questions": "Questions",
    "questions-key": "Questions answer key",
    "teacher-guide": "Teacher guide",
    "student-pack": "Student pack",
    "teacher-pack": "Teacher pack",
}
PACKS = ("student-pack", "teacher-pack")


def label(kind: str) -> str:
    """'questions-b-key' -> 'Questions answer key, version B'."""
    if kind in LABELS:
        return LABELS[kind]
    for base in ("questions", "questions-key"):
        for letter in "abcd":
            variant = base.replace("questions", f"questions-{letter}")
            if kind == variant:
                return f"{LABELS[base]}, version {letter.upper()}"
    return kind.replace("-", " ").capitalize()


def for_teacher(kind: str) -> bool:
    return kind.endswith("-key") or kind.startswith("teacher") or kind == "handout-teacher"


@dataclass(frozen=True)
class Document:
    level_id: str
    kind: str
    path: str  # relative to the output folder, as the manifest lists it
    pages: int
    sha256: str

    @property
    def label(self) -> str:
        return label(self.kind)

    @property
    def teacher(self) -> bool:
        return for_teacher(self.kind)

    @property
    def pack(self) -> bool:
        return self.kind in PACKS

    @property
    def download_name(self) -> str:
        """'origins-elementary-large-print-handout.pdf': lesson, level, print options, kind."""
        return self.path.replace("/", "-")

    @property
    def folder(self) -> str:
        return str(Path(self.path).parent)


@dataclass(frozen=True)
class Readability:
    """The figures the teacher copy prints for the passage students read."""

    fk_grade: float
    words: int
    sentences: int
    words_per_sentence: float
    longest_sentence_words: int
    hard_words: tuple[str, ...]
    hard_word_share: float
    hand_written: bool
    fallback: bool


@dataclass
class Shelf:
    """The current documents of a lesson for one choice, level by level."""

    lesson_id: str
    levels: list[Level] = field(default_factory=list)
    documents: dict[str, list[Document]] = field(default_factory=dict)  # level id -> documents
    readability: dict[str, Readability] = field(default_factory=dict)

    def all(self) -> list[Document]:
        return [d for level in self.documents.values() for d in level]

    def find(self, level_id: str, kind: str) -> Document | None:
        return next((d for d in self.documents.get(level_id, []) if d.kind == kind), None)


def current_shelf(config: BuildConfig, levels: Levels) -> Shelf | None:
    """The lesson's documents for `config`, or None when a build would change anything."""
    (lesson_id,) = config.selection.lesson_ids
    manifest = Manifest.load(config.folders.output)
    run = Run(config, render_digest(LAYOUTS), manifest, BuildReport(), {})
    if run.current_key(config.folders.lessons / f"{lesson_id}.yaml") is None:
        return None
    shelf = Shelf(lesson_id)
    for rel in manifest.lessons[lesson_id].get("outputs", []):
        entry = manifest.documents.get(rel)
        if entry is None:
            return None
        document = Document(entry.level, entry.kind, rel, entry.pages, entry.sha256)
        shelf.documents.setdefault(document.level_id, []).append(document)
    order = [lv.id for lv in levels.ordered()]
    shelf.documents = dict(sorted(shelf.documents.items(), key=lambda kv: _rank(order, kv[0])))
    for level_id, documents in shelf.documents.items():
        documents.sort(key=_document_order)
        if level_id in levels.by_id:
            shelf.levels.append(levels.by_id[level_id])
        passage = manifest.passages.get(lesson_id, {}).get(level_id)
        if passage:
            shelf.readability[level_id] = _readability(passage)
    return shelf


def _rank(order: list[str], level_id: str) -> int:
    return order.index(level_id) if level_id in order else len(order)


KIND_ORDER = ["handout", "vocabulary", "timeline", "questions", "student-pack"]


def _document_order(document: Document) -> tuple[int, int, str]:
    base = document.kind.removesuffix("-key").removesuffix("-teacher")
    base = "questions" if base.startswith("questions") else base
    rank = KIND_ORDER.index(base) if base in KIND_ORDER else len(KIND_ORDER)
    if document.kind == "teacher-guide":
        rank = -1
    if document.kind == "teacher-pack":
        rank = len(KIND_ORDER)
    return (1 if document.teacher else 0, rank, document.kind)


def _readability(passage: dict[str, Any]) -> Readability:
    r = passage.get("readability", {})
    return Readability(
        fk_grade=float(r.get("fk_grade", 0.0)),
        words=int(r.get("words", 0)),
        sentences=int(r.get("sentences", 0)),
        words_per_sentence=float(r.get("words_per_sentence", 0.0)),
        longest_sentence_words=int(r.get("longest_sentence_words", 0)),
        hard_words=tuple(r.get("hard_words", ())),
        hard_word_share=float(r.get("hard_word_share", 0.0)),
        hand_written=bool(passage.get("hand_written")),
        fallback=bool(passage.get("fallback_to_source")),
    )


def zip_documents(shelf: Shelf, output: Path) -> bytes:
    """Every document of the shelf in one zip, in folders by level (PDFs are stored, not deflated)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for document in shelf.all():
            archive.write(output / document.path, document.path)
    return buffer.getvalue()
