"""output/manifest.json: what was built, from what, and what students read.

In/out: documents (lesson, level, kind, path, pages, sha256, content hash),
passages (plain text and measured readability per lesson and level), and for
each lesson the key of the inputs it was last built from, with its outputs.
Entries of lessons and levels a build did not touch are kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.build.atomic import write_atomically

MANIFEST = "manifest.json"


@dataclass
class Manifest:
    output: Path
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # by relative path
    passages: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    lessons: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, output: Path) -> Manifest:
        path = output / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(output)
        documents = {d["path"]: d for d in data.get("documents", []) if (output / d["path"]).exists()}
        return cls(output, documents, data.get("passages", {}), data.get("lessons", {}))

    def relative(self, path: Path) -> str:
        return path.relative_to(self.output).as_posix()

    def is_current(self, path: Path, content_hash: str) -> bool:
        entry = self.documents.get(self.relative(path))
        return entry is not None and entry.get("content_hash") == content_hash and path.exists()

    def current_key(self, lesson_id: str, key_of: Callable[[tuple[Path, ...]], str]) -> str | None:
        """The lesson's key when its recorded inputs hash to the key it was built with and
        its outputs are all there; None when it must be read and built again."""
        entry = self.lessons.get(lesson_id)
        if not entry or not isinstance(entry.get("inputs"), list):
            return None
        key = key_of(tuple(Path(p) for p in entry["inputs"]))
        if entry.get("key") != key:
            return None
        if not all((self.output / rel).exists() for rel in entry.get("outputs", [])):
            return None
        return key

    def record_document(self, entry: dict[str, Any]) -> None:
        self.documents[entry["path"]] = entry

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
            "documents": [self.documents[k] for k in sorted(self.documents)],
            "passages": {k: dict(sorted(v.items())) for k, v in sorted(self.passages.items())},
            "lessons": dict(sorted(self.lessons.items())),
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        write_atomically(self.output / MANIFEST, text.encode())
