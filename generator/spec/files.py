"""Where things live in a project folder (kept free of heavy imports)."""

from __future__ import annotations

from pathlib import Path

LEVELS_FILE = "levels.yaml"  # in the lessons folder
UNIT_FILE = "unit.yaml"  # in the lessons folder: the unit's lessons in order
LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"  # package data


def lesson_paths(lessons_dir: Path) -> list[Path]:
    """Every lesson file of a lessons folder (each *.yaml but levels.yaml and unit.yaml)."""
    return sorted(p for p in lessons_dir.glob("*.yaml") if p.name not in (LEVELS_FILE, UNIT_FILE))
