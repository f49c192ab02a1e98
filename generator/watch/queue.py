"""Coalesce saves: changes that arrive while a rebuild runs wait for one rebuild after it.

In: changed paths from any thread (`put`). Out: `take` blocks until there is a
change, waits until no new change has come for `quiet` seconds (an editor's
rename-and-replace save is several events), then returns everything pending
as one batch.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from pathlib import Path


class ChangeQueue:
    def __init__(self, quiet: float = 0.05) -> None:
        self.quiet = quiet
        self._pending: set[Path] = set()
        self._last = 0.0
        self._closed = False
        self._ready = threading.Condition()

    def put(self, paths: Iterable[Path]) -> None:
        with self._ready:
            self._pending.update(paths)
            self._last = time.monotonic()
            self._ready.notify_all()

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify_all()

    def take(self, timeout: float | None = None) -> set[Path] | None:
        """Every pending change as one batch; None once closed, or after `timeout` with none."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._ready:
            while not self._pending and not self._closed:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return None
                self._ready.wait(left)
            if self._closed:
                return None
            while (wait := self._last + self.quiet - time.monotonic()) > 0 and not self._closed:
                self._ready.wait(wait)  # more events of the same save may follow
            batch, self._pending = self._pending, set()
            return batch
