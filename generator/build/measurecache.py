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
from dataclasses import asdict, fields
from pathlib import Path

from generator.build.atomic import write_atomically
from generator.text.readability import Readability, measure

# Every text helper can change a measurement (sentence splitting lives beside the
# formulas), so the key covers the whole text package, not one module.
_TEXT_PACKAGE = Path(__file__).resolve().parent.parent / "text"
_CODE = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(_TEXT_PACKAGE.glob("*.py")))).hexdigest()[:16]


class MeasureCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.entries: dict[str, dict] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.changed = False

    def measure(self, paragraphs: list[str]) -> Readability:
        key = hashlib.sha256(("\n\n".join(paragraphs) + _CODE).encode()).hexdigest()
        entry = self.entries.get(key)
        if entry and set(entry) == {f.name for f in fields(Readability)}:
            return Readability(**{k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()})
        result = measure(paragraphs)
        self.entries[key] = asdict(result)
        self.changed = True
        return result

    def save(self) -> None:
        if self.changed:
            write_atomically(self.path, json.dumps(self.entries, sort_keys=True).encode())
