"""The package as users install it: a wheel, in a fresh virtual environment, run from any folder.

Slow (it installs the dependencies into a new venv), so marked `slow`.
"""

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import ROOT
from .helpers import flat_text, summary


def run(command: list[str], cwd: Path) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _not_sources(folder: str, names: list[str]) -> list[str]:
    """What the wheel is not built from: the checkout's venv, outputs and build leftovers."""
    top_level = {".git", ".venv", ".make", "output", "build", "dist"}
    return [
        name
        for name in names
        if (Path(folder) == ROOT and name in top_level) or name.endswith((".egg-info", "__pycache__"))
    ]


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_builds_a_lesson(tmp_path):
    # Built from a copy, so setuptools' build/ and egg-info folders stay out of the checkout.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=_not_sources)
    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w", str(wheels)], tmp_path)
    [wheel] = wheels.glob("curriculum_packs-*.whl")

    env = tmp_path / "venv"
    venv.create(env, with_pip=True)  # fresh: nothing from this interpreter's site-packages
    python = env / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)], tmp_path)

    # A teacher's folder: lessons and articles, no checkout, no templates beside them.
    work = tmp_path / "class"
    for folder in ("lessons", "articles"):
        shutil.copytree(ROOT / folder, work / folder)
    where = run([str(python), "-c", "import generator; print(generator.__file__)"], work)
    assert where.startswith(str(env)), where  # the installed copy, not the checkout

    command = ["build", "origins", "--level", "middle", "-j", "1"]
    out = run([str(env / "bin" / "curriculum-packs"), *command], work)
    assert summary(out)[:3] == [11, 0, 0]  # built, skipped, failed
    handout = work / "output" / "origins" / "middle" / "handout.pdf"
    assert "Roots of the conflict" in flat_text(handout)
    assert len(list((work / "output" / "origins" / "middle").glob("*.pdf"))) == 11
