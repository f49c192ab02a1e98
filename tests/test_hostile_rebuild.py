"""The hostile corpus, part two: cases that take more than one build.

Each case of tests/hostile/rebuild/*.yaml lays its files over the same small
project as test_hostile.py (levels.yaml, the article, the lesson `good`), then
runs its steps in order: builds (with a fault injected if the step names one)
and edits between them (truncating or swapping a built file, editing the
manifest, dropping a document kind, deleting a lesson). After every build: its
exit code and messages as the step expects, no traceback, nothing written
outside the output folder, no temporary file left, every PDF whole, and a
manifest that tells the truth: each document it lists is on disk with the
recorded sha256, and (unless the step says otherwise) every file on disk in
the output folder is one it lists.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from generator.cli import main
from generator.render.renderer import Renderer

from .test_hostile import _lay_out, _snapshot

REBUILD = Path(__file__).resolve().parent / "hostile" / "rebuild"
CLASSES = ("stale", "traceback", "crash", "hang", "text")
OWN_FILES = {".lock", "manifest.json", ".cache/readability.json"}


def _cases() -> list[Any]:
    params = []
    for table in sorted(REBUILD.glob("*.yaml")):
        for case in yaml.safe_load(table.read_text(encoding="utf-8")):
            assert case["class"] in CLASSES, case["name"]
            # A case that renders PDFs is slow, unless it is its class's quick one.
            slow = case.get("format") == "pdf" and not case.get("quick")
            marks = [pytest.mark.slow] if slow else []
            params.append(pytest.param(case, id=f"{case['class']}-{case['name']}", marks=marks))
    return params


def _fill(text: str, root: Path) -> str:
    return text.replace("{root}", str(root))


# --- faults a build step can inject ------------------------------------------------------


def _write_fails(m: pytest.MonkeyPatch, spec: dict[str, Any]) -> None:
    """Writing any file whose path holds `match` fails with the given errno."""
    import generator.build.atomic as atomic

    real = atomic.write_atomically
    code = getattr(errno, spec["errno"])

    def failing(target: Path, data: bytes, root: Path | None = None) -> None:
        if spec["match"] in str(target):
            raise OSError(code, os.strerror(code), str(target))
        real(target, data, root)

    m.setattr(atomic, "write_atomically", failing)


def _worker_dies(m: pytest.MonkeyPatch, spec: dict[str, Any]) -> None:
    """Rendering a document of `lesson` ends its process: a signal, or an exit."""
    real_pdf, real_html = Renderer.pdf, Renderer.standalone_html

    def die(document: Any) -> None:
        if getattr(getattr(document, "masthead", None), "lesson_id", None) == spec["lesson"]:
            if spec["how"] == "exit":
                os._exit(3)
            os.kill(os.getpid(), getattr(signal, spec["how"]))

    def pdf(self: Renderer, document: Any, *rest: Any) -> Any:
        die(document)
        return real_pdf(self, document, *rest)

    def html(self: Renderer, document: Any, *rest: Any) -> Any:
        die(document)
        return real_html(self, document, *rest)

    m.setattr(Renderer, "pdf", pdf)
    m.setattr(Renderer, "standalone_html", html)


def _extra_font(m: pytest.MonkeyPatch, family: str) -> None:
    """Levels accept `family` as installed (it is not): the build must notice."""
    from generator.spec import fonts

    real = fonts.installed_families()
    m.setattr("generator.spec.levels.installed_families", lambda: real | {family})


# --- edits between builds ----------------------------------------------------------------


def _json_edit(root: Path, spec: dict[str, Any]) -> None:
    path = root / spec["file"]
    data = json.loads(path.read_text())

    def walk(pointer: str) -> tuple[Any, Any]:
        *parents, last = pointer.split("/")
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node, int(last) if isinstance(node, list) else last

    for pointer, value in (spec.get("set") or {}).items():
        node, key = walk(pointer)
        node[key] = value
    for pointer in spec.get("delete") or ():
        node, key = walk(pointer)
        del node[key]
    path.write_text(json.dumps(data))


def _edit(root: Path, step: dict[str, Any]) -> None:
    for name, text in (step.get("write") or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(_fill(text, root), encoding="utf-8")
    for name, encoded in (step.get("bytes") or {}).items():
        (root / name).write_bytes(base64.b64decode(encoded))
    for name, size in (step.get("truncate") or {}).items():
        os.truncate(root / name, size)
    if "swap" in step:
        a, b = (root / n for n in step["swap"])
        a.rename(a.with_name(".swap"))
        b.rename(a)
        a.with_name(".swap").rename(b)
    for name in step.get("scramble") or ():
        data = (root / name).read_bytes()
        (root / name).write_bytes(bytes(b ^ 0x20 for b in data))
    for name in step.get("touch") or ():
        stat = (root / name).stat()
        os.utime(root / name, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    for name in step.get("remove") or ():
        (root / name).unlink()
    if "json" in step:
        _json_edit(root, step["json"])
    for name in step.get("exists") or ():
        assert (root / name).exists(), name
    for name in step.get("absent") or ():
        assert not (root / name).exists(), name


# --- a build step and what must hold after it ----------------------------------------------


def _build(root: Path, case: dict[str, Any], step: dict[str, Any], capsys: Any) -> tuple[int, str, str]:
    args = [str(a) for a in step["build"] or []]
    defaults = {"-j": "1", "--format": case.get("format", "html"), "--level": case.get("level", "source")}
    for option, value in defaults.items():
        if option not in args and not (option == "--level" and "--all-levels" in args):
            args += [option, value]
    args = [a for a in args if a != "--all-levels"]
    folders = [
        "--lessons-dir",
        root / "lessons",
        "--articles-dir",
        root / "articles",
        "--out",
        root / "output",
    ]
    with pytest.MonkeyPatch.context() as m:
        fault = step.get("fault") or {}
        if "write_fails" in fault:
            _write_fails(m, fault["write_fails"])
        if "worker_dies" in fault:
            _worker_dies(m, fault["worker_dies"])
        if "extra_font" in fault:
            _extra_font(m, fault["extra_font"])
        code = main(["build", *args, *[str(f) for f in folders]])
    out, err = capsys.readouterr()
    return code, out, err


def _check_output(output: Path, step: dict[str, Any], foreign: set[str]) -> None:
    """The manifest tells the truth, and the folder holds nothing half-written."""
    path = output / "manifest.json"
    manifest = json.loads(path.read_text()) if path.exists() else {"documents": []}
    listed = set()
    for entry in manifest["documents"]:
        path = output / entry["path"]
        assert path.is_file(), entry["path"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], entry["path"]
        listed.add(entry["path"])
    on_disk = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
    assert not [p for p in on_disk if p.endswith(".tmp")]
    for pdf in output.rglob("*.pdf"):
        assert len(PdfReader(pdf).pages) >= 1, pdf
    if step.get("exact", True):
        caches = {p for p in on_disk if p.startswith(".cache/")}  # the build's own (rendercache.py)
        assert on_disk - OWN_FILES - caches - foreign == listed - foreign


@pytest.mark.parametrize("case", _cases())
def test_hostile_rebuild(case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    _lay_out(root, case)
    outside = tmp_path / "outside"
    outside.mkdir()
    foreign = set(case.get("foreign") or ())
    for number, step in enumerate(case["steps"]):
        if "build" not in step:
            _edit(root, step)
            continue
        before = _snapshot(root) - _snapshot(root / "output")
        code, out, err = _build(root, case, step, capsys)
        where = f"step {number}:\n{out}{err}"
        assert code == step.get("code", 0), where
        assert "Traceback" not in out + err, where
        for fragment in step.get("out") or ():
            assert _fill(fragment, root) in out, where
        for fragment in step.get("not_out") or ():
            assert _fill(fragment, root) not in out, where
        for fragment in step.get("err") or ():
            assert _fill(fragment, root) in err, where
        assert _snapshot(root) - _snapshot(root / "output") == before, where
        assert not any(outside.iterdir()) and not list(root.parent.glob("x*"))
        _check_output(root / "output", step, foreign)
    if case.get("others_build", True):
        level, fmt = case.get("level", "source"), case.get("format", "html")
        assert (root / "output" / "good" / level / f"handout.{fmt}").is_file()
