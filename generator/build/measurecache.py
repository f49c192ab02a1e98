"""Remember passage measurements between builds.

Measuring needs the CMU dictionary and word frequencies, which take most of a
second to load. A passage whose text is unchanged measures the same, so its
figures are kept in output/.cache/readability.json, keyed by a hash of the
text and of the measuring code; an edit that leaves the passages alone (an
objective, a question) then never loads them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from generator.build.atomic import save_output
from generator.text.readability import Readability, measure

# Every text helper can change a measurement (sentence splitting lives beside the
# formulas), so the key covers the whole text package, not one module.
_TEXT_PACKAGE = Path(__file__).resolve().parent.parent / "text"
_CODE = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(_TEXT_PACKAGE.glob("*.py")))).hexdigest()[:16]


class MeasureCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        # A cache of the wrong shape is dropped and rebuilt, never trusted.
        self.entries: dict[str, dict[str, Any]] = (
            {k: v for k, v in loaded.items() if isinstance(v, dict)} if isinstance(loaded, dict) else {}
        )
        self.changed = False

    def measure(self, paragraphs: list[str]) -> Readability:
        key = hashlib.sha256(("\n\n".join(paragraphs) + _CODE).encode()).hexdigest()
        entry = self.entries.get(key, {})
        figures = entry.get("figures")
        if isinstance(figures, dict) and entry.get("seal") == _seal(key, figures):
            try:
                values: dict[str, Any] = {
                    k: tuple(v) if isinstance(v, list) else v for k, v in figures.items()
                }
                return Readability(**values)
            except TypeError:
                pass  # figures of another shape: measure again
        result = measure(paragraphs)
        figures = asdict(result)
        self.entries[key] = {"figures": figures, "seal": _seal(key, figures)}
        self.changed = True
        return result

    def save(self) -> None:
        if self.changed:
            save_output(self.path, json.dumps(self.entries, sort_keys=True).encode(), self.path.parent)


def _seal(key: str, figures: dict[str, Any]) -> str:
    """A checksum of an entry's figures: an entry edited by hand no longer matches, so
    teacher copies never print figures that were not measured."""
    return hashlib.sha256((key + json.dumps(figures, sort_keys=True)).encode()).hexdigest()[:16]
