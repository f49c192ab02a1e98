"""Shared fixtures: the repository's folders, a CLI runner, and a no-warnings guard."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "articles" / "nagorno-karabakh-conflict.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys):
    def run(*args: str) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the bundled lessons and articles, free to edit, with its own output/."""
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    (tmp_path / "output").mkdir()
    return tmp_path


def edit_lesson(path: Path, change) -> None:
    """Load a lesson file, let `change` edit its data in place, and write it back."""
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def folder_args(root: Path) -> list[str]:
    return [
        "--lessons-dir",
        str(root / "lessons"),
        "--articles-dir",
        str(root / "articles"),
        "--out",
        str(root / "output"),
    ]


@pytest.fixture(autouse=True)
def no_renderer_warnings(caplog):
    """A warning from WeasyPrint (a missing font, a CSS rule it ignores) fails the test."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    problems = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING
    ]
    assert not problems, problems
