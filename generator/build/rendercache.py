"""Remember what rendering decided, so that the same content is not rendered twice.

In: content hashes (fingerprint.py: the composed document with the rendering
inputs and settings) and what rendering made of them. Out, in
output/.cache/:

- covers/<lesson>/<level>/<pack>.cover: the last rendered cover of each pack,
  headed by its content hash, the sha256 of its bytes and the work it took
  (pages times layouts, to schedule the next one). A member's edit
  re-merges the pack, but a cover whose own content is unchanged (a new
  objective changes the teacher copies, not the cover) is not rendered again.
- fit.json: the fit each PDF's layout search chose (fit.py), by content hash,
  with the number of layouts the search took. Rendering the same content again
  (a file deleted or replaced, an edit undone) lays it out once with that
  choice instead of searching; an edited document is expected to take as many
  layouts as its last version (run.py renders the longest first).

Both keys also hold the versions of the rendering libraries, which the render
digest does not. Layout is deterministic, so either way the bytes are those a
cold build writes. An entry that does not match its seal (edited, truncated)
is ignored and rendered again; a cache that cannot be written only costs the
next build time.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from generator.build.atomic import WriteError, save_output
from generator.render.fit import VARIANTS, Fit

CACHE = ".cache"
COVERS = "covers"
FITS = "fit.json"
MAX_FITS = 4000  # newest kept: several builds' worth of every bundled document


@cache
def engine_versions() -> str:
    """The versions of the libraries that lay out and write PDFs."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("weasyprint", "pydyf", "pikepdf", "tinyhtml5", "tinycss2", "cssselect2", "fonttools"):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=none")
    return " ".join(found)


def _key(content_hash: str) -> str:
    return hashlib.sha256(f"{content_hash}\0{engine_versions()}".encode()).hexdigest()


class RenderCache:
    def __init__(self, output: Path) -> None:
        self.output = output
        self.folder = output / CACHE
        self.fits_path = self.folder / FITS
        self.fits = _load_fits(self.fits_path)
        self.changed = False
        self.cover_costs: dict[Path, float] = {}  # of the covers last rendered, read by cover()

    # --- covers -----------------------------------------------------------------------------

    def _cover_path(self, target: Path) -> Path:
        return self.folder / COVERS / target.relative_to(self.output).with_suffix(".cover")

    def cover(self, target: Path, content_hash: str) -> bytes | None:
        """The cover last rendered for the pack at `target`, if its content hash is this."""
        try:
            data = self._cover_path(target).read_bytes()
        except (OSError, ValueError):
            return None
        head, _, body = data.partition(b"\n")
        key, sha, cost = (head.decode("ascii", "replace").split(" ") + ["", "", ""])[:3]
        if cost.isdigit():
            self.cover_costs[target] = float(cost)
        if key != _key(content_hash) or sha != hashlib.sha256(body).hexdigest():
            return None
        return body

    def cover_cost(self, target: Path) -> float:
        """Pages times layouts of the pack's last cover (see cover()); 1 when unknown."""
        return self.cover_costs.get(target, 1.0)

    def last_layouts(self, content_hash: str) -> int:
        """The layouts the search took for this content, when it is remembered; else 1."""
        entry = self.fits.get(_key(content_hash), {})
        layouts = entry.get("layouts")
        return layouts if isinstance(layouts, int) and 0 < layouts <= 1 + len(VARIANTS) else 1

    def keep_cover(self, target: Path, content_hash: str, data: bytes, cost: int = 1) -> str | None:
        """Remember a rendered cover (replacing the pack's last); a note when it cannot be."""
        head = f"{_key(content_hash)} {hashlib.sha256(data).hexdigest()} {cost}\n".encode()
        try:
            path = self._cover_path(target)
        except ValueError:  # a target outside the output folder: nothing to key it by
            return None
        try:
            save_output(path, head + data, self.output)
        except WriteError as exc:
            return f"{path}: not saved: {exc}"
        return None

    # --- fit choices ------------------------------------------------------------------------

    def fit(self, content_hash: str) -> Fit | None:
        """The fit chosen for this content before, or None when it must be searched for."""
        key = _key(content_hash)
        entry = self.fits.get(key)
        if entry is None or entry.get("seal") != _seal(key, entry.get("fit")):
            return None
        variant = entry["fit"]
        return Fit(variant, 1) if variant is None or variant in VARIANTS else None

    def keep_fit(self, content_hash: str, fit: Fit) -> None:
        """Remember a search's choice; a choice that was given (one layout) changes nothing."""
        key = _key(content_hash)
        if key in self.fits and self.fit(content_hash) == Fit(fit.variant, 1):
            return
        self.fits[key] = {"fit": fit.variant, "layouts": fit.layouts, "seal": _seal(key, fit.variant)}
        self.changed = True

    def save(self) -> str | None:
        """Write fit.json if it changed; a note when it cannot be written."""
        if not self.changed:
            return None
        kept = dict(list(self.fits.items())[-MAX_FITS:])
        try:
            save_output(self.fits_path, json.dumps(kept).encode(), self.output)
        except WriteError as exc:
            return f"{self.fits_path}: not saved: {exc}"
        self.changed = False
        return None


def _seal(key: str, variant: object) -> str:
    return hashlib.sha256(f"{key}\0{variant!r}".encode()).hexdigest()[:16]


def _load_fits(path: Path) -> dict[str, dict[str, Any]]:
    """The entries of fit.json; one of the wrong shape is dropped, never trusted."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {k: v for k, v in loaded.items() if isinstance(k, str) and isinstance(v, dict)}
