"""Which files the web page may serve: only under the output and lessons folders.

In: the area named in the URL (`output` or `lessons`) and the rest of the path,
as the server decoded it. Out: the resolved file, or None (the caller answers
404). Refused: `..` and `.` segments, empty segments (so no absolute path),
backslashes, NUL, hidden names (`.cache`, half-written `.tmp` files), and any
path that resolves (symlinks followed) outside its folder.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from generator.config import Folders

# What the browser is told each file is. Everything from the lessons folder is text:
# a file a teacher dropped there is shown, never run as a page of this site.
TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".json": "application/json",
    ".zip": "application/zip",
    ".html": "text/html; charset=utf-8",
}


def served_file(folders: Folders, area: str, rest: str) -> Path | None:
    """The file `rest` inside the folder `area` names, or None."""
    base = {"output": folders.output, "lessons": folders.lessons}.get(area)
    if base is None or not rest or len(rest) > 1024:
        return None
    if "\\" in rest or "\0" in rest:
        return None
    parts = rest.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    try:
        root = base.resolve(strict=True)
        resolved = base.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        return None
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    return resolved


def content_type(area: str, path: Path) -> str:
    if area == "lessons":
        return "text/plain; charset=utf-8"
    suffix = path.suffix.lower()
    if suffix in TYPES:
        return TYPES[suffix]
    guessed = mimetypes.guess_type(path.name)[0]
    return "text/plain; charset=utf-8" if guessed is None or guessed.startswith("text/") else guessed
