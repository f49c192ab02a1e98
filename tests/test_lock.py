"""Two builds of the same output folder at once: the second waits its turn (saying so)
or, with --no-wait, stops with a message; it never deletes the first's temporary files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.build.atomic import remove_leftovers
from generator.build.lock import BuildLocked, build_lock
from generator.build.run import build
from generator.config import BuildConfig, Folders, Selection

from .conftest import ROOT
from .test_hostile import GOOD

HOLDER = """
import os, sys
from pathlib import Path
from generator.build.lock import build_lock

out = Path(sys.argv[1])
with build_lock(out):
    # A file this build is writing, as a real build has while it renders.
    temporary = out / "good" / "source" / f".handout.html.{os.getpid()}.x1y2.tmp"
    temporary.parent.mkdir(parents=True, exist_ok=True)
    temporary.write_text("half a page")
    print(temporary, flush=True)
    sys.stdin.readline()
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "levels.yaml").write_text((ROOT / "lessons" / "levels.yaml").read_text())
    (tmp_path / "lessons" / "good.yaml").write_text(GOOD)
    (tmp_path / "articles").symlink_to(ROOT / "articles")
    return tmp_path


def _command(project: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--level",
        "source",
        "--format",
        "html",
        "-j",
        "1",
        *extra,
        "--lessons-dir",
        str(project / "lessons"),
        "--articles-dir",
        str(project / "articles"),
        "--out",
        str(project / "output"),
    ]


def _hold(project: Path) -> tuple[subprocess.Popen[str], Path]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project / "output")],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    return holder, Path(holder.stdout.readline().strip())


def _release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.close()
    holder.wait()
    holder.stdout.close()


@pytest.mark.slow  # a second build in a fresh process (the quick tests: --no-wait, on_wait)
def test_a_second_build_waits_for_the_first_and_keeps_its_temporary_files(project: Path) -> None:
    holder, temporary = _hold(project)
    try:
        second = subprocess.Popen(
            _command(project), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert second.stderr is not None
        line = second.stderr.readline()
        assert line == f"waiting for another build of {project / 'output'}/ to finish (pid {holder.pid})\n"
        assert temporary.read_text() == "half a page"  # still being written: not touched
        assert not (project / "output" / "good" / "source" / "handout.html").exists()
    finally:
        _release(holder)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert f"built   {project / 'output' / 'good' / 'source' / 'handout.html'}" in out


def test_no_wait_refuses_with_a_message(project: Path) -> None:
    holder, temporary = _hold(project)
    try:
        refused = subprocess.run(_command(project, "--no-wait"), cwd=ROOT, capture_output=True, text=True)
    finally:
        _release(holder)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"error: another build of {project / 'output'}/ is running (pid {holder.pid}); wait for it "
        "to finish, or build into another folder with --out (without --no-wait, the build waits its turn)\n"
    )
    assert temporary.exists()
    assert not list((project / "output").rglob("*.html"))


def test_build_takes_an_on_wait_callback(project: Path) -> None:
    """The API a web server uses: on_wait gets the holder's pid and may give up."""
    config = BuildConfig(
        folders=Folders(project / "lessons", project / "articles", project / "output"),
        selection=Selection(level_id="source"),
        fmt="html",
        jobs=1,
    )
    seen: list[int | None] = []

    def give_up(pid: int | None) -> None:
        seen.append(pid)
        raise BuildLocked("busy")

    holder, _ = _hold(project)
    try:
        with pytest.raises(BuildLocked, match="busy"):
            build(config, on_wait=give_up)
    finally:
        _release(holder)
    assert seen == [holder.pid]
    report = build(config, on_wait=give_up)  # free now: on_wait is not called
    assert report.ok and len(report.built) == 2 and seen == [holder.pid]


def test_the_lock_is_released_when_its_holder_is_killed(project: Path) -> None:
    holder, _ = _hold(project)
    holder.kill()
    _release(holder)
    with build_lock(project / "output", on_wait=lambda pid: pytest.fail("the lock outlived its holder")):
        pass


def test_clean_up_removes_only_the_temporary_files_of_writers_that_are_gone(tmp_path: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(gone.stdout)
    live = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        names = {
            "dead": f".handout.pdf.{dead_pid}.ab12.tmp",
            "live": f".handout.pdf.{live.pid}.cd34.tmp",
            "old": ".handout.pdf.ef56.tmp",  # written before temporary names carried a pid
        }
        for name in names.values():
            (tmp_path / name).write_text("x")
        assert remove_leftovers(tmp_path) == 2
        assert [p.name for p in tmp_path.iterdir()] == [names["live"]]
    finally:
        assert live.stdin is not None
        live.stdin.close()
        live.wait()
