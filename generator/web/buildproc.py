"""The build process of the web server: the engine's `build()`, in a process of its own.

In (parent side, `BuildProcess.run`): a `Choice`, and callbacks for progress
lines and for waiting on another build. Out: an `Outcome` (errors per lesson,
notes, the sha256 of each PDF built). The child (`python -m
generator.web.buildproc`) reads one JSON request a line on stdin and answers in
JSON lines on stdout; it is single-threaded, so the engine's worker processes
are forked from a process with no other threads (forking the threaded server
could copy a lock some other thread holds, and hang the workers). It stays up
between builds, so WeasyPrint and the dictionaries are loaded once, and a
crash in it fails one build, not the server: the next build starts a new one.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from generator.config import Folders
from generator.errors import GeneratorError
from generator.web.choice import Choice

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent  # the folder holding generator/


@dataclass
class Outcome:
    errors: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    built: list[str] = field(default_factory=list)  # sha256 of each PDF written


class BuildProcess:
    """The parent's handle on the build process, started on first use and after a crash."""

    def __init__(self, folders: Folders, jobs: int) -> None:
        self.folders = folders
        self.jobs = jobs
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                return
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
            folders = [str(self.folders.lessons), str(self.folders.articles), str(self.folders.output)]
            self._process = subprocess.Popen(
                [sys.executable, "-m", "generator.web.buildproc", *folders, str(self.jobs)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                env=env,
            )

    def run(
        self, choice: Choice, on_line: Callable[[str], None], on_wait: Callable[[int | None], None]
    ) -> Outcome:
        self.start()
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        request = dataclasses.asdict(choice)  # lesson, grade or level, paper, versions, print options
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            while line := process.stdout.readline():
                message = json.loads(line)
                if "line" in message:
                    on_line(message["line"])
                elif "wait" in message:
                    on_wait(message["wait"])
                elif "done" in message:
                    done = message["done"]
                    return Outcome(done["errors"], done["notes"], done["built"])
        except (OSError, ValueError):
            pass
        code = process.wait()
        self._process = None
        stopped = f"the build process stopped (exit code {code}); the server's window has the details"
        return Outcome({choice.lesson_id: [f"{stopped}. Reload the page to try again."]})

    def stop(self) -> None:
        process = self._process
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()  # the child finishes the build it is running, then leaves
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
        self._process = None


# --- the child --------------------------------------------------------------------------------------


class _Lines(io.StringIO):
    """The build's progress stream: each finished line goes to the parent."""

    def __init__(self, send: Callable[[dict[str, Any]], None]) -> None:
        super().__init__()
        self.send = send
        self._partial = ""

    def isatty(self) -> bool:
        return False  # plain lines, one per document

    def write(self, text: str) -> int:
        self._partial += text
        *lines, self._partial = self._partial.split("\n")
        for line in lines:
            if line.strip():
                self.send({"line": line})
        return len(text)


def _build(
    request: dict[str, Any], folders: Folders, jobs: int, send: Callable[[dict[str, Any]], None]
) -> None:
    from generator.build.run import build

    choice = Choice(**request)
    try:
        # Another build of the folder (a `make pdfs`, a second server) holds its lock: the page says so.
        report = build(choice.config(folders, jobs), _Lines(send), on_wait=lambda pid: send({"wait": pid}))
    except GeneratorError as exc:  # e.g. levels.yaml broken: the message says where
        send({"done": {"errors": {choice.lesson_id: exc.messages}, "notes": [], "built": []}})
        return
    except Exception as exc:  # noqa: BLE001 - one failed build; the process serves the next
        traceback.print_exc()
        message = f"the build stopped: {type(exc).__name__}: {exc}; the server's window has the details"
        send({"done": {"errors": {choice.lesson_id: [message]}, "notes": [], "built": []}})
        return
    built = [b.sha256 for b in report.built if b.path.suffix == ".pdf"]
    send({"done": {"errors": report.errors, "notes": report.notes, "built": built}})


def serve(folders: Folders, jobs: int, requests: TextIO, answers: TextIO) -> None:
    """Answer build requests until the parent closes the pipe."""

    def send(message: dict[str, Any]) -> None:
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    import weasyprint  # noqa: F401 - loaded before the first request, once

    from generator.text.readability import measure

    measure(["A short sentence warms the tables up. Another one follows it."])
    for line in requests:
        _build(json.loads(line), folders, jobs, send)


def main(argv: list[str]) -> int:
    lessons, articles, output, jobs = argv
    # The answers keep the real stdout; anything else printed goes to stderr (the server's window).
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        serve(Folders(Path(lessons), Path(articles), Path(output)), int(jobs), sys.stdin, answers)
    except KeyboardInterrupt:  # Ctrl-C in the server's window reaches this process too
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
