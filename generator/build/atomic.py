"""Atomic file writes: a reader (or a build killed half-way) never sees a partial file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TMP_SUFFIX = ".tmp"


def write_atomically(target: Path, data: bytes, root: Path | None = None) -> None:
    """Write to a temporary file beside `target`, then rename over it.

    With `root`, refuse (OutsideError) a target that would land outside that folder."""
    if root is not None:
        contained(target, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; built documents are for sharing
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def contained(target: Path, root: Path) -> Path:
    """`target` if it resolves inside `root`, else OutsideError: a path made from ids
    must never climb out of the output folder, even through a symlink."""
    from generator.spec.ids import inside

    inside(target, root, "file to write")
    return target


def remove_leftovers(folder: Path) -> int:
    """Delete temporary files a killed build left behind; return how many."""
    count = 0
    for leftover in folder.rglob(f".*{TMP_SUFFIX}") if folder.exists() else ():
        leftover.unlink(missing_ok=True)
        count += 1
    return count
