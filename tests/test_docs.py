"""The documentation is run and compared, not trusted.

The lesson-format reference and its JSON Schema must match the schema the build
validates with, and the README's "Make your own lesson" tutorial is run block by
block in a copy of the project: `sh` blocks are run (exit 0, or 1 where a
`<!-- docs-test: exit 1 -->` comment says so), a `text` block after one lists
lines its output must contain (a line ending in "..." is a prefix), files are
written or appended where a `<!-- docs-test: write|append PATH -->` comment says,
and a `diff` block's `-` lines are replaced by its `+` lines in the lesson file.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass

import pytest

from generator.cli import _parser
from generator.sources.wordnet import available

from .conftest import ROOT

SECTION = "## Make your own lesson"


@dataclass
class Block:
    lang: str
    text: str
    directive: str  # the docs-test comment just before the block, if any


def section_blocks(readme: str, heading: str) -> list[Block]:
    """The fenced blocks of one `## ` section of the README, in order."""
    lines = readme.splitlines()
    start = lines.index(heading)
    blocks: list[Block] = []
    directive = ""
    fence: str | None = None
    body: list[str] = []
    for line in lines[start + 1 :]:
        if fence is None:
            if line.startswith("## "):
                break
            match = re.match(r"<!-- docs-test: (.+?) -->", line)
            if match:
                directive = match.group(1)
            elif line.startswith("```"):
                fence, body = line[3:].strip(), []
        elif line.startswith("```"):
            blocks.append(Block(fence, "\n".join(body) + "\n", directive))
            fence, directive = None, ""
        else:
            body.append(line)
    return blocks


def test_lesson_format_reference_is_current(run_cli):
    result = run_cli("schema", "--check")
    assert result.code == 0, result.err
    assert result.out == "current docs/lesson.schema.json, docs/lesson-format.md\n"


def test_an_out_of_date_reference_fails_the_check(run_cli, tmp_path):
    stale = tmp_path / "lesson-format.md"
    stale.write_text((ROOT / "docs" / "lesson-format.md").read_text().replace("| `title` |", "| `titel` |"))
    result = run_cli("schema", "--check", "--doc", stale)
    assert result.code == 1
    assert result.err == (
        f"error: {stale}: out of date with the lesson schema; run 'python -m generator schema'\n"
    )


def test_reference_lists_every_field_with_type_default_and_example():
    from generator.spec.lesson import GlossaryEntry, LessonSpec
    from generator.spec.schema import EventSpec, Evidence, TeacherNotes, TrueFalse

    doc = (ROOT / "docs" / "lesson-format.md").read_text()
    for model in (LessonSpec, GlossaryEntry, TeacherNotes, EventSpec, TrueFalse, Evidence):
        for name, field in model.model_fields.items():
            row = next((line for line in doc.splitlines() if line.startswith(f"| `{name}` |")), None)
            assert row is not None, f"{model.__name__}.{name} missing"
            cells = [c.strip() for c in row.strip("|").split(" | ")]
            assert len(cells) == 5 and all(cells[:4]), row
            assert cells[4], f"{model.__name__}.{name} has no example"
            assert field.description and field.description in doc


def test_the_tutorials_commands_and_edits_are_the_tools():
    """The quick half of the tutorial test (the whole run is slow): every command line is one
    the CLI accepts, and every edit lands in a file the tutorial's new-lesson writes."""
    blocks = section_blocks((ROOT / "README.md").read_text(encoding="utf-8"), SECTION)
    assert [b.lang for b in blocks].count("sh") >= 5
    prefix = [".venv/bin/python", "-m", "generator"]
    commands = [
        shlex.split(line) for b in blocks if b.lang == "sh" for line in b.text.splitlines() if line.strip()
    ]
    for words in commands:
        assert words[:3] == prefix, words
        try:
            args = _parser().parse_args(words[3:])
        except SystemExit:
            pytest.fail(f"the CLI refuses the README's command: {' '.join(words)}")
        assert callable(args.run), words
    (new_lesson,) = [w for w in commands if w[3] == "new-lesson"]
    lesson = new_lesson[5]
    assert [w[4] for w in commands if w[3] == "build"] == [lesson] * 3
    appended = ""
    for block in blocks:
        if block.directive.startswith(("write ", "append ")):
            name = block.directive.split(" ", 1)[1]
            assert name in (f"lessons/{lesson}.yaml", f"lessons/{lesson}/middle.md"), name
            appended += block.text
        elif block.lang == "diff":  # the fix edits lines the tutorial wrote
            for line in block.text.splitlines():
                if line.startswith("-"):
                    assert line[1:] in appended, line


