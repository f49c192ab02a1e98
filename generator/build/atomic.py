"""Atomic file writes: a reader (or a build killed half-way) never sees a partial file.

In: a target path and its bytes. Out: the file, whole, or the old one untouched.
Temporary files carry the writing process's id, so a clean-up removes only those
of processes that are gone, never the files another build is still writing.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

from generator.errors import GeneratorError

TMP_SUFFIX = ".tmp"
_PID = re.compile(r"\.(\d+)\.[^.]*\.tmp$")  # .<name>.<pid>.<random>.tmp


class WriteError(GeneratorError):
    """Raised when a built file cannot be written (disk full, read-only folder, ...)."""


def write_atomically(target: Path, data: bytes, root: Path | None = None) -> None:
    """Write to a temporary file beside `target`, then rename over it.

    With `root`, refuse (OutsideError) a target that would land outside that folder."""
    if root is not None:
        contained(target, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{target.name}.{os.getpid()}."
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; built documents are for sharing
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_output(target: Path, data: bytes, root: Path) -> None:
    """`write_atomically` for the build: an operating-system failure becomes a WriteError
    that says what to do, so one unwritable file fails its lesson, not the build."""
    try:
        write_atomically(target, data, root)
    except OSError as exc:
        raise WriteError(write_problem(exc, root)) from None


def write_problem(exc: OSError, root: Path) -> str:
    """What went wrong writing a file and what to do about it (the caller names the file)."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"could not write the file: the disk is full ({reason}); free some space, "
            "or build into another folder with --out, then build again"
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            f"could not write the file: its folder is read-only ({reason}); make {root} "
            "writable, or build into another folder with --out"
        )
    return f"could not write the file ({reason}); check {root} and build again"


def contained(target: Path, root: Path) -> Path:
    """`target` if it resolves inside `root`, else OutsideError: a path made from ids
    must never climb out of the output folder, even through a symlink."""
    from generator.spec.ids import inside

    inside(target, root, "file to write")
    return target


def remove_leftovers(folder: Path) -> int:
    """Delete the temporary files of writers that were killed; return how many.
    A temporary file of a process that is still running is kept: it is being written."""
    count = 0
    for leftover in folder.rglob(f".*{TMP_SUFFIX}") if folder.exists() else ():
        match = _PID.search(leftover.name)
        if match and _alive(int(match.group(1))):
            continue
        leftover.unlink(missing_ok=True)
        count += 1
    return count


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OverflowError:
        return False
    return True
