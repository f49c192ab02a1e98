"""Content hashes that decide what a build can skip.

In: the files a build reads. Out: hex digests. Two levels:

- a lesson's *key* hashes the files the loader recorded reading when the lesson
  was last built (its YAML and the ones it extends, its article and metadata,
  its passage folders) with everything shared (levels, templates, CSS, fonts,
  the generator's own code) and the build settings. Nothing re-reads YAML to
  find those files, so every YAML spelling of `extends:` is followed. An
  unchanged key means nothing of the lesson is read, validated or rendered:
  this is what keeps a no-op build well under a second.
- a document's *content hash* hashes the composed document value with the
  rendering inputs, so that a lesson edit re-renders only the documents whose
  content actually changed (a new objective touches the teacher copies only).

This module imports nothing heavy on purpose: it runs before the decision to
load WeasyPrint, pydantic or the dictionaries.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")


def _digest_files(paths: Iterable[Path], into: hashlib._Hash) -> None:
    for path in sorted(paths):
        into.update(str(path.name).encode() + b"\0")
        into.update(path.read_bytes() if path.is_file() else b"<missing>")
        into.update(b"\0")


def fonts_digest() -> str:
    """Installed font files by name, size and time: a changed font re-renders everything."""
    digest = hashlib.sha256()
    for folder in FONT_DIRS:
        for root, _dirs, files in os.walk(folder):
            for name in sorted(files):
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}:{stat.st_size}:{int(stat.st_mtime)}\n".encode())
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """The generator's own code, read once per process: the code a process runs cannot
    change under it (an edit is seen by the next process, which builds again)."""
    digest = hashlib.sha256()
    _digest_files(PACKAGE.rglob("*.py"), digest)
    return digest.hexdigest()


def render_digest(layouts: Path) -> str:
    """What rendering depends on besides the document: templates, CSS, code, fonts."""
    digest = hashlib.sha256()
    _digest_files(layouts.glob("*"), digest)
    digest.update(code_digest().encode())
    digest.update(fonts_digest().encode())
    return digest.hexdigest()


def lesson_key(inputs: Iterable[Path], levels_file: Path, render: str, options: str) -> str:
    """Hash of the files a lesson was read from, with the shared inputs and build settings.
    A folder stands for its leveled texts (*.md): adding or removing one changes the key."""
    digest = hashlib.sha256((render + "\0" + options + "\0").encode())
    _digest_files([levels_file], digest)
    for path in inputs:
        digest.update(str(path).encode() + b"\0")
        if path.is_dir():
            _digest_files(path.glob("*.md"), digest)
        else:
            _digest_files([path], digest)
    return digest.hexdigest()


def content_hash(document: object, render: str, options: str) -> str:
    """Hash of a composed document: its repr is deterministic (dataclasses, tuples, no sets)."""
    return hashlib.sha256(f"{render}\0{options}\0{document!r}".encode()).hexdigest()