# Slow: it runs the tutorial as written, each command in its own interpreter, and builds the
# lesson's every document and pack twice (about 25 s); the test above checks its commands.
@pytest.mark.slow
@pytest.mark.skipif(not available(), reason="WordNet (wordnet-base) is not installed; run make")
def test_make_your_own_lesson_tutorial_runs(tmp_path):
    project = tmp_path / "project"
    for folder in ("generator", "lessons", "articles", "docs"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "output").mkdir()
    (project / ".venv" / "bin").mkdir(parents=True)
    python = project / ".venv" / "bin" / "python"  # the interpreter running the tests, and its packages
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    env = {**os.environ, "PYTHONPATH": str(project), "JOBS": "1"}
    blocks = section_blocks((ROOT / "README.md").read_text(encoding="utf-8"), SECTION)
    assert [b.lang for b in blocks].count("sh") >= 5
    output = ""
    for block in blocks:
        if block.lang == "sh":
            code = 1 if block.directive == "exit 1" else 0
            done = subprocess.run(
                ["bash", "-e", "-c", block.text], cwd=project, env=env, capture_output=True, text=True
            )
            output = done.stdout + done.stderr
            assert done.returncode == code, f"{block.text}\n{output}"
        elif block.lang == "text":
            for line in block.text.splitlines():
                wanted = line[:-3] if line.endswith("...") else line
                assert wanted in output, f"README shows {line!r}; the command printed:\n{output}"
        elif block.directive.startswith(("write ", "append ")):
            verb, _, name = block.directive.partition(" ")
            target = project / name
            assert target.exists(), name  # the tutorial edits files the tool wrote
            with target.open("w" if verb == "write" else "a", encoding="utf-8") as handle:
                handle.write(block.text)
        elif block.lang == "diff":
            lesson = project / "lessons" / "blockade.yaml"
            text = lesson.read_text(encoding="utf-8")
            old = [line[1:] for line in block.text.splitlines() if line.startswith("-")]
            new = [line[1:] for line in block.text.splitlines() if line.startswith("+")]
            for before, after in zip(old, new, strict=True):
                assert before in text, before
                text = text.replace(before, after, 1)
            lesson.write_text(text, encoding="utf-8")
    pack = project / "output" / "blockade" / "middle" / "student-pack.pdf"
    words = " ".join(
        subprocess.run(["pdftotext", pack, "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Only one road, the Lachin corridor, linked Artsakh to Armenia" in words
    assert "What did the blockade keep out of Artsakh?" in words
    assert "Why did critics doubt that the protesters were eco-activists?" in words


def test_the_json_schema_accepts_every_bundled_lesson_and_flags_a_misspelled_level():
    import json

    import jsonschema
    import yaml

    schema = json.loads((ROOT / "docs" / "lesson.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    from generator.spec.files import lesson_paths

    def load(path):  # libyaml's safe loader: the same data as yaml.safe_load, several times faster
        return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    for path in lesson_paths(ROOT / "lessons"):
        data = load(path)
        if "extends" in data:
            continue  # a custom lesson states only what differs; the merged lesson is checked by the build
        assert [e.message for e in validator.iter_errors(data)] == [], path
    data = load(ROOT / "lessons" / "first-war.yaml")
    data["questions"]["midle"] = data["questions"].pop("middle")
    data["questions"]["high"][0]["prompts"] = "x"
    found = sorted(e.message for e in validator.iter_errors(data))
    assert any("'midle' is not one of ['elementary', 'middle', 'high', 'source']" in m for m in found), found
    # A question with an unknown key matches none of the four question types.
    assert any(m.endswith("is not valid under any of the given schemas") for m in found), found
