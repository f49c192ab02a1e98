"""Watch the folders a build reads and feed changed paths to a `ChangeQueue`.

In: the lessons and articles folders and the layouts. Out: paths put on the
queue from a background thread. watchfiles (Rust `notify`) reports the final
file of a rename-and-replace save as changed; scope.py drops swap and backup
files.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from generator.watch.queue import ChangeQueue
from generator.watch.scope import relevant


class FolderWatch:
    def __init__(self, folders: Iterable[Path], queue: ChangeQueue) -> None:
        self.folders = [f for f in folders if f.exists()]
        self.queue = queue
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="watch-files", daemon=True)
        self.ready = threading.Event()

    def __enter__(self) -> FolderWatch:
        self.thread.start()
        self.ready.wait(5)
        return self

    def _run(self) -> None:
        from watchfiles import watch

        # debounce: hand over quickly; the queue's quiet period joins the events of one save
        changes = watch(
            *self.folders,
            watch_filter=lambda _change, path: relevant(Path(path)),
            debounce=30,
            step=10,
            stop_event=self.stop,
            yield_on_timeout=True,
            rust_timeout=100,
            raise_interrupt=False,
        )
        for batch in changes:
            self.ready.set()  # the first (empty) yield comes once the watches are in place
            if batch:
                self.queue.put(Path(path) for _change, path in batch)

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.queue.close()
        self.thread.join(5)
