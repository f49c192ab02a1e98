"""Builds the web page asks for, one at a time, from a background thread.

In: a `Choice` (lesson, grade or level, paper, versions). Out: a `BuildJob`
whose state, finished documents and errors a page shows while it runs. The
build is `generator.build.run.build`, the engine `make pdfs` runs, on the
same output folder and cache, in the server's build process (buildproc.py).
A request for a build already queued or running gets that job, so a reload or
a second teacher does not start another.
"""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from generator.config import Folders
from generator.web.buildproc import BuildProcess
from generator.web.choice import Choice

State = Literal["queued", "waiting", "building", "done", "failed"]
KEEP_FINISHED = 200  # finished jobs remembered, so a page can still show their errors


@dataclass
class BuildJob:
    id: str
    choice: Choice
    signature: object  # the lesson files' state when the job was asked for
    state: State = "queued"
    note: str = ""  # what the page says while the job is not building yet
    lines: list[str] = field(default_factory=list)  # one per finished document
    errors: dict[str, list[str]] = field(default_factory=dict)  # lesson id -> messages
    notes: list[str] = field(default_factory=list)
    queued_at: float = field(default_factory=time.monotonic)
    started_at: float | None = None
    finished_at: float | None = None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def seconds(self) -> float:
        start = self.started_at or self.queued_at
        return (self.finished_at or time.monotonic()) - start

    def as_dict(self) -> dict[str, object]:
        """What the page's script reads to show progress."""
        return {
            "id": self.id,
            "state": self.state,
            "note": self.note,
            "lines": list(self.lines),
            "errors": sum(len(m) for m in self.errors.values()),
            "seconds": round(self.seconds(), 1),
        }


class Builder:
    """One build thread for the app; jobs run in the order asked for."""

    def __init__(self, folders: Folders, jobs: int) -> None:
        self.folders = folders
        self.process = BuildProcess(folders, jobs)
        self._lock = threading.Lock()
        self._by_id: dict[str, BuildJob] = {}
        self._latest: dict[Choice, BuildJob] = {}
        self._queue: queue.Queue[BuildJob | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.current: BuildJob | None = None

    def request(self, choice: Choice, signature: object) -> BuildJob:
        """The unfinished job for `choice`, or a new one queued behind the others."""
        with self._lock:
            latest = self._latest.get(choice)
            if latest is not None and not latest.finished:
                return latest
            job = BuildJob(uuid.uuid4().hex, choice, signature)
            if self.current is not None:
                job.note = f"Waiting for the build of '{self.current.choice.lesson_id}' to finish."
            self._by_id[job.id] = job
            self._latest[choice] = job
            self._forget_old()
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="web-builds", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> BuildJob | None:
        with self._lock:
            return self._by_id.get(job_id)

    def latest(self, choice: Choice) -> BuildJob | None:
        with self._lock:
            return self._latest.get(choice)

    def start(self) -> None:
        """Start the build process now, so it has loaded the engine by the first request."""
        self.process.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=120)
        self.process.stop()

    def _forget_old(self) -> None:
        finished = [j for j in self._by_id.values() if j.finished]
        for job in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._by_id[job.id]
            if self._latest.get(job.choice) is job:
                del self._latest[job.choice]

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            self.current = job
            try:
                run_job(job, self.process, self.folders)
            finally:
                self.current = None


def waiting_notice(job: BuildJob) -> Callable[[int | None], None]:
    """What the page says while the build waits for another build of the same output folder
    (a `make pdfs`, or a second server) to finish writing: called with that build's pid."""

    def on_wait(pid: int | None) -> None:
        who = f" (process {pid})" if pid else ""
        job.state = "waiting"
        job.note = (
            f"Waiting for another build of this output folder to finish{who}, for example "
            "`make pdfs` in a terminal; this build starts as soon as it is done."
        )

    return on_wait


def run_job(job: BuildJob, process: BuildProcess, folders: Folders) -> None:
    """Run the engine's build for the job's choice in the build process; record what happened."""
    job.started_at = time.monotonic()
    job.state, job.note = "building", ""
    prefix = f"{folders.output}/"

    def on_line(line: str) -> None:
        if job.state == "waiting":  # the other build has finished: this one runs
            job.state, job.note = "building", ""
        job.lines.append(" ".join(line.replace(prefix, "").split()))

    outcome = process.run(job.choice, on_line, waiting_notice(job))
    job.errors, job.notes = outcome.errors, outcome.notes
    job.finished_at = time.monotonic()
    job.state = "failed" if job.errors else "done"
    if job.state == "done":
        # After the documents are ready (the page shows them at once): their pictures, so the
        # lesson page does not wait for them one by one.
        from generator.web.previews import preview

        for sha256 in outcome.built:
            preview(folders.output, sha256)
