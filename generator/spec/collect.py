"""Validate a lesson's data, collecting every problem and setting bad parts aside.

In: the mapping read from a lesson file (merged with the lesson it extends),
its `LineMap` and the levels. Out: every schema problem and every misspelled
level name (`midle` under `questions:`, a glossary definition, an event's
wording or `levels:`), each `file:line: key.path: expected ..., found ...`,
and a `LessonSpec` made of the good parts so the later checks (sections,
evidence, glossary, events, passages) still run in the same pass. `Origins`
maps an item of that spec back to its place in the file, so those checks
name the line and the item number the teacher sees.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.spec.levels import Levels
from generator.spec.validation import closest, did_you_mean, located_messages
from generator.spec.yamlfile import KeyPath, LineMap, format_path

# Stand-ins for required values set aside, so the rest of the file is still checked.
_FILLERS: dict[str, Any] = {"title": "(untitled)", "objectives": ["(none)"], "grades": "1-12"}
# Without these nothing else can be checked.
_ESSENTIAL = ("article", "sections")


@dataclass
class Origins:
    """For lists from which bad items were set aside: the file index of each kept item."""

    kept: dict[KeyPath, list[int]] = field(default_factory=dict)

    def in_file(self, path: KeyPath) -> KeyPath:
        """A path in the validated spec -> the same item's path in the file."""
        for end in range(len(path) - 1, 0, -1):
            kept = self.kept.get(path[:end])
            index = path[end]
            if kept is not None and isinstance(index, int) and index < len(kept):
                return (*path[:end], kept[index], *path[end + 1 :])
        return path


@dataclass
class Located:
    """A lesson file's line map and item origins: `file:line: key.path` for any item."""

    path: Path
    lines: LineMap = field(default_factory=LineMap)
    origins: Origins = field(default_factory=Origins)

    def where(self, spec_path: KeyPath) -> str:
        at = self.origins.in_file(spec_path)
        return f"{self.path}:{self.line(at)}: {format_path(at)}"

    def line(self, at: KeyPath) -> int:
        """The line of `at`; a one-item list may be written as the item itself
        (`evidence: {paragraph: 2, quote: ...}`), so an index may be missing in the file."""
        if at not in self.lines.lines:
            for k in range(len(at) - 1, -1, -1):
                shorter = (*at[:k], *at[k + 1 :])
                if at[k] == 0 and shorter in self.lines.lines:
                    return self.lines.lines[shorter]
        return self.lines.line(at)


def validate_data(data: dict[str, Any], lines: LineMap, path: Path) -> tuple[Any, Origins, list[str]]:
    """(LessonSpec of the good parts or None, origins, messages), the messages in file order."""
    from generator.spec.lesson import LessonSpec

    origins = Origins()
    current = copy.deepcopy(data)
    try:
        return LessonSpec.model_validate(current), origins, []
    except ValidationError as exc:
        located = located_messages(exc, LessonSpec, current, lines, path)
    found = [(lines.line(where), message) for where, message in located]
    bad_items: dict[KeyPath, set[int]] = {}
    for where, _ in located:
        key = str(where[0]) if where else None
        list_path = _entry_list(where, current) if where else None
        if list_path is not None:
            bad_items.setdefault(list_path, set()).add(int(where[len(list_path)]))
        elif key is None or key in _ESSENTIAL:
            return None, origins, _in_order(found)  # nothing else can be checked without it
        elif key in _FILLERS:
            current[key] = _FILLERS[key]
        else:
            value = current.pop(key, None)  # an optional mapping or value: its default
            meant = _meant(key, current)
            if len(where) == 1 and meant:  # 'objectivs:' is checked as the 'objectives:' it means
                current[meant] = value
    for key, filler in _FILLERS.items():
        current.setdefault(key, filler)
    for list_path, bad in bad_items.items():
        items = _get(current, list_path)
        origins.kept[list_path] = [i for i in range(len(items)) if i not in bad]
        _set(current, list_path, [items[i] for i in origins.kept[list_path]])
        if not origins.kept[list_path]:
            if list_path[0] in _ESSENTIAL:
                return None, origins, _in_order(found)
            if list_path[0] in _FILLERS:
                _set(current, list_path, _FILLERS[str(list_path[0])])
    try:
        spec = LessonSpec.model_validate(current)
    except ValidationError as exc:  # what only shows once the rest is valid
        for where, message in located_messages(exc, LessonSpec, current, lines, path):
            found.append((lines.line(where), message))
        spec = None
    return spec, origins, _in_order(found)


def _meant(key: str, data: dict[str, Any]) -> str | None:
    """The missing top-level key that an unknown key is a misspelling of."""
    from generator.spec.lesson import LessonSpec

    missing = [k for k in LessonSpec.model_fields if k not in data]
    matches = closest(key, missing)
    return matches[0] if matches else None


def _in_order(found: list[tuple[int, str]]) -> list[str]:
    return [message for _, message in sorted(found, key=lambda f: f[0])]


def _entry_list(where: KeyPath, data: dict[str, Any]) -> KeyPath | None:
    """The list whose item holds the problem: sections[2], glossary[3], questions.middle[1]."""
    top = where[0]
    if top == "questions" and len(where) >= 3 and isinstance(where[2], int):
        return where[:2]
    if len(where) >= 2 and isinstance(where[1], int) and isinstance(data.get(str(top)), list):
        return where[:1]
    return None


def _get(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: KeyPath, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def level_name_problems(data: dict[str, Any], lines: LineMap, path: Path, levels: Levels) -> list[str]:
    """Every key that names a level (under questions:, a glossary entry's definitions:,
    an event's wording, levels:) must be a level of levels.yaml."""
    known = list(levels.by_id)
    places: list[tuple[KeyPath, Any]] = [(("questions",), data.get("questions"))]
    places.append((("levels",), data.get("levels")))
    for i, entry in enumerate(_list(data.get("glossary"))):
        if isinstance(entry, dict):
            places.append((("glossary", i, "definitions"), entry.get("definitions")))
    for i, event in enumerate(_list(data.get("events"))):
        if isinstance(event, dict):
            places.append((("events", i, "text"), event.get("text")))
    problems = []
    for at, mapping in places:
        if not isinstance(mapping, dict):
            continue
        for level_id in mapping:
            if level_id not in levels.by_id:
                where = (*at, str(level_id))
                problems.append(
                    f"{path}:{lines.line(where)}: {format_path(where)}: expected a level of "
                    f"{levels.path} ({', '.join(known)}), found '{level_id}'"
                    + did_you_mean(str(level_id), known)
                )
    return problems


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def in_file_order(messages: list[str], first: Path) -> list[str]:
    """Messages of `first` by line, then those of other files (passages) by file and line."""

    def key(message: str) -> tuple[bool, str, int]:
        file, _, rest = message.partition(":")
        line = rest.partition(":")[0]
        return (file != str(first), file, int(line) if line.isdigit() else 0)

    return sorted(messages, key=key)
