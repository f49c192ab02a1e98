"""`python -m generator schema`: the lesson format, from the schema the build validates with.

In: `LessonSpec` (generator/spec/lesson.py and schema.py) and the level ids of
lessons/levels.yaml. Out: docs/lesson.schema.json, a JSON Schema editors use to
complete and check keys as a teacher types (every lesson `new-lesson` writes
points at it), and docs/lesson-format.md, the reference generated from it:
every key with its type, default, description and an example. `--check` fails
when either file is out of date.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError

SCHEMA_OUT = Path("docs") / "lesson.schema.json"
DOC_OUT = Path("docs") / "lesson-format.md"
# Sections of the reference, in the order a lesson file uses them.
_ORDER = (
    "LessonSpec",
    "SectionRef",
    "GlossaryEntry",
    "TeacherNotes",
    "EventSpec",
    "MultipleChoice",
    "TrueFalse",
    "ShortAnswer",
    "ExtendedResponse",
    "Evidence",
    "Generated",
    "AllowEntry",
)


def register(sub: Any) -> None:
    command = sub.add_parser("schema", help="write the lesson format's JSON Schema and its reference")
    command.add_argument("--lessons-dir", type=Path, default=Path("lessons"), help="for the level ids")
    command.add_argument("--out", type=Path, default=SCHEMA_OUT, help=f"default: {SCHEMA_OUT}")
    command.add_argument("--doc", type=Path, default=DOC_OUT, help=f"default: {DOC_OUT}")
    command.add_argument("--check", action="store_true", help="fail if the files are out of date")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.build.atomic import write_atomically
    from generator.spec.files import LEVELS_FILE
    from generator.spec.levels import Levels

    level_ids = [lv.id for lv in Levels(args.lessons_dir / LEVELS_FILE).ordered()]
    schema = lesson_schema(level_ids)
    files = {args.out: schema_text(schema), args.doc: reference(schema, level_ids)}
    if args.check:
        stale = [str(p) for p, text in files.items() if not p.exists() or p.read_text("utf-8") != text]
        if stale:
            raise GeneratorError(
                f"{', '.join(stale)}: out of date with the lesson schema; run 'python -m generator schema'"
            )
        print(f"current {', '.join(map(str, files))}")
        return 0
    for path, text in files.items():
        write_atomically(path, text.encode())
        print(f"wrote   {path}")
    return 0


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def lesson_schema(level_ids: list[str]) -> dict[str, Any]:
    """The JSON Schema of a lesson file: pydantic's, with the shorthands a file may use
    (grades '6-8', a section id for a whole section, one evidence mapping) and level ids."""
    from generator.spec.lesson import LessonSpec

    schema = LessonSpec.model_json_schema()
    defs = schema["$defs"]
    levels = {"enum": level_ids}
    props = schema["properties"]
    props["grades"].update(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{1,2}(-\d{1,2})?$"},
                {"type": "integer", "minimum": 1, "maximum": 12},
                {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 12}},
            ]
        }
    )
    props["grades"].pop("type", None)
    props["grades"].pop("items", None)
    props["grades"].pop("maxItems", None)
    props["grades"].pop("minItems", None)
    props["grades"].pop("prefixItems", None)
    props["sections"]["items"] = {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/SectionRef"}]}
    paragraphs = defs["SectionRef"]["properties"]["paragraphs"]
    paragraphs.pop("anyOf", None)
    paragraphs["anyOf"] = [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": r"^\d+(-\d+)?$"}]
    props["documents"].pop("default", None)  # omitted means "what the lesson has content for"
    props["questions"]["propertyNames"] = levels
    props["levels"]["propertyNames"] = levels
    defs["GlossaryEntry"]["properties"]["definitions"]["propertyNames"] = levels
    for option in defs["EventSpec"]["properties"]["text"]["anyOf"]:
        if option.get("type") == "object":
            option["propertyNames"] = levels
    for name in ("MultipleChoice", "TrueFalse", "ShortAnswer", "ExtendedResponse"):
        evidence = defs[name]["properties"]["evidence"]
        items = evidence.pop("items")
        for key in ("type", "minItems"):
            evidence.pop(key, None)
        evidence["anyOf"] = [items, {"type": "array", "items": items, "minItems": 1}]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Lesson file (lessons/<id>.yaml)",
        "description": "A lesson of the curriculum packs generator. Written by `python -m generator "
        "schema` from generator/spec/lesson.py; do not edit by hand.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def _resolve(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def type_of(node: dict[str, Any]) -> str:
    """A readable type: 'text', 'list of [GlossaryEntry](#glossaryentry)', 'one of a, b'."""
    name = _resolve(node)
    if name:
        return f"[{name}](#{name.lower()})"
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    if "anyOf" in node or "oneOf" in node:
        options = [o for o in node.get("anyOf", node.get("oneOf", [])) if o.get("type") != "null"]
        return " or ".join(dict.fromkeys(type_of(o) for o in options))
    kind = node.get("type")
    if kind == "array":
        return f"list of {type_of(node.get('items', {}))}"
    if kind == "object":
        values = node.get("additionalProperties")
        keys = "level id" if "propertyNames" in node else "key"
        if isinstance(values, dict) and values:
            return f"mapping of {keys} to {type_of(values)}"
        return f"mapping of {keys} to values"
    names = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true or false"}
    if kind in names:
        return names[kind] + (" (pattern `" + node["pattern"] + "`)" if "pattern" in node else "")
    return "any value"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _example(value: Any) -> str:
    return "`" + json.dumps(value, ensure_ascii=False).replace("|", "\\|") + "`"


def reference(schema: dict[str, Any], level_ids: list[str]) -> str:
    """docs/lesson-format.md: a table per mapping of the format, every key in it."""
    defs = schema["$defs"]
    out = [
        "# The lesson format",
        "",
        "<!-- Generated by `python -m generator schema` from generator/spec/lesson.py and",
        "     generator/spec/schema.py; a test fails when it is out of date. Do not edit by hand. -->",
        "",
        "A lesson is a YAML file `lessons/<id>.yaml`. This page lists every key it may use:",
        "its type, whether it is required or its default, what it is for, and an example.",
        "Unknown keys are errors. Where a key is a *level id*, it is one of the levels of",
        f"`lessons/levels.yaml`: {', '.join(f'`{lv}`' for lv in level_ids)}. Items of a list are",
        "counted from 1 in error messages, as they appear in the file.",
        "",
        "`python -m generator new-lesson` writes a complete lesson to start from, and the",
        "JSON Schema `docs/lesson.schema.json` lets editors (VS Code with the YAML extension,",
        "and others using yaml-language-server) complete and check keys while you type: a",
        "lesson file that starts with",
        "`# yaml-language-server: $schema=../docs/lesson.schema.json` uses it.",
        "",
    ]
    for name in _ORDER:
        node = schema if name == "LessonSpec" else defs[name]
        title = "Lesson file (top level)" if name == "LessonSpec" else name
        out += [f"## {title}" if name == "LessonSpec" else f"## {name}", ""]
        if name == "LessonSpec":
            out.append('<a id="lessonspec"></a>')
            out.append("")
        description = (defs.get(name, {}) if name != "LessonSpec" else {}).get("description") or (
            "The keys of a lesson file." if name == "LessonSpec" else ""
        )
        if description:
            out += [description, ""]
        out += ["| key | type | required / default | description | example |", "|---|---|---|---|---|"]
        required = set(node.get("required", []))
        for key, prop in node["properties"].items():
            if key == "type" and "const" in prop:
                default = "required"
            elif key in required:
                default = "required"
            elif "x-default" in prop:
                default = "default: " + prop["x-default"]
            else:
                default = "default " + _example(prop.get("default"))
            examples = prop.get("examples")
            example = _example(examples[0]) if examples else _example_of_ref(prop, defs)
            out.append(
                f"| `{key}` | {_cell(type_of(prop))} | {default} | "
                f"{_cell(prop.get('description', ''))} | {example} |"
            )
        out.append("")
    return "\n".join(out)


def _example_of_ref(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """An example for a key whose value is a mapping or list of mappings: its own keys' examples."""
    node = prop
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            node = node[key]
            if isinstance(node.get("items"), dict):
                node = node["items"]
    options = node.get("anyOf") or node.get("oneOf") or [node]
    name = next((_resolve(o) for o in options if _resolve(o)), None)
    mapping = node.get("discriminator", {}).get("mapping")
    if mapping:
        name = _resolve({"$ref": next(iter(mapping.values()))})
    if not name or name not in defs:
        return ""
    sample = {
        k: v["examples"][0]
        for k, v in defs[name]["properties"].items()
        if v.get("examples") and (k in defs[name].get("required", []) or k == "type")
    }
    if "items" in prop:
        sample_value: Any = [sample]
        if "additionalProperties" in prop:
            sample_value = {"middle": [sample]}
        return _example(sample_value)
    if "additionalProperties" in prop and isinstance(prop["additionalProperties"], dict):
        return _example({"middle": [sample] if "items" in prop["additionalProperties"] else sample})
    return _example(sample)
