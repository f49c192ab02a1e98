"""A build under audit: every file Python opens and every connection it tries.

A hostile project (a font name that smuggles CSS urls, an article symlinked to
/etc/passwd, a stylesheet link to the network) is built to PDF in this process
(one worker), with an audit hook recording `open` and socket events. Nothing may
be opened outside the project, the package, Python's own installation and the
system's shared data (fonts, dictionaries), and no connection may be tried.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main

from .conftest import ROOT

_recording: list[tuple[str, str]] | None = None


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _recording is None:
        return
    if event == "open" and args and isinstance(args[0], (str, bytes, Path)):
        path = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        _recording.append(("open", path))
    elif event.startswith("socket.") and event != "socket.__new__":
        _recording.append((event, repr(args)[:120]))


sys.addaudithook(_hook)  # audit hooks cannot be removed: it records only inside `_audited`

GOOD = """\
title: A good lesson
article: nagorno-karabakh-conflict
grades: 4-12
sections: [blockade-of-artsakh-2022-present]
objectives: [Read about the blockade.]
documents: [handout]
"""

# A font value that would close the CSS string and add urls, were it interpolated raw.
HOSTILE_FONT = (
    "Andika'; background-image: url(file:///etc/passwd); "
    "list-style-image: url(http://127.0.0.1:9/x.png); x: '"
)


def _audited(argv: list[str]) -> tuple[int, list[tuple[str, str]]]:
    global _recording
    _recording = []
    try:
        code = main(argv)
    finally:
        events, _recording = _recording, None
    return code, events


def _allowed_roots(project: Path) -> list[Path]:
    roots = [project, ROOT / "generator", ROOT / "tests", Path(sys.prefix), Path(sys.base_prefix)]
    roots += [Path(p) for p in sysconfig.get_paths().values()]
    # Shared system data the renderer and the dictionaries read: fonts, fontconfig, WordNet.
    roots += [Path("/usr/share"), Path("/usr/lib"), Path("/etc/fonts"), Path("/var/cache/fontconfig")]
    roots += [Path("/proc"), Path("/dev"), Path("/tmp")]  # process info; WeasyPrint's temp fonts
    roots += [Path("/etc/mime.types")]  # the standard library's table of file types
    return [r.resolve() for r in roots]


@pytest.mark.parametrize("hostile", ["font", "article-symlink"])
def test_a_hostile_build_opens_nothing_outside_and_connects_nowhere(tmp_path: Path, hostile: str) -> None:
    project = tmp_path / "project"
    (project / "lessons").mkdir(parents=True)
    shutil.copytree(ROOT / "articles", project / "articles")
    levels = (ROOT / "lessons" / "levels.yaml").read_text(encoding="utf-8")
    (project / "lessons" / "good.yaml").write_text(GOOD, encoding="utf-8")
    if hostile == "font":
        levels = levels.replace(
            "{font: DejaVu Serif, body_size_pt: 11", f'{{font: "{HOSTILE_FONT}", body_size_pt: 11'
        )
        assert HOSTILE_FONT in levels
    else:
        (project / "articles" / "passwd.txt").symlink_to("/etc/passwd")
        (project / "lessons" / "bad.yaml").write_text(GOOD.replace("nagorno-karabakh-conflict", "passwd"))
    (project / "lessons" / "levels.yaml").write_text(levels, encoding="utf-8")
    argv = ["build", "--level", "source", "-j", "1", "--lessons-dir", str(project / "lessons")]
    argv += ["--articles-dir", str(project / "articles"), "--out", str(project / "output")]

    code, events = _audited(argv)

    assert code == 1  # the hostile input is refused with a message
    assert [e for e in events if e[0] != "open"] == []  # no connection tried
    roots = _allowed_roots(project)
    opened = {Path(path).resolve() for kind, path in events if kind == "open" and path.startswith("/")}
    outside = sorted(str(p) for p in opened if not any(p.is_relative_to(root) for root in roots))
    assert outside == [], outside
    assert Path("/etc/passwd") not in opened
    if hostile == "article-symlink":  # the good lesson still built
        assert (project / "output" / "good" / "source" / "handout.pdf").is_file()
