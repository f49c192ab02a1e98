"""Render documents, in parallel worker processes when there is more than one.

In: `RenderJob`s (a composed document, where to write it, page and format) and
`MergeJob`s (a pack's cover and members). Out: a `JobResult` per job as it
finishes (pages, sha256, or the error with the document it happened in). The
list of jobs may grow while it runs: a build adds a lesson's packs once the
lesson's documents are written.

Each worker is a process of its own with a pipe, and is given one job at a time,
so the build always knows which document each worker is on. A worker that dies
(killed, out of memory, a crash in native code) is seen through its process
sentinel and reported with that document; the run then stops, instead of
waiting forever for a result that will not come. Each worker makes its engine
objects once (see renderer.py) and, told to stop, closes them and exits.

A pool made with `keep=True` (the watcher's) outlives a build: once started,
every build of its output folder in this process renders with it (`kept`),
its workers stay idle and warm between builds, and, forked after `warm_up()`,
they start with this process's renderer, fonts and caches. A build that ends
badly (a worker died, an interruption) stops them all; the next build forks
new ones. `release()` stops them for good.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from generator.build import atomic
from generator.build.plan import MergeJob, RenderJob
from generator.errors import GeneratorError
from generator.render.fit import Fit
from generator.render.renderer import Renderer


@dataclass(frozen=True)
class JobResult:
    index: int
    pages: int
    sha256: str
    data: bytes | None = None
    error: str | None = None
    fatal: bool = False  # the worker died: no more results will come
    fit: Fit | None = None  # what the fit search chose for a PDF (see fit.py)


_renderer: Renderer | None = None  # this process's renderer, made on first use
_kept: dict[Path, Workers] = {}  # started pools kept between builds, by output folder


def kept(output: Path) -> Workers | None:
    """The pool kept for builds of `output` in this process, if one was started."""
    return _kept.get(output.resolve())


def renderer() -> Renderer:
    """This process's renderer, made again when a stylesheet changed since it was made."""
    global _renderer
    if _renderer is None or _renderer.stale():
        if _renderer is not None:
            _renderer.close()
        _renderer = Renderer()
    return _renderer


def warm_up() -> None:
    """Make this process's renderer and lay out one page now, so that workers forked
    afterwards (and documents rendered here) start warm."""
    renderer().warm()
    import pikepdf  # noqa: F401 - what merging a pack loads


Job = RenderJob | MergeJob


def _merge(index: int, job: MergeJob, output: Path) -> JobResult:
    from generator.render.merge import merge_pack

    try:
        data, pages = merge_pack(job.cover_pdf, list(job.members))
        atomic.save_output(job.target, data, output)
    except atomic.WriteError as exc:
        return JobResult(index, 0, "", error=str(exc))
    except Exception as exc:  # a member that cannot be read: this pack fails, not the build
        problem = f"could not merge the pack ({type(exc).__name__}: {exc}); build again"
        return JobResult(index, 0, "", error=problem)
    return JobResult(index, pages, hashlib.sha256(data).hexdigest())


def run_job(index: int, job: Job, output: Path) -> JobResult:
    """One job in this process."""
    if isinstance(job, MergeJob):
        return _merge(index, job, output)
    fit = None
    try:
        engine = renderer()
        if job.fmt == "html":
            data, pages = engine.standalone_html(job.document, job.page, job.options).encode(), 0
        else:
            data, pages = engine.pdf(job.document, job.page, job.options, job.fit)
            fit = engine.last_fit
        digest = hashlib.sha256(data).hexdigest()
        if job.target is None:
            return JobResult(index, pages, digest, data=data, fit=fit)
        atomic.save_output(job.target, data, output)
    except GeneratorError as exc:
        return JobResult(index, 0, "", error=str(exc))
    except Exception as exc:  # an unexpected failure: report it with its document, keep going
        return JobResult(index, 0, "", error=f"{type(exc).__name__}: {exc}")
    return JobResult(index, pages, digest, fit=fit)


