"""Shared fixtures: the repository's folders, a CLI runner, one shared build, a no-warnings guard.

Builds are what make the suite slow, so they are counted (the count is printed at
the end of the run) and the PDFs most tests only read come from one session-wide
build, `built`, that no test may modify.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import generator.build.run
from generator.cli import main

from .helpers import renderer_warnings

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "articles" / "nagorno-karabakh-conflict.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUILDS: list[str] = []  # one entry per build run in this process, for the summary line

# Builds a test runs without -j render in the test's own process, so the renderer the
# first one makes (fonts, parsed CSS) stays warm for the next; pytest-xdist spreads the
# tests over the cores instead. Tests about worker processes pass -j themselves.
os.environ.setdefault("JOBS", "1")


# Modules whose module-wide fixtures wait on builds in other processes (the web page's build
# process, the watcher, the shared build's render workers) run first, so that no worker is
# left waiting for one at the end while the other has finished.
RUN_FIRST = ("test_accessibility.py", "test_web.py", "test_watch.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name not in RUN_FIRST)  # stable: modules stay together


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if BUILDS:
        terminalreporter.write_line(f"build invocations in the test process: {len(BUILDS)}")


@pytest.fixture(autouse=True, scope="session")
def count_builds() -> Iterator[None]:
    real = generator.build.run.build

    def counted(config, progress_stream=None, on_wait=None):  # type: ignore[no-untyped-def]
        BUILDS.append(f"{config.selection} {config.fmt} {config.paper}")
        return real(config, progress_stream, on_wait)

    generator.build.run.build = counted
    yield
    generator.build.run.build = real


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    def run(*args: object) -> Run:
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


def edit_lesson(path: Path, change: Callable[[dict], object]) -> None:
    """Load a lesson file, let `change` edit its data in place, and write it back."""
    # libyaml's loader and dumper: the same text as yaml.safe_load/safe_dump, several times faster
    data = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
    change(data)
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True))


def folder_args(root: Path) -> list[str]:
    return [
        "--lessons-dir",
        str(root / "lessons"),
        "--articles-dir",
        str(root / "articles"),
        "--out",
        str(root / "output"),
    ]


@dataclass(frozen=True)
class Built:
    """A shared build of the bundled lessons (read only): where it is and what it printed."""

    output: Path
    out: str  # what the build printed
    jobs: int
    temp_left: list[str]  # what the build and its workers left in their temporary folder

    def level(self, level_id: str, lesson_id: str = "first-war") -> Path:
        return self.output / lesson_id / level_id


SharedBuild = Callable[..., Built]


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    """`shared_build(name, *build_args)`: the bundled lessons built once per test run with
    these arguments (two workers), for every test and every pytest-xdist worker that asks
    for the same name. The first to ask builds it under a lock in the run's shared folder;
    the others read what it recorded. Read only: tests that edit lessons or must see a
    build happen build into their own folder."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the base folder all workers of this run share

    def get(name: str, *args: object, also: tuple[tuple[object, ...], ...] = ()) -> Built:
        """`also`: the arguments of more builds into the same output folder, run after."""
        builds = [[str(a) for a in build] for build in (args, *also)]
        root = shared / f"shared-{name}"
        with open(shared / f"shared-{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            record = root / "built.json"
            if not record.exists():
                _build_shared(root, record, builds)
        data = json.loads(record.read_text())
        if data["args"] != builds:
            raise AssertionError(f"shared build {name!r} asked for with other arguments: {builds}")
        return Built(root / "output", data["out"], data["jobs"], data["temp_left"])

    return get


# The level of `built`: the youngest readers (the one with the most adaptations: its own
# face, age-appropriate wording). Tests about another level read its HTML or render the
# one document they check (rendering.py); every level's PDFs are built and checked by
# `make check` (every lesson, every level) and the slow tests.
BUILT_LEVEL = "elementary"


@pytest.fixture(scope="session")
def built(shared_build: SharedBuild) -> Built:
    """`first-war` at one level (9 documents + 2 packs), the build most tests read."""
    return shared_build("first-war", "first-war", "--level", BUILT_LEVEL)


def _build_shared(root: Path, record: Path, builds: list[list[str]]) -> None:
    output, temp = root / "output", root / "tmp"
    temp.mkdir(parents=True)
    folders = ["--lessons-dir", ROOT / "lessons", "--articles-dir", ROOT / "articles", "--out", output]
    stdout = io.StringIO()
    # A temporary folder of its own (forked workers inherit it), so that what WeasyPrint
    # leaves behind can be told apart from other programs' files.
    saved, tempfile.tempdir = tempfile.tempdir, str(temp)
    # This process's renderer, made before the build forks its two render workers: they
    # inherit it (and WeasyPrint imported) instead of each making their own, and the
    # tests that render in this process later use it.
    from generator.build.workers import renderer  # here: conftest is imported by every process

    renderer()
    try:
        with renderer_warnings() as warnings, redirect_stdout(stdout):
            for args in builds:
                code = main(["build", *args, "-j", "2", *map(str, folders)])
                assert code == 0, stdout.getvalue()
    finally:
        tempfile.tempdir = saved
    assert not warnings, warnings
    left = sorted(p.name for p in temp.iterdir())
    data = {"args": builds, "out": stdout.getvalue(), "jobs": 2, "temp_left": left}
    record.write_text(json.dumps(data))


@pytest.fixture(autouse=True)
def no_renderer_warnings() -> Iterator[None]:
    """A warning from WeasyPrint (a missing font, a CSS rule it ignores) fails the test, also
    when it is logged in a render worker (forked, it inherits the file handler)."""
    with renderer_warnings() as warnings:
        yield
    assert not warnings, warnings
