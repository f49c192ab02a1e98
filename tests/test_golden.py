"""Golden HTML: each document kind's composed HTML, before rendering, kept under tests/golden/.

A template, CSS class or composer change shows up here as a readable diff. After an
intended change, `make golden` (python -m tests.update_golden) rewrites the files;
review the diff with git before committing it.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path

import pytest

from generator.config import ComposeOptions, Folders, Selection
from generator.documents.base import Document
from generator.documents.composers import compose_all
from generator.documents.packs import PACKS, compose_cover
from generator.documents.unit import compose_unit, load_unit
from generator.passages.gather import gather
from generator.render.renderer import Renderer
from generator.spec.files import UNIT_FILE

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
LESSON, LEVEL = "first-war", "middle"  # a lesson with every document kind and the word search
KINDS = (
    "handout",
    "handout-teacher",
    "vocabulary",
    "vocabulary-key",
    "timeline",
    "timeline-key",
    "questions",
    "questions-key",
    "teacher-guide",
    "student-pack",
    "teacher-pack",
    "unit-overview",
)


def normalise(html: str) -> str:
    """One line per tag boundary, no trailing or blank lines, no machine paths: stable and diffable."""
    html = html.replace(str(ROOT), "<root>")
    html = re.sub(r">\s*<", ">\n<", html)
    lines = (line.strip() for line in html.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def _documents() -> dict[str, Document]:
    folders = Folders(ROOT / "lessons", ROOT / "articles", Path("unused"))
    options = ComposeOptions()
    gathered = gather(folders, Selection((LESSON,), level_id=LEVEL))
    assert not gathered.errors, gathered.errors
    [(lesson, passage)] = gathered.passages
    documents: dict[str, Document] = {d.kind: d for d in compose_all(lesson, passage, options)}
    for pack in PACKS:
        documents[pack] = compose_cover(pack, lesson, passage, set(documents))
    spec = load_unit(folders.lessons / UNIT_FILE)
    unit = gather(folders, Selection(tuple(spec.lessons), level_id="high"))
    assert not unit.errors, unit.errors
    documents["unit-overview"] = compose_unit(spec, unit.passages, options)
    return documents


@cache
def composed_html() -> dict[str, str]:
    """Each kind's normalised HTML, as `Renderer().html` makes it for WeasyPrint."""
    renderer = Renderer()
    return {kind: normalise(renderer.html(document)) for kind, document in _documents().items()}


def golden_path(kind: str) -> Path:
    return GOLDEN / f"{kind}.html"


def test_every_kind_has_a_golden_file():
    assert sorted(composed_html()) == sorted(KINDS)
    assert sorted(p.stem for p in GOLDEN.glob("*.html")) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_composed_html_matches_golden(kind):
    expected = golden_path(kind).read_text(encoding="utf-8")
    actual = composed_html()[kind]
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"tests/golden/{kind}.html",
            f"composed {kind} ({LESSON}, {LEVEL})",
            n=2,
        )
        pytest.fail(
            "composed HTML differs from the golden file; if the change is intended, run "
            "`make golden` and review the diff:\n" + "".join(diff),
            pytrace=False,
        )