def _serve(conn: Connection, output: Path) -> None:
    """A worker: render each job the build sends until it sends None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle: it stops us
    try:
        # Made now, while the build still reads and composes the lessons, not when the first
        # job comes (inherited, when the build process had one). A failure here comes back
        # with the first job, reported with its document.
        renderer()
    except Exception:  # noqa: BLE001, S110
        pass
    try:
        while (item := conn.recv()) is not None:
            index, job = item
            conn.send(run_job(index, job, output))
    except EOFError:
        pass  # the build has gone
    finally:
        if _renderer is not None:
            _renderer.close()  # a no-op for the renderer inherited from the parent


class _Queue:
    """The jobs not yet given out, in order, from a list that may grow."""

    def __init__(self, jobs: list[Job]) -> None:
        self.jobs = jobs
        self.given = 0

    def next(self) -> tuple[int, Job] | None:
        if self.given >= len(self.jobs):
            return None
        self.given += 1
        return self.given - 1, self.jobs[self.given - 1]


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: int | None = None  # the index of the job it is rendering


class Workers:
    """Rendering processes, started early so that their start-up (importing WeasyPrint,
    parsing the CSS) overlaps the main process's validation work.

    With one worker, documents render in this process. On success the workers are
    told to stop and joined (with `keep`, left idle for the next build until
    `close()`); on an interruption or a death they are terminated (atomic writes
    leave no partial file behind)."""

    def __init__(self, count: int, output: Path, keep: bool = False) -> None:
        self.count = count
        self.output = output
        self.keep = keep
        self.workers: list[_Worker] = []
        self.broken = False  # a worker died: stop the others rather than wait for them

    def __enter__(self) -> Workers:
        return self.start()

    def start(self) -> Workers:
        """Fork the workers that are not running (all of them, the first time)."""
        if self.keep:
            _kept[self.output.resolve()] = self
        if self.count > 1:
            self._replace_dead()
            context = multiprocessing.get_context("fork")
            while len(self.workers) < self.count:
                ours, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, self.output), daemon=True)
                process.start()
                theirs.close()
                self.workers.append(_Worker(process, ours))
        return self

    def _replace_dead(self) -> None:
        """Drop kept workers that died while idle (killed, out of memory)."""
        for worker in [w for w in self.workers if not w.process.is_alive()]:
            worker.process.join()
            worker.conn.close()
            self.workers.remove(worker)

    @property
    def pids(self) -> list[int | None]:
        return [w.process.pid for w in self.workers]

    def run(self, jobs: list[Job]) -> Iterator[JobResult]:
        """Yield results as jobs finish; after a fatal result, nothing more. Jobs the
        caller appends to `jobs` while it runs are run too."""
        if not self.workers:
            for index, job in enumerate(jobs):  # also those appended meanwhile
                yield run_job(index, job, self.output)
            return
        queue = _Queue(jobs)
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
            for worker in self.workers:  # jobs the caller added for the results just yielded
                if worker.job is None:
                    self._give(worker, queue)

    def _give(self, worker: _Worker, queue: _Queue) -> None:
        item = queue.next()
        worker.job = item[0] if item else None
        if item:
            try:
                worker.conn.send(item)
            except OSError:
                pass  # it has just died: its sentinel says so on the next wait

    def _collect(self, worker: _Worker, jobs: list[Job]) -> JobResult:
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
        idle = all(w.job is None for w in self.workers)  # run() collected every result
        if self.keep and exc_type is None and not self.broken and idle:
            return  # kept warm for the next build
        self.close(clean=exc_type is None and idle)

    def close(self, clean: bool = True) -> None:
        """Stop the workers: told to stop when all is well, else terminated."""
        for worker in self.workers:
            if clean and not self.broken and worker.process.is_alive():
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
        self.workers = []
        self.broken = False

    def release(self) -> None:
        """Stop the workers of a kept pool, and stop keeping it."""
        if _kept.get(self.output.resolve()) is self:
            del _kept[self.output.resolve()]
        self.close()


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
