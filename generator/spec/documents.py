"""Which documents a lesson builds, and why any kind is not built.

In: a lesson's data (the mapping read from its YAML, merged with the lesson it
extends). Out: the kinds to build when the lesson does not list `documents:`
(every kind it has content for), and for each kind a `DocumentChoice` saying
whether it is built and, if not, why, for the build summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

DocumentKind = Literal["handout", "vocabulary", "questions", "timeline", "teacher-guide"]
KINDS: tuple[str, ...] = get_args(DocumentKind)

# kind -> (the lesson key that gives it content, what the summary says when it has none)
_CONTENT: dict[str, tuple[str, str]] = {
    "vocabulary": ("glossary", "no glossary: terms"),
    "timeline": ("events", "no events:"),
    "questions": ("questions", "no questions:"),
    "teacher-guide": ("teacher", "no teacher: notes"),
}


@dataclass(frozen=True)
class DocumentChoice:
    kind: str
    built: bool
    reason: str  # why it is not built ("" when it is)


def _has(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key)
    if key == "questions" and isinstance(value, dict):
        return any(value.values())
    return bool(value)


def default_documents(data: Mapping[str, Any]) -> tuple[str, ...]:
    """Every kind the lesson has content for, the handout always."""
    return tuple(kind for kind in KINDS if kind not in _CONTENT or _has(data, _CONTENT[kind][0]))


def choose_documents(data: Mapping[str, Any], listed: tuple[str, ...]) -> tuple[DocumentChoice, ...]:
    """Each kind with whether it is built and why not; `listed` is what the lesson builds."""
    stated = "documents" in data
    out = []
    for kind in KINDS:
        if kind in listed:
            out.append(DocumentChoice(kind, True, ""))
        elif stated:
            out.append(DocumentChoice(kind, False, "not in documents:"))
        else:
            key, reason = _CONTENT[kind]
            out.append(DocumentChoice(kind, False, f"{reason} (add {key}: to the lesson)"))
    return tuple(out)
