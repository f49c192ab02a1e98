"""The hostile corpus: every bad input of tests/hostile/*.yaml, one build each.

Each case lays its files over a small project (levels.yaml, the article and one
good lesson, `good`) and builds it (HTML, the source level, one worker: the
checks are about loading and writing, not typesetting). Every case must end with
exit code 1, its messages (file and key) on stderr, no traceback, nothing
written outside the project's output folder, and, unless the shared levels file
is the bad one, the good lesson built.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

from .conftest import ROOT

HOSTILE = Path(__file__).resolve().parent / "hostile"
CLASSES = ("security", "stale", "traceback", "crash", "hang")

GOOD = """\
title: A good lesson
article: nagorno-karabakh-conflict
grades: 4-12
sections: [blockade-of-artsakh-2022-present]
objectives: [Read about the blockade.]
documents: [handout]
"""


def _cases() -> list[Any]:
    params = []
    for table in sorted(HOSTILE.glob("*.yaml")):
        for case in yaml.safe_load(table.read_text(encoding="utf-8")):
            assert case["class"] in CLASSES, case["name"]
            params.append(pytest.param(case, id=f"{case['class']}-{case['name']}"))
    return params


def _lay_out(root: Path, case: dict[str, Any]) -> None:
    """The base project, then the case's files, generated files, symlinks and removals."""
    (root / "lessons").mkdir(parents=True)
    shutil.copy(ROOT / "lessons" / "levels.yaml", root / "lessons" / "levels.yaml")
    shutil.copytree(ROOT / "articles", root / "articles")
    (root / "lessons" / "good.yaml").write_text(GOOD)
    (root / "output").mkdir()
    for name, text in (case.get("files") or {}).items():
        _target(root, name).write_text(text, encoding="utf-8")
    for name, encoded in (case.get("bytes") or {}).items():
        _target(root, name).write_bytes(base64.b64decode(encoded))
    for name, (head, unit, count, tail) in (case.get("repeat") or {}).items():
        _target(root, name).write_text(head + unit * count + tail, encoding="utf-8")
    if "block_nesting" in case:  # a mapping nested N deep, one key per line
        depth = case["block_nesting"]
        text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v\n"
        _target(root, "lessons/bad.yaml").write_text("extends: good\n" + text)
    if "alias_chain" in case:  # each anchor a list holding the previous one
        links = [f"x{i}: &x{i} [{f'*x{i - 1}' if i else 'a'}]" for i in range(case["alias_chain"])]
        _target(root, "lessons/bad.yaml").write_text("extends: good\n" + "\n".join(links) + "\n")
    for name, points_to in (case.get("symlinks") or {}).items():
        _target(root, name).symlink_to(points_to.replace("{root}", str(root)))
    for name in case.get("remove") or ():
        path = root / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def _target(root: Path, name: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _snapshot(folder: Path) -> set[str]:
    return {str(p) for p in folder.rglob("*")} if folder.exists() else set()


@pytest.mark.parametrize("case", _cases())
def test_hostile_input(case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    _lay_out(root, case)
    outside = tmp_path / "outside"  # where escapes aim ({outside} in a case)
    outside.mkdir()
    for name in list(case.get("files") or {}):
        path = root / name
        if "{outside}" in path.read_text():
            path.write_text(path.read_text().replace("{outside}", str(outside)))
    before = _snapshot(root) - _snapshot(root / "output")
    args = case.get("args") or []
    code = main(
        [
            "build",
            *args,
            "-j",
            "1",
            "--format",
            "html",
            *([] if "--level" in args else ["--level", "source"]),
            "--lessons-dir",
            str(root / "lessons"),
            "--articles-dir",
            str(root / "articles"),
            "--out",
            str(root / "output"),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "Traceback" not in err + out
    for fragment in case["expect"]:
        assert fragment.replace("{root}", str(root)) in err, err
    # Nothing written outside the output folder: not in the project, not beside it.
    assert _snapshot(root) - _snapshot(root / "output") == before
    assert not any(outside.iterdir())
    assert not list(root.parent.glob("x*")) and not (root / "x").exists()
    good = root / "output" / "good" / "source" / "handout.html"
    if case.get("others_build", True):
        assert good.is_file(), err
        assert "Artsakh" in good.read_text(encoding="utf-8")
    for leaked in case.get("never_printed") or ():
        for built in (root / "output").rglob("*.html"):
            assert leaked not in built.read_text(encoding="utf-8"), built
