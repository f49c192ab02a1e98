"""Load a YAML file together with the line of every key, for error messages.

In: a path. Out: the plain data (dicts, lists, scalars) and a `LineMap` that
turns a key path such as ("sections", 2, "paragraphs") into a line number.
Duplicate keys, which PyYAML would silently collapse, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import LessonError

# libyaml's C parser when PyYAML has it (its wheels do): several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
KeyPath = tuple[str | int, ...]


@dataclass
class LineMap:
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, path: KeyPath) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


def format_path(path: KeyPath) -> str:
    """("sections", 2, "paragraphs") -> "sections[2].paragraphs"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def describe(value: Any) -> str:
    """A short, readable account of a found value for an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping (" + ", ".join(map(str, list(value)[:4])) + ")"
    return type(value).__name__


def load_yaml(path: Path) -> tuple[Any, LineMap]:
    """Parse `path`; raise LessonError with file:line messages for syntax errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LessonError([f"{path}: no such file"]) from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise LessonError(
            [
                f"{path}:{line}: expected valid YAML, found {exc.problem}; check the indentation "
                "and quote values that contain ': ' or start with a special character"
            ]
        ) from None
    if node is None:
        return {}, LineMap()
    lines = LineMap()
    duplicates: list[str] = []
    _walk(node, (), lines, duplicates, path)
    if duplicates:
        raise LessonError(duplicates)
    data = yaml.load(text, Loader=_LOADER)
    return data, lines


def _walk(node: yaml.Node, at: KeyPath, lines: LineMap, dups: list[str], path: Path) -> None:
    lines.lines.setdefault(at, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            here = (*at, key)
            if key in seen:
                dups.append(
                    f"{path}:{key_node.start_mark.line + 1}: {format_path(here)}: expected each "
                    f"key once, found '{key}' again; merge the two entries"
                )
            seen.add(key)
            lines.lines[here] = key_node.start_mark.line + 1
            _walk(value_node, here, lines, dups, path)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.lines[(*at, i)] = item.start_mark.line + 1
            _walk(item, (*at, i), lines, dups, path)
