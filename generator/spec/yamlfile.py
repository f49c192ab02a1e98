"""Load a YAML file together with the line of every key, for error messages.

In: a path. Out: the plain data (dicts, lists, scalars) and a `LineMap` that
turns a key path such as ("sections", 2, "paragraphs") into a line number.
Duplicate keys, which PyYAML would silently collapse, are reported.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
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
    """("sections", 2, "paragraphs") -> "sections[3].paragraphs": items are counted from 1,
    as a teacher counts them in the file (the data path itself counts from 0)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
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


# Limits that keep a hostile or mistaken file from eating the machine: a lesson is
# a few kilobytes, a few thousand values, nested a handful of levels deep.
MAX_BYTES = 1_000_000
MAX_NODES = 50_000  # values after expanding aliases (a "billion laughs" file stops here)
MAX_DEPTH = 50
# The plain YAML types; any other tag (!!python/object, !custom) is refused.
_PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary", "merge")
)


def load_yaml(path: Path) -> tuple[Any, LineMap]:
    """Parse `path`; raise LessonError with file:line messages for anything that is not
    plain YAML of a sensible size (syntax, encoding, tags, complex keys, limits).

    A build reads the same lessons, parents and levels file again and again (every
    build in a warm watcher, every level's check): a text parsed before in this process
    is not parsed again. Callers get their own copy of the data, free to change."""
    data, lines = _parsed(str(path), _read_text(path))
    return copy.deepcopy(data), LineMap(dict(lines.lines))


