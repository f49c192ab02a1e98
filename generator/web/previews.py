"""First-page images of built PDFs, for the lesson page.

In: a PDF's sha256 (as the manifest lists it). Out: a PNG of its first page,
made once with pdftoppm (poppler-utils, which `make` installs) and kept in
output/.cache/previews/<sha256>.png: the same PDF bytes always have the same
picture, so the cache never needs clearing. At most two pdftoppm processes run
at once, so a page of a dozen previews does not swamp a small machine.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import threading
import uuid
from pathlib import Path

from generator.build.manifest import Manifest

SHA256 = re.compile(r"[0-9a-f]{64}")
WIDTH_PX = 320  # twice the width a preview is shown at on a laptop, for sharp high-density screens
_running = threading.BoundedSemaphore(2)


def preview_folder(output: Path) -> Path:
    return output / ".cache" / "previews"


def preview(output: Path, sha256: str) -> Path | None:
    """The preview of the built PDF whose bytes hash to `sha256`, or None if there is none."""
    if not SHA256.fullmatch(sha256):
        return None
    target = preview_folder(output) / f"{sha256}.png"
    if target.is_file():
        return target
    pdf = _pdf_with(output, sha256)
    if pdf is None:
        return None
    with _running:
        if not target.is_file():
            _render(pdf, target)
    return target if target.is_file() else None


def _pdf_with(output: Path, sha256: str) -> Path | None:
    """The PDF the manifest lists with this hash, if the file on disk still has it."""
    manifest = Manifest.load(output)
    for entry in manifest.documents.values():
        if entry.sha256 == sha256:
            path = output / entry.path
            if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256:
                return path
    return None


def _render(pdf: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # pdftoppm adds ".png"; the partial name never matches a build's leftover pattern (.*.tmp),
    # so a build starting meanwhile does not delete it.
    partial = target.parent / f"partial-{uuid.uuid4().hex}"
    command = ["pdftoppm", "-png", "-f", "1", "-l", "1", "-singlefile"]
    command += ["-scale-to-x", str(WIDTH_PX), "-scale-to-y", "-1", str(pdf), str(partial)]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=60)
        os.replace(partial.with_suffix(".png"), target)
    except (OSError, subprocess.SubprocessError):
        partial.with_suffix(".png").unlink(missing_ok=True)
