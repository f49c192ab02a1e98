"""One build at a time in an output folder.

In: the output folder, and what to do while another build holds it. Out: the
folder's lock (an `fcntl.flock` on <output>/.lock) held for a `with` block.

A second build of the same folder calls `on_wait(pid)` once (pid: the build
holding the lock, when known) and then waits; an `on_wait` that raises (for
instance `BuildLocked`, for `--no-wait`) leaves without the lock. The operating
system drops the lock when its holder exits, even when killed, so it never goes
stale. Everything that deletes in the output folder (clean-up of killed
builds' temporary files, orphans) runs under it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import GeneratorError

LOCK_FILE = ".lock"

OnWait = Callable[[int | None], None]

_held: set[int] = set()  # descriptors of locks this process holds


class BuildLocked(GeneratorError):
    """Raised when another build holds the output folder and the caller will not wait."""


def _forget_in_child() -> None:
    # A forked worker must not keep the lock alive after the build that holds it exits:
    # closing its copies leaves the parent's lock in place (unlocking would not).
    for fd in _held:
        os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_forget_in_child)


@contextmanager
def build_lock(output: Path, on_wait: OnWait | None = None) -> Iterator[None]:
    """Hold `output`'s lock for the block; see the module docstring."""
    path = output / LOCK_FILE
    try:
        output.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise GeneratorError(
            f"{path}: could not create the build's lock file ({exc.strerror}); make {output} "
            "writable, or build into another folder with --out"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(holder(fd))
            fcntl.flock(fd, fcntl.LOCK_EX)
        _held.add(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        _held.discard(fd)
        os.close(fd)  # releases the lock


def holder(fd: int) -> int | None:
    """The pid the lock's holder wrote, if it has written it yet."""
    text = os.pread(fd, 32, 0).decode(errors="replace").strip()
    return int(text) if text.isdigit() else None


def waiting_message(output: Path, pid: int | None) -> str:
    who = f" (pid {pid})" if pid else ""
    return f"waiting for another build of {output}/ to finish{who}"


def refusal(output: Path, pid: int | None) -> BuildLocked:
    who = f" (pid {pid})" if pid else ""
    return BuildLocked(
        f"another build of {output}/ is running{who}; wait for it to finish, or build into "
        "another folder with --out (without --no-wait, the build waits its turn)"
    )
