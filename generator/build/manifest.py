"""output/manifest.json: what was built, from what, and what students read.

In/out: documents (lesson, level, kind, path, pages, sha256, content hash, and
the size and modification time the file had when it was written), passages
(plain text and measured readability per lesson and level), and for each lesson
the key of the inputs it was last built from, with its outputs.

Nothing in it is trusted blindly: a document counts as built only while the file
on disk is the one recorded (same size and time, or else the same sha256), and a
manifest of the wrong shape (edited by hand, another program's) is discarded
with one note, so everything is checked and built again.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator import __version__
from generator.build.atomic import save_output

MANIFEST = "manifest.json"


@dataclass
class DocumentEntry:
    """One built file, as the manifest records it."""

    lesson: str
    level: str
    kind: str
    path: str  # relative to the output folder, with forward slashes
    pages: int
    sha256: str
    content_hash: str
    size: int | None = None  # None in a manifest written before sizes were recorded
    mtime_ns: int | None = None


_TEXT_FIELDS = ("lesson", "level", "kind", "path", "sha256", "content_hash")


class ShapeError(ValueError):
    """Raised while loading when the manifest is not one this generator wrote."""


@dataclass
class Manifest:
    output: Path
    documents: dict[str, DocumentEntry] = field(default_factory=dict)  # by relative path
    passages: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    lessons: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: str | None = None  # why the file on disk was discarded, for the build's notes
    changed: bool = False  # an entry was refreshed (a file touched but unchanged)

    @classmethod
    def load(cls, output: Path) -> Manifest:
        path = output / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            documents, passages, lessons = _parse(data)
        except FileNotFoundError:
            return cls(output)
        except (OSError, ValueError) as exc:  # unreadable, not JSON, or of the wrong shape
            found = exc if isinstance(exc, ShapeError) else f"a file it cannot read ({exc})"
            problem = (
                f"{path}: expected a manifest written by this generator, found {found}; "
                "discarded it, so every document is checked and built again"
            )
            return cls(output, problem=problem)
        return cls(output, documents, passages, lessons)

    def relative(self, path: Path) -> str:
        return path.relative_to(self.output).as_posix()

    def on_disk(self, rel: str) -> bool:
        """True when the file at `rel` is the one recorded: same size and modification
        time, or, when the time differs, the same sha256 (a copy or a touch). A file
        that is not (truncated, swapped, gone) loses its entry."""
        entry = self.documents.get(rel)
        if entry is None:
            return False
        if self._matches(entry):
            return True
        del self.documents[rel]  # never list a file that is not the one built
        self.changed = True
        return False

    def _matches(self, entry: DocumentEntry) -> bool:
        try:
            found = (self.output / entry.path).lstat()
        except OSError:
            return False
        if not stat.S_ISREG(found.st_mode) or (entry.size is not None and found.st_size != entry.size):
            return False
        if entry.mtime_ns is not None and found.st_mtime_ns == entry.mtime_ns:
            return True
        if file_sha256(self.output / entry.path) != entry.sha256:
            return False
        entry.size, entry.mtime_ns = found.st_size, found.st_mtime_ns
        self.changed = True
        return True

    def is_current(self, path: Path, content_hash: str) -> bool:
        rel = self.relative(path)
        entry = self.documents.get(rel)
        return entry is not None and entry.content_hash == content_hash and self.on_disk(rel)

    def current_key(
        self,
        lesson_id: str,
        key_of: Callable[[tuple[Path, ...]], str],
        source: Path,
        folders: tuple[Path, ...],
    ) -> str | None:
        """The lesson's key when it was built from `source` with inputs inside `folders`
        (this build's lessons and articles: a build from other folders into the same
        output reads them again), its recorded inputs hash to the key it was built with
        and its outputs are all on disk as built; None when it must be read and built again."""
        entry = self.lessons.get(lesson_id)
        if not entry:
            return None
        inputs = tuple(Path(p) for p in entry["inputs"])
        if not _read_from(inputs, source, folders):
            return None
        key = key_of(inputs)
        if entry["key"] != key or not all(self.on_disk(rel) for rel in entry["outputs"]):
            return None
        return key

    def record_document(self, entry: DocumentEntry) -> None:
        """Record a file just written, with its size and time as they are now."""
        found = (self.output / entry.path).stat()
        entry.size, entry.mtime_ns = found.st_size, found.st_mtime_ns
        self.documents[entry.path] = entry

    def record_passage(self, lesson_id: str, level_id: str, entry: dict[str, Any]) -> None:
        self.passages.setdefault(lesson_id, {})[level_id] = entry

    def record_lesson(
        self, lesson_id: str, key: str, outputs: list[str], inputs: tuple[Path, ...] = ()
    ) -> None:
        """`inputs`: the files the lesson was read from, as the loader recorded them."""
        self.lessons[lesson_id] = {
            "key": key,
            "outputs": sorted(set(outputs)),
            "inputs": [str(p) for p in inputs],
        }

    def forget_lesson(self, lesson_id: str) -> None:
        self.lessons.pop(lesson_id, None)

    def save(self) -> None:
        data = {
            "generator_version": __version__,
            "documents": [asdict(self.documents[k]) for k in sorted(self.documents)],
            "passages": {k: dict(sorted(v.items())) for k, v in sorted(self.passages.items())},
            "lessons": dict(sorted(self.lessons.items())),
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        save_output(self.output / MANIFEST, text.encode(), self.output)
        self.changed = False


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_from(inputs: tuple[Path, ...], source: Path, folders: tuple[Path, ...]) -> bool:
    """True when `source` is among the inputs and every input lies in one of `folders`."""
    roots = [folder.resolve() for folder in folders]
    resolved = [path.resolve() for path in inputs]
    inside = all(any(path == root or root in path.parents for root in roots) for path in resolved)
    return inside and source.resolve() in resolved


def safe_relative(value: object) -> bool:
    """A path inside the output folder as the manifest writes them: relative, forward
    slashes, no `..`. A hand-edited path may never make a build touch another file."""
    if not isinstance(value, str) or not value or "\\" in value:
        return False
    path = PurePosixPath(value)
    return not path.is_absolute() and ".." not in path.parts and path.as_posix() == value


_Parsed = tuple[dict[str, DocumentEntry], dict[str, dict[str, dict[str, Any]]], dict[str, dict[str, Any]]]


def _parse(data: object) -> _Parsed:
    """The manifest's parts, or ShapeError saying what is wrong with the first bad one."""
    if not isinstance(data, dict):
        raise ShapeError(f"a {type(data).__name__} instead of a mapping")
    for key, kind in (("documents", list), ("passages", dict), ("lessons", dict)):
        if not isinstance(data.get(key), kind):
            raise ShapeError(f"'{key}' missing or not a {kind.__name__}")
    documents = {}
    for i, raw in enumerate(data["documents"]):
        entry = _document(raw, f"documents[{i}]")
        documents[entry.path] = entry
    passages = data["passages"]
    for lesson_id, levels in passages.items():
        if not isinstance(levels, dict) or not all(isinstance(v, dict) for v in levels.values()):
            raise ShapeError(f"passages.{lesson_id} that is not a mapping of levels")
    lessons = data["lessons"]
    for lesson_id, entry in lessons.items():
        _lesson(entry, f"lessons.{lesson_id}")
    return documents, passages, lessons


