"""Render documents, in parallel worker processes when there is more than one.

In: `RenderJob`s (a composed document, where to write it, page and format).
Out: a `JobResult` per job as it finishes (pages, sha256, or the error with the
document it happened in).

Each worker is a process of its own with a pipe, and is given one job at a time,
so the build always knows which document each worker is on. A worker that dies
(killed, out of memory, a crash in native code) is seen through its process
sentinel and reported with that document; the run then stops, instead of
waiting forever for a result that will not come. Each worker makes its engine
objects once (see renderer.py) and, told to stop, closes them and exits.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from generator.build import atomic
from generator.build.plan import RenderJob
from generator.errors import GeneratorError
from generator.render.renderer import Renderer


@dataclass(frozen=True)
class JobResult:
    index: int
    pages: int
    sha256: str
    data: bytes | None = None
    error: str | None = None
    fatal: bool = False  # the worker died: no more results will come


_renderer: Renderer | None = None


def _run(index: int, job: RenderJob, output: Path) -> JobResult:
    global _renderer
    try:
        if _renderer is None:
            _renderer = Renderer()
        if job.fmt == "html":
            data, pages = _renderer.standalone_html(job.document, job.page, job.options).encode(), 0
        else:
            data, pages = _renderer.pdf(job.document, job.page, job.options)
        digest = hashlib.sha256(data).hexdigest()
        if job.target is None:
            return JobResult(index, pages, digest, data=data)
        atomic.save_output(job.target, data, output)
    except GeneratorError as exc:
        return JobResult(index, 0, "", error=str(exc))
    except Exception as exc:  # an unexpected failure: report it with its document, keep going
        return JobResult(index, 0, "", error=f"{type(exc).__name__}: {exc}")
    return JobResult(index, pages, digest)


def _serve(conn: Connection, output: Path) -> None:
    """A worker: render each job the build sends until it sends None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle: it stops us
    try:
        while (item := conn.recv()) is not None:
            index, job = item
            conn.send(_run(index, job, output))
    except EOFError:
        pass  # the build has gone
    finally:
        if _renderer is not None:
            _renderer.close()


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: int | None = None  # the index of the job it is rendering


class Workers:
    """Rendering processes, started early so that their start-up (importing WeasyPrint,
    parsing the CSS) overlaps the main process's validation work.

    With one worker, documents render in this process. On success the workers are
    told to stop and joined; on an interruption or a death they are terminated
    (atomic writes leave no partial file behind)."""

    def __init__(self, count: int, output: Path) -> None:
        self.count = count
        self.output = output
        self.workers: list[_Worker] = []
        self.broken = False  # a worker died: stop the others rather than wait for them

    def __enter__(self) -> Workers:
        if self.count > 1:
            context = multiprocessing.get_context("fork")
            for _ in range(self.count):
                ours, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, self.output), daemon=True)
                process.start()
                theirs.close()
                self.workers.append(_Worker(process, ours))
        return self

    def run(self, jobs: list[RenderJob]) -> Iterator[JobResult]:
        """Yield results as jobs finish; after a fatal result, nothing more."""
        if not self.workers:
            for index, job in enumerate(jobs):
                yield _run(index, job, self.output)
            return
        queue = deque(enumerate(jobs))
        for worker in self.workers:
            self._give(worker, queue)
        while busy := [w for w in self.workers if w.job is not None]:
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    result = self._collect(worker, jobs)
                    if result.fatal:
                        self.broken = True
                    yield result
                    if result.fatal:
                        return
                    self._give(worker, queue)

    def _give(self, worker: _Worker, queue: deque[tuple[int, RenderJob]]) -> None:
        worker.job = queue[0][0] if queue else None
        if queue:
            try:
                worker.conn.send(queue.popleft())
            except OSError:
                pass  # it has just died: its sentinel says so on the next wait

    def _collect(self, worker: _Worker, jobs: list[RenderJob]) -> JobResult:
        index = worker.job
        assert index is not None
        try:
            if worker.conn.poll():
                result: JobResult = worker.conn.recv()
                return result
        except (EOFError, OSError):
            pass  # it died while sending
        worker.process.join(5)
        return JobResult(index, 0, "", error=_death(worker.process.exitcode), fatal=True)

    def __exit__(self, exc_type: object, *_: object) -> None:
        for worker in self.workers:
            if exc_type is None and not self.broken and worker.process.is_alive():
                try:
                    worker.conn.send(None)
                except OSError:
                    worker.process.terminate()
            else:
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join(30)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exit code {exitcode}"
    return (
        f"the worker process rendering it died ({how}), so the build stopped; "
        "build again (the documents already written are kept)"
    )
