"""The watcher's loop: one incremental build per batch of changes, in a warm process.

In: a `BuildConfig` and batches of changed paths. Out: for each batch, one
build of the lessons the batch touched (see scope.py) into the same output
folder as `make pdfs`, with one printed line per rebuilt document, and each
invalid lesson's errors (file:line). An invalid lesson writes nothing, so its
last good PDFs stay; the next good save rebuilds it.

Nothing is paid twice: this process keeps the parsed articles, the lesson
stages and the readability tables between builds, and warms a renderer before
the first build. With more than one job, `config.jobs` render workers are then
forked from it, so each starts warm, and kept for every build (a build whose
worker died stops them, and the next forks new ones); with one job, documents
render in this process.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from generator.build.manifest import Manifest
from generator.build.workers import Workers, warm_up
from generator.config import BuildConfig
from generator.errors import GeneratorError
from generator.spec.files import lesson_paths
from generator.watch.queue import ChangeQueue
from generator.watch.scope import Scope, scope_of

if TYPE_CHECKING:
    from generator.build.run import BuildReport


class Lines:
    """A stream that is never a terminal, so the build prints one line per document."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        written = self.out.write(text)
        self.out.flush()
        return written

    def flush(self) -> None:
        self.out.flush()

    def isatty(self) -> bool:
        return False


class Watcher:
    def __init__(self, config: BuildConfig, out: TextIO | None = None) -> None:
        self.config = config
        self.pool = Workers(config.jobs, config.folders.output, keep=True)
        self.out = out or sys.stdout
        self.wanted = frozenset(config.selection.lesson_ids)  # empty: every lesson
        self.known_inputs: dict[str, frozenset[Path]] = {}
        self.builds = 0  # how many builds ran (tests count them)

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def start(self) -> BuildReport | None:
        """Warm this process, fork the render workers from it, and bring the selection up
        to date, before the first save."""
        warm_up()
        # What a lesson edit runs (pydantic models, dictionaries, composers): imported now,
        # not on the first save, when the start finds every document current.
        import generator.build.plan
        import generator.build.rendercache
        import generator.documents.composers
        import generator.passages.gather  # noqa: F401
        from generator.text.readability import measure

        measure(["A short sentence loads the tables. Another one follows it."])  # for a passage edit
        _warm_glyphs(self.config.folders.lessons)
        self.pool.start()
        return self.rebuild(Scope(everything=True), "start")

    def close(self) -> None:
        """Stop the render workers."""
        self.pool.release()

    def handle(self, paths: set[Path]) -> BuildReport | None:
        """One build for one batch of changes; None when the batch touches nothing built."""
        resolved = {p.resolve() for p in paths}
        scope = scope_of(
            resolved, self.config.folders.lessons, self.config.folders.articles, self.known_inputs
        )
        if scope.empty:
            return None
        names = ", ".join(sorted(_short(p) for p in resolved))
        return self.rebuild(scope, f"changed {names}")

    def rebuild(self, scope: Scope, why: str) -> BuildReport | None:
        from generator.build.run import build

        ids = self._lesson_ids(scope)
        if ids is None:
            return None
        selection = replace(self.config.selection, lesson_ids=ids)
        self.say(f"{time.strftime('%H:%M:%S')} {why}: rebuilding {', '.join(ids) or 'every lesson'}")
        self.builds += 1
        try:
            lines = cast(TextIO, Lines(self.out))  # all the build's progress uses of a stream
            report = build(replace(self.config, selection=selection), lines)  # in self.pool
        except GeneratorError as exc:  # levels.yaml broken, the output folder locked, ...
            self.say(f"error: {exc}")
            self.say("waiting for the next save; the last good PDFs are kept")
            return None
        self._learn_inputs()
        self._print(report)
        return report

    def run(self, queue: ChangeQueue) -> None:
        """Build each batch the queue hands out until it is closed."""
        while (batch := queue.take()) is not None:
            self.handle(batch)

    def _lesson_ids(self, scope: Scope) -> tuple[str, ...] | None:
        """The lesson ids to select (empty: every lesson); None when there is nothing to build."""
        if scope.everything:
            return tuple(sorted(self.wanted))
        existing = {p.stem for p in lesson_paths(self.config.folders.lessons)}
        ids = scope.lesson_ids & existing  # a deleted lesson file leaves its PDFs alone
        if self.wanted:
            ids &= self.wanted
        return tuple(sorted(ids)) or None

    def _learn_inputs(self) -> None:
        """What each lesson was read from, kept across builds: a lesson the last build found
        invalid is forgotten by the manifest but is still mapped from its files here."""
        for lesson_id, entry in Manifest.load(self.config.folders.output).lessons.items():
            inputs = entry.get("inputs")
            if isinstance(inputs, list):
                self.known_inputs[lesson_id] = frozenset(Path(p).resolve() for p in inputs)

    def _print(self, report: BuildReport) -> None:
        for lesson_id, messages in report.errors.items():
            kept = ": nothing written, the last good PDFs are kept" if lesson_id in report.invalid else ""
            self.say(f"failed  {lesson_id}{kept}")
            for message in messages:
                self.say(f"  {message}")
        self.say(
            f"done    {len(report.built)} rebuilt, {report.skipped} unchanged, "
            f"{sum(len(m) for m in report.errors.values())} error(s) in {report.seconds:.2f}s"
        )


def _warm_glyphs(lessons: Path) -> None:
    """Read the character sets of the levels' fonts now, not on the first save (they screen
    each document for letters no font has, see build/glyphs.py)."""
    from generator.build.glyphs import unprintable
    from generator.spec.files import LEVELS_FILE
    from generator.spec.levels import Levels

    try:
        for level in Levels(lessons / LEVELS_FILE).ordered():
            unprintable([], level.typography.font)
    except GeneratorError:
        pass  # a broken levels.yaml or a missing font: the build reports it


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
