"""Turn pydantic validation errors into messages a teacher can act on.

In: a pydantic `ValidationError`, the data that failed and its `LineMap`.
Out: one message per problem, `file:line: key.path: expected ..., found ...`,
with the closest valid name suggested for a misspelling.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

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
    return [message for _, message in located_messages(exc, model, data, lines, file, prefix)]


def located_messages(
    exc: ValidationError,
    model: type[BaseModel],
    data: Any,
    lines: LineMap,
    file: Path,
    prefix: KeyPath = (),
) -> list[tuple[KeyPath, str]]:
    """(data path, message) per problem: the path lets a caller set the bad part aside
    and go on checking the rest of the file."""
    errors = exc.errors()
    renamed = _renamed_keys(errors, model, data)
    out = []
    for error in errors:
        loc = _data_path(error["loc"], data)
        if error["type"] == "missing" and loc in renamed:
            continue  # the unknown key that stands for it is reported with the right name
        path = (*prefix, *loc)
        message = f"{file}:{lines.line(path)}: {format_path(path)}: {_explain(error, loc, model, data)}"
        out.append((path, message))
    return out


# Keys people write for another key of the same mapping: a true/false question has a
# `statement`, not a `prompt`; a glossary entry has `definitions`.
_RENAMES = {
    "prompt": ("statement",),
    "question": ("prompt", "statement"),
    "statement": ("prompt",),
    "choices": ("options",),
    "definition": ("definitions",),
    "pos": ("part_of_speech",),
    "quotation": ("quote",),
    "para": ("paragraph",),
    "event": ("text",),
    "year": ("date",),
}


def _suggestions(key: str, allowed: list[str]) -> list[str]:
    named = [k for k in _RENAMES.get(key, ()) if k in allowed]
    return named or closest(key, allowed)


def _renamed_keys(errors: list[ErrorDetails], model: type[BaseModel], data: Any) -> set[KeyPath]:
    """Paths of missing keys for which an unknown key in the same mapping is the likely spelling."""
    renamed: set[KeyPath] = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc = _data_path(error["loc"], data)
        allowed = allowed_keys(model, error["loc"][:-1])
        for key in _suggestions(str(loc[-1]), allowed)[:1]:
            renamed.add((*loc[:-1], key))
    return renamed


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
        allowed = allowed_keys(model, error["loc"][:-1])
        listed = ", ".join(allowed) if allowed else "(none: this value takes no keys)"
        hint = _suggestions(str(loc[-1]), allowed)
        return f"expected one of the keys {listed}, found unknown key '{loc[-1]}'" + (
            "; did you mean " + " or ".join(f"'{m}'" for m in hint) + "?" if hint else "; remove it"
        )
    if kind == "missing":
        return f"expected a value, found nothing; add '{loc[-1]}:' (it is required)"
    if kind == "literal_error":
        options = [o.strip("'") for o in error["ctx"]["expected"].replace(" or ", ", ").split(", ")]
        return f"expected one of {', '.join(options)}, found {describe(found)}" + did_you_mean(
            str(found), options
        )
    if kind == "union_tag_invalid":
        options = [o.strip("'") for o in error["ctx"]["expected_tags"].split(", ")]
        return f"expected one of {', '.join(options)}, found {describe(error['ctx']['tag'])}" + did_you_mean(
            str(error["ctx"]["tag"]), options
        )
    if kind == "union_tag_not_found":
        return f"expected a '{error['ctx']['discriminator'].strip(chr(39))}:' key, found none; add it"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    template = _EXPECTED.get(kind)
    if template:
        split = ""
        if kind == "too_long" and isinstance(found, list) and any(isinstance(v, str) for v in found):
            # [Food, fuel and medicine, ...] is four items in YAML: the commas split them.
            split = "; a comma inside an item splits it: put that item in quotes"
        return f"expected {template.format(**error.get('ctx', {}))}, found {describe(found)}{split}"
    return f"expected a valid value, found {describe(found)} ({error['msg']})"


def allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys of the mapping at pydantic location `loc` (union tags included), following
    models, lists, mappings and tagged unions; [] where the value is not a model."""
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    found = _as_model(annotation)
    return sorted(found.model_fields) if found else []


def _unwrap(annotation: Any) -> Any:
    """Annotated[X, ...] -> X; Optional[X] -> X."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
    return annotation


def _as_model(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _step(annotation: Any, part: str | int) -> Any:
    """The annotation one location step inside `annotation`."""
    annotation = _unwrap(annotation)
    found = _as_model(annotation)
    if found is not None:
        field = found.model_fields.get(str(part))
        return field.annotation if field else None
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (list, tuple) and args:
        return args[0] if isinstance(part, int) else None
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in (Union, UnionType):  # a tagged union: the location names the member
        for member in args:
            model_member = _as_model(member)
            if model_member is None:
                continue
            tag = model_member.model_fields.get("type")
            if tag is not None and part in get_args(tag.annotation):
                return model_member
            if model_member.__name__ == part:
                return model_member
        # an untagged union of a model and a scalar ("str", "function-after[...]")
        models = [m for m in (_as_model(a) for a in args) if m]
        if len(models) == 1 and not isinstance(part, int):
            return models[0] if str(part) in ("model", models[0].__name__) else None
    return None
