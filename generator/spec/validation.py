"""Turn pydantic validation errors into messages a teacher can act on.

In: a pydantic `ValidationError`, the data that failed and its `LineMap`.
Out: one message per problem, `file:line: key.path: expected ..., found ...`,
with the closest valid name suggested for a misspelling.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.spec.yamlfile import KeyPath, LineMap, describe, format_path

_EXPECTED = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "tuple_type": "a list",
    "too_short": "at least {min_length} item(s)",
    "too_long": "at most {max_length} item(s)",
    "greater_than_equal": "a number of at least {ge}",
    "less_than_equal": "a number of at most {le}",
    "greater_than": "a number above {gt}",
    "string_too_short": "non-empty text",
}


def closest(word: str, options: list[str]) -> list[str]:
    return difflib.get_close_matches(str(word), options, n=3, cutoff=0.6)


def did_you_mean(word: str, options: list[str]) -> str:
    matches = closest(word, options)
    if not matches:
        return ""
    return "; did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"


def value_at(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def messages_for(
    exc: ValidationError,
    model: type[BaseModel],
    data: Any,
    lines: LineMap,
    file: Path,
    prefix: KeyPath = (),
) -> list[str]:
    out = []
    for error in exc.errors():
        loc = _data_path(error["loc"], data)
        path = (*prefix, *loc)
        out.append(f"{file}:{lines.line(path)}: {format_path(path)}: {_explain(error, loc, model, data)}")
    return out


def _data_path(loc: tuple[str | int, ...], data: Any) -> KeyPath:
    """The error's location as a path in the data: pydantic adds union members' tags
    ("str", "multiple_choice") that are not keys of the file."""
    path: list[str | int] = []
    current = data
    for i, part in enumerate(loc):
        is_last = i == len(loc) - 1
        if isinstance(part, str) and not is_last and not (isinstance(current, dict) and part in current):
            continue
        path.append(part)
        current = value_at(current, (part,))
    return tuple(path)


def _explain(error: ErrorDetails, loc: KeyPath, model: type[BaseModel], data: Any) -> str:
    kind = error["type"]
    found = value_at(data, loc)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        return f"expected one of the keys {', '.join(allowed)}, found unknown key '{loc[-1]}'" + (
            did_you_mean(str(loc[-1]), allowed) or "; remove it"
        )
    if kind == "missing":
        return f"expected a value, found nothing; add '{loc[-1]}:' (it is required)"
    if kind == "literal_error":
        options = [o.strip("'") for o in error["ctx"]["expected"].replace(" or ", ", ").split(", ")]
        return f"expected one of {', '.join(options)}, found {describe(found)}" + did_you_mean(
            str(found), options
        )
    if kind == "value_error":
        return str(error["ctx"]["error"])
    template = _EXPECTED.get(kind)
    if template:
        return f"expected {template.format(**error.get('ctx', {}))}, found {describe(found)}"
    return f"expected a valid value, found {describe(found)} ({error['msg']})"


def _allowed_keys(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """The field names of the (sub)model at `loc`, following nested model fields."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        current = _model_in(field.annotation) if field else None
    return sorted(current.model_fields) if current else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None
