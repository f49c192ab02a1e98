"""Render documents, in parallel worker processes when there is more than one.

In: `RenderJob`s (a composed document, where to write it, page and format).
Out: a `JobResult` per job as it finishes (pages, sha256, or the error with the
document it happened in). Each worker makes its engine objects once (see
render.py) and the pool is closed and joined, never left to `terminate` on
success, so workers clean up after themselves.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.util
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.build.atomic import write_atomically
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


_renderer: Renderer | None = None


def _start_worker() -> None:
    global _renderer
    _renderer = Renderer()
    multiprocessing.util.Finalize(_renderer, _renderer.close, exitpriority=10)


def _run(indexed: tuple[int, RenderJob]) -> JobResult:
    index, job = indexed
    assert _renderer is not None
    try:
        if job.fmt == "html":
            data, pages = _renderer.standalone_html(job.document, job.page).encode(), 0
        else:
            data, pages = _renderer.pdf(job.document, job.page)
    except GeneratorError as exc:
        return JobResult(index, 0, "", error=str(exc))
    except Exception as exc:  # an unexpected failure: report it with its document, keep going
        return JobResult(index, 0, "", error=f"{type(exc).__name__}: {exc}")
    digest = hashlib.sha256(data).hexdigest()
    if job.target is None:
        return JobResult(index, pages, digest, data=data)
    write_atomically(job.target, data)
    return JobResult(index, pages, digest)


class Workers:
    """A pool of rendering processes, started early so that their start-up (importing
    WeasyPrint, parsing the CSS) overlaps the main process's validation work.

    With one worker, documents render in this process. On success the pool is
    closed and joined; on an interruption it is terminated (atomic writes leave no
    partial file behind)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.pool: Any = None

    def __enter__(self) -> Workers:
        if self.count > 1:
            self.pool = multiprocessing.get_context("fork").Pool(self.count, initializer=_start_worker)
        return self

    def run(self, jobs: list[RenderJob]) -> Iterator[JobResult]:
        """Yield results as jobs finish."""
        global _renderer
        if self.pool is not None:
            yield from self.pool.imap_unordered(_run, enumerate(jobs))
            return
        if jobs and _renderer is None:
            _renderer = Renderer()
        for indexed in enumerate(jobs):
            yield _run(indexed)

    def __exit__(self, exc_type: object, *_: object) -> None:
        if self.pool is None:
            return
        if exc_type is None:
            self.pool.close()
        else:
            self.pool.terminate()
        self.pool.join()
