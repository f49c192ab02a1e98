"""Single documents rendered for tests, the way a build renders them, without a whole build.

In: a bundled lesson id, a level id, a document kind, a paper and print options.
Out: the composed document values, or the PDF written to a folder of this process.
A whole lesson at a level is 9 documents and 2 packs; most tests check one or two, so
they compose the lesson (cheap) and render only those (compose_all with the build's
ComposeOptions, then Renderer.pdf with its PrintOptions, as build/plan.py and
build/workers.py do). One Renderer and one gathered passage per lesson and level are
kept per process, shared by every test module that renders, and each rendered PDF
is made once per process; tests only read them.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from generator.config import PAPERS, ComposeOptions, Folders, Paper, PrintOptions, Selection
from generator.documents.base import Printable
from generator.documents.composers import compose_all
from generator.passages.passage import Passage
from generator.render.renderer import Renderer
from generator.spec.lesson import Lesson

ROOT = Path(__file__).resolve().parent.parent
STANDARD = PrintOptions()


@cache
def renderer() -> Renderer:
    """This process's Renderer (its engine objects take most of a second to make)."""
    made = Renderer()
    atexit.register(made.close)
    return made


@cache
def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="rendered-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@cache
def lesson_at(lesson_id: str, level_id: str) -> tuple[Lesson, Passage]:
    """A bundled lesson and its passage at a level, gathered (read and checked) once."""
    from generator.passages.gather import gather

    folders = Folders(ROOT / "lessons", ROOT / "articles", _folder() / "unused")
    gathered = gather(folders, Selection((lesson_id,), level_id=level_id))
    assert not gathered.errors, gathered.errors
    [found] = gathered.passages
    return found


def composed(
    lesson_id: str, level_id: str, paper: Paper = "letter", options: PrintOptions = STANDARD
) -> dict[str, Printable]:
    """Every document of the lesson at the level by kind, composed as a build composes them."""
    lesson, passage = lesson_at(lesson_id, level_id)
    compose = ComposeOptions(page=PAPERS[paper], large_print=options.large_print, font=options.font)
    return {document.kind: document for document in compose_all(lesson, passage, compose)}


@cache
def rendered(
    lesson_id: str, level_id: str, kind: str, paper: Paper = "letter", options: PrintOptions = STANDARD
) -> Path:
    """One document's PDF, rendered once per process (read only)."""
    document = composed(lesson_id, level_id, paper, options)[kind]
    data, _pages = renderer().pdf(document, PAPERS[paper], options)
    path = _folder() / lesson_id / level_id / paper / (options.folder() or "standard") / f"{kind}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
