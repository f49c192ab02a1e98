"""Ids and the paths made from them: one rule for every id, and no path that leaves its folder.

In: an id from a file name or a YAML value (a lesson, level, section or article
id), or a path and the folder it must stay in. Out: the id, or a message saying
what was found and the rule; the resolved path, or an `OutsideError`. Ids become
folder and file names (output/<lesson>/<level>/), so they may not hold `/`, `.`
or anything else a path could use to climb out.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import GeneratorError

ID_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
ID_RULE = "lowercase letters, digits and hyphens, starting and ending with a letter or digit"


class OutsideError(GeneratorError):
    """Raised when a path would read or write outside the folder it belongs to."""


def id_problem(value: object, what: str) -> str | None:
    """None when `value` is a valid id; else 'expected ..., found ...' for a message."""
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return None
    shown = repr(value if not isinstance(value, str) or len(value) <= 40 else value[:37] + "...")
    suggestion = ""
    if isinstance(value, str):
        tidy = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        if tidy and ID_PATTERN.fullmatch(tidy):
            suggestion = f"; did you mean '{tidy}'?"
    return f"expected {what} of {ID_RULE}, found {shown}{suggestion}"


def check_id(value: object, what: str) -> str:
    """For pydantic validators: the id, or ValueError with the rule."""
    problem = id_problem(value, what)
    if problem:
        raise ValueError(problem)
    return str(value)


def inside(path: Path, root: Path, what: str = "file") -> Path:
    """`path` resolved (symlinks followed); OutsideError unless it lies inside `root`."""
    resolved = path.resolve()
    base = root.resolve()
    if not resolved.is_relative_to(base):
        raise OutsideError(
            f"{path}: expected a {what} inside {base}, found one that resolves to {resolved}; "
            "use ids and files inside the project (symlinks out of it are refused)"
        )
    return resolved
