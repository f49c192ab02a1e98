"""Render documents, in parallel worker processes when there is more than one.

In: `RenderJob`s (a composed document, where to write it, paper and format).
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
from pathlib import Path
from typing import Any

from .atomic import write_atomically
from .errors import GeneratorError
from .render import Paper, Renderer


@dataclass(frozen=True)
class RenderJob:
    document: Any
    target: Path | None  # None: return the bytes (a pack cover, merged by the caller)
    paper: Paper
    fmt: str  # "pdf" or "html"


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
            data, pages = _renderer.standalone_html(job.document, job.paper).encode(), 0
        else:
            data, pages = _renderer.pdf(job.document, job.paper)
    except GeneratorError as exc:
        return JobResult(index, 0, "", error=str(exc))
    except Exception as exc:  # an unexpected failure: report it with its document, keep going
        return JobResult(index, 0, "", error=f"{type(exc).__name__}: {exc}")
    digest = hashlib.sha256(data).hexdigest()
    if job.target is None:
        return JobResult(index, pages, digest, data=data)
    write_atomically(job.target, data)
    return JobResult(index, pages, digest)


def run_jobs(jobs: list[RenderJob], workers: int) -> Iterator[JobResult]:
    """Yield results as jobs finish; in this process when one worker is enough."""
    global _renderer
    if not jobs:
        return
    if workers <= 1 or len(jobs) == 1:
        if _renderer is None:
            _renderer = Renderer()
        for indexed in enumerate(jobs):
            yield _run(indexed)
        return
    context = multiprocessing.get_context("fork")
    pool = context.Pool(min(workers, len(jobs)), initializer=_start_worker)
    try:
        yield from pool.imap_unordered(_run, enumerate(jobs))
        pool.close()
    except BaseException:
        pool.terminate()  # interrupted: stop now; atomic writes leave no partial file
        raise
    finally:
        pool.join()