def _document(raw: object, where: str) -> DocumentEntry:
    if not isinstance(raw, dict):
        raise ShapeError(f"{where} that is not a mapping")
    for name in _TEXT_FIELDS:
        if not isinstance(raw.get(name), str):
            raise ShapeError(f"{where} without a text '{name}'")
    if not safe_relative(raw["path"]):
        raise ShapeError(f"{where}.path {raw['path']!r}, which is not a path inside the folder")
    for name in ("pages", "size", "mtime_ns"):
        value = raw.get(name)
        if (value is not None or name == "pages") and (type(value) is not int or value < 0):
            raise ShapeError(f"{where}.{name} that is not a whole number")
    return DocumentEntry(
        lesson=str(raw["lesson"]),
        level=str(raw["level"]),
        kind=str(raw["kind"]),
        path=str(raw["path"]),
        pages=int(raw["pages"]),
        sha256=str(raw["sha256"]),
        content_hash=str(raw["content_hash"]),
        size=raw.get("size"),
        mtime_ns=raw.get("mtime_ns"),
    )


def _lesson(entry: object, where: str) -> None:
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
        raise ShapeError(f"{where} without a text 'key'")
    outputs, inputs = entry.get("outputs"), entry.get("inputs")
    if not isinstance(outputs, list) or not all(safe_relative(p) for p in outputs):
        raise ShapeError(f"{where}.outputs that is not a list of paths inside the folder")
    if not isinstance(inputs, list) or not all(isinstance(p, str) for p in inputs):
        raise ShapeError(f"{where}.inputs that is not a list of file names")
