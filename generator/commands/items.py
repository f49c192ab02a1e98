"""`python -m generator items [LESSON...] [--level L]`: the generated items, for a teacher to read."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    command = sub.add_parser("items", help="list the generated question items with their keys and sources")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return 0
