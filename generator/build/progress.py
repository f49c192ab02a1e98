"""Build progress for people: a bar on a terminal, plain lines otherwise (CI logs)."""

from __future__ import annotations

import sys
from typing import TextIO

BAR_WIDTH = 30


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stdout
        self.bar = self.stream.isatty()

    def step(self, line: str | None) -> None:
        """One job finished; `line` says what (shown as is when there is no terminal)."""
        self.done += 1
        if not self.bar:
            if line:
                print(line, file=self.stream)
            return
        filled = BAR_WIDTH * self.done // max(self.total, 1)
        label = line.split()[-1] if line else ""
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total} {label[-40:]:<40}"
        )
        self.stream.flush()

    def finish(self) -> None:
        if self.bar and self.total:
            self.stream.write("\n")
            self.stream.flush()


def summary_table(built: int, skipped: int, failed: int, pages: int, seconds: float) -> str:
    head = f"{'built':>7} {'skipped':>8} {'failed':>7} {'pages':>6} {'time':>8}"
    row = f"{built:>7} {skipped:>8} {failed:>7} {pages:>6} {seconds:>7.2f}s"
    return f"{head}\n{row}"
