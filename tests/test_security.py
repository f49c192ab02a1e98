"""Nothing from lesson text reaches CSS as raw text, and rendering reads only the layouts folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.errors import LessonError, RenderError
from generator.render.css import css_number, css_string
from generator.spec.fonts import installed_families
from generator.spec.levels import Levels

from .conftest import ROOT

INJECTION = "Andika'; background-image: url(file:///etc/passwd); x: '"


def test_a_font_that_is_not_installed_is_refused_with_its_line(tmp_path):
    levels = tmp_path / "levels.yaml"
    text = (ROOT / "lessons" / "levels.yaml").read_text()
    levels.write_text(text.replace("{font: Andika,", '{font: "' + INJECTION.replace('"', "") + '",', 1))
    line = next(i for i, ln in enumerate(levels.read_text().splitlines(), 1) if "passwd" in ln)
    with pytest.raises(LessonError) as caught:
        Levels(levels)
    message = caught.value.messages[0]
    assert message.startswith(
        f"{levels}:{line}: elementary.typography.font: expected an installed font family ("
    )
    assert "Andika" in message and "DejaVu Serif" in message
    assert "found \"Andika'; background-image" in message


def test_a_misspelled_font_gets_a_suggestion(tmp_path):
    levels = tmp_path / "levels.yaml"
    levels.write_text(
        (ROOT / "lessons" / "levels.yaml").read_text().replace("{font: Andika,", "{font: Andka,", 1)
    )
    with pytest.raises(LessonError) as caught:
        Levels(levels)
    assert caught.value.messages[0].endswith("found 'Andka'; did you mean 'Andika'?")


def test_installed_families_come_from_fontconfig():
    assert {"Andika", "DejaVu Serif", "DejaVu Sans"} <= installed_families()


def test_css_values_can_never_close_their_string_or_declaration():
    assert css_string("DejaVu Serif") == '"DejaVu Serif"'
    quoted = css_string(INJECTION)
    assert quoted.count('"') == 2 and ";" not in quoted and "'" not in quoted and "(" not in quoted
    assert css_number(12.5) == "12.5"
    for bad in ("12; color: red", float("nan"), True):
        with pytest.raises(ValueError):
            css_number(bad)


# --- the URL fetcher ----------------------------------------------------------------------


@pytest.fixture
def layouts(tmp_path: Path) -> Path:
    """A layouts folder with a stylesheet, an image, and a file next to it (outside)."""
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "print.css").write_text("body { margin: 0 }\n")
    shutil.copy(ROOT / "tests" / "fixtures" / "pixel.png", folder / "pixel.png")
    (tmp_path / "secret.png").write_bytes((folder / "pixel.png").read_bytes())
    (folder / "link.png").symlink_to(tmp_path / "secret.png")
    return folder


REFUSED = {
    "file outside": "file:///etc/passwd",
    "http": "http://127.0.0.1:8765/x.png",
    "https": "https://example.invalid/x.png",
    "ftp": "ftp://example.invalid/x.png",
    "data": "data:image/png;base64,iVBORw0KGgo=",
    "dotdot escape": "../secret.png",
    "symlink out": "link.png",
}


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_the_fetcher_refuses_everything_outside_the_layouts_folder(layouts, url):
    from urllib.parse import urljoin

    from generator.render.fetcher import LayoutsFetcher, RefusedResource

    fetcher = LayoutsFetcher(layouts)
    with pytest.raises(RefusedResource, match="refused to (fetch|read)"):
        fetcher.fetch(urljoin(layouts.as_uri() + "/", url))
    assert fetcher.refused


def test_the_fetcher_serves_files_of_the_layouts_folder(layouts):
    from generator.render.fetcher import LayoutsFetcher

    response = LayoutsFetcher(layouts).fetch((layouts / "pixel.png").as_uri())
    assert response.read() == (layouts / "pixel.png").read_bytes()
    assert response.content_type == "image/png"


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_a_document_that_references_outside_files_fails_to_render(layouts, url):
    from generator.render.renderer import Renderer

    (layouts / "evil.html").write_text(f'<html><body><p>x</p><img src="{url}"></body></html>')
    renderer = Renderer(layouts)
    with pytest.raises(RenderError, match="evil.html: refused to (fetch|read)"):
        renderer.pdf(SimpleNamespace(template="evil.html"))
    renderer.close()


def test_a_document_may_use_images_of_the_layouts_folder(layouts):
    from generator.render.renderer import Renderer

    # lang and alt: tagged (PDF/UA) output requires both
    (layouts / "good.html").write_text(
        '<html lang="en"><body><img src="pixel.png" alt="a dot"></body></html>'
    )
    data, pages = Renderer(layouts).pdf(SimpleNamespace(template="good.html"))
    assert data.startswith(b"%PDF") and pages == 1
