"""output/.cache without a build: what RenderCache keeps, what it gives back, and that a
damaged or foreign entry is never trusted (the builds that use it: test_warm.py, slow)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.build.rendercache import FITS, RenderCache
from generator.render.fit import VARIANTS, Fit

CONTENT = "a" * 64  # a content hash, as fingerprint.py makes them
OTHER = "b" * 64
PDF = b"%PDF-1.7\n...the cover's bytes...\n%%EOF\n"


def test_a_kept_fit_is_given_back_after_a_reload_and_only_for_its_content(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path)
    assert cache.fit(CONTENT) is None
    cache.keep_fit(CONTENT, Fit("fit-tighter", 3))
    assert cache.save() is None and (tmp_path / ".cache" / FITS).is_file()
    again = RenderCache(tmp_path)
    # Given back as one layout: the choice is laid out, not searched for again.
    assert again.fit(CONTENT) == Fit("fit-tighter", 1)
    assert again.last_layouts(CONTENT) == 3
    assert again.fit(OTHER) is None and again.last_layouts(OTHER) == 1
    # The default spacing is a choice too.
    again.keep_fit(OTHER, Fit(None, 1 + len(VARIANTS)))
    assert again.fit(OTHER) == Fit(None, 1)


def test_a_fit_entry_edited_by_hand_is_searched_for_again(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path)
    cache.keep_fit(CONTENT, Fit("fit-tight", 2))
    cache.save()
    path = tmp_path / ".cache" / FITS
    entries = json.loads(path.read_text())
    for entry in entries.values():
        entry["fit"] = "fit-push"  # a different choice under the old seal
    path.write_text(json.dumps(entries))
    assert RenderCache(tmp_path).fit(CONTENT) is None
    path.write_text("[not the shape of fit.json]")
    assert RenderCache(tmp_path).fit(CONTENT) is None


def test_a_cover_is_given_back_whole_for_its_content_and_never_when_damaged(tmp_path: Path) -> None:
    target = tmp_path / "origins" / "middle" / "student-pack.pdf"
    cache = RenderCache(tmp_path)
    assert cache.keep_cover(target, CONTENT, PDF, cost=6) is None
    again = RenderCache(tmp_path)
    assert again.cover(target, CONTENT) == PDF
    assert again.cover_cost(target) == 6.0
    assert again.cover(target, OTHER) is None  # the pack's cover changed since
    stored = tmp_path / ".cache" / "covers" / "origins" / "middle" / "student-pack.cover"
    stored.write_bytes(stored.read_bytes()[:-5])  # truncated
    assert RenderCache(tmp_path).cover(target, CONTENT) is None
    # A target outside the output folder has nothing to be kept under.
    assert cache.keep_cover(tmp_path.parent / "elsewhere.pdf", CONTENT, PDF) is None
    assert not (tmp_path.parent / ".cache").exists()