@lru_cache(maxsize=256)
def _parsed(name: str, text: str) -> tuple[Any, LineMap]:
    path = Path(name)
    try:
        _check_depth(text, path)
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
    except yaml.YAMLError as exc:  # the reader's errors: control characters and the like
        raise LessonError(
            [f"{path}:{_line_of(exc, text)}: expected plain text, found {_reader_problem(exc)}"]
        ) from None
    if node is None:
        return {}, LineMap()
    _check_size(node, path)
    lines = LineMap()
    problems: list[str] = []
    _walk(node, (), lines, problems, path)
    if problems:
        raise LessonError(problems)
    loader = _LOADER("")
    try:  # built from the node already checked, not from a second parse
        data = loader.construct_document(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # A value the safe loader cannot build, such as the date 2024-04-31.
        raise LessonError([_unbuildable(node, path, loader, exc)]) from None
    finally:
        loader.dispose()
    return data, lines


def _check_size(root: yaml.Node, path: Path) -> None:
    """Refuse a document that expands (aliases followed) past MAX_NODES values or
    MAX_DEPTH levels, or that contains itself. Each node is sized once, so a
    "billion laughs" file is refused after a few hundred steps."""
    sizes: dict[int, tuple[int, int]] = {}  # node -> (values, levels below it)
    open_nodes: set[int] = set()

    def refuse(node: yaml.Node, found: str) -> LessonError:
        return LessonError(
            [
                f"{path}:{node.start_mark.line + 1}: expected a lesson-sized file, found {found}; "
                "remove the repeated aliases (*name)"
            ]
        )

    def size(node: yaml.Node, depth: int) -> tuple[int, int]:
        key = id(node)
        total, height = sizes.get(key, (0, 0))
        if depth + height > MAX_DEPTH:
            raise refuse(node, f"nesting deeper than {MAX_DEPTH} once aliases are expanded")
        if key in open_nodes:
            raise refuse(node, "an alias that contains itself")
        if total:
            return total, height
        open_nodes.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        total, height = 1, 0
        for child in children:
            child_total, child_height = size(child, depth + 1)
            total += child_total
            height = max(height, child_height + 1)
            if total > MAX_NODES:
                raise refuse(node, f"more than {MAX_NODES:,} values once aliases are expanded")
        open_nodes.discard(key)
        sizes[key] = (total, height)
        return total, height

    size(root, 0)


def _read_text(path: Path) -> str:
    """The file as text: at most MAX_BYTES, UTF-8 (a byte-order mark is dropped)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise LessonError([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise LessonError([f"{path}: expected a file, found a folder"]) from None
    except OSError as exc:
        raise LessonError([f"{path}: cannot be read ({exc.strerror}); check its permissions"]) from None
    if len(raw) > MAX_BYTES:
        raise LessonError(
            [
                f"{path}:1: expected a file of at most {MAX_BYTES // 1_000_000} MB, "
                "found a larger one; split it"
            ]
        )
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LessonError(
            [
                f"{path}:{line}: expected UTF-8 text, found the byte 0x{raw[exc.start]:02x}; "
                "save the file as UTF-8"
            ]
        ) from None


def _check_depth(text: str, path: Path) -> None:
    """Refuse nesting deeper than MAX_DEPTH before composing: the composer recurses
    once per level, and 100,000 levels would crash the interpreter."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise LessonError(
                    [
                        f"{path}:{event.start_mark.line + 1 if event.start_mark else 1}: expected lists "
                        "and mappings nested at most "
                        f"{MAX_DEPTH} deep, found deeper nesting; flatten the file"
                    ]
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _line_of(exc: yaml.YAMLError, text: str) -> int:
    position = getattr(exc, "position", None)
    if isinstance(position, int):  # a reader error: a character offset in the text
        return text[:position].count("\n") + 1
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark else 1


def _reader_problem(exc: yaml.YAMLError) -> str:
    character = getattr(exc, "character", None)
    if character is not None:
        code = character if isinstance(character, int) else ord(character)
        return f"the control character U+{code:04X}; remove it"
    return f"{exc}"


def _walk(node: yaml.Node, at: KeyPath, lines: LineMap, problems: list[str], path: Path) -> None:
    """Record the line of every key; report duplicate and complex keys and unknown tags.
    (_check_size has bounded the walk: at most MAX_NODES values, MAX_DEPTH deep.)"""
    if node.tag not in _PLAIN_TAGS:
        problems.append(
            f"{path}:{node.start_mark.line + 1}: {format_path(at)}: expected a plain value, found "
            f"the tag '{node.tag}'; remove it (tags are not read)"
        )
        return
    lines.lines.setdefault(at, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    f"{path}:{line}: {format_path(at)}: expected a plain key, found a "
                    f"{'list' if isinstance(key_node, yaml.SequenceNode) else 'mapping'} used as a key; "
                    "write the key as text"
                )
                continue
            key = key_node.value
            here = (*at, key)
            if key in seen:
                problems.append(
                    f"{path}:{line}: {format_path(here)}: expected each "
                    f"key once, found '{key}' again; merge the two entries"
                )
            seen.add(key)
            lines.lines[here] = line
            _walk(value_node, here, lines, problems, path)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.lines[(*at, i)] = item.start_mark.line + 1
            _walk(item, (*at, i), lines, problems, path)


def _unbuildable(root: yaml.Node, path: Path, loader: Any, exc: Exception) -> str:
    """The message for a scalar the safe loader cannot build, at its own line and key."""
    for at, node in _scalars(root, ()):
        if node.tag != "tag:yaml.org,2002:timestamp":
            continue
        try:
            loader.construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as problem:
            return (
                f"{path}:{node.start_mark.line + 1}: {format_path(at)}: expected a real date such as "
                f"2024-04-27, found {node.value} ({problem}); quote it if it is text"
            )
    mark = getattr(exc, "problem_mark", None)
    return (
        f"{path}:{mark.line + 1 if mark else 1}: expected plain values, found one YAML "
        f"cannot read ({getattr(exc, 'problem', None) or exc}); quote it to keep it as text"
    )


def _scalars(node: yaml.Node, at: KeyPath) -> Iterator[tuple[KeyPath, yaml.ScalarNode]]:
    if isinstance(node, yaml.ScalarNode):
        yield at, node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(value, (*at, str(key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _scalars(item, (*at, i))
