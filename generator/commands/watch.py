"""`python -m generator watch [LESSON] [--level L]`: rebuild on every save.

Builds the selection once, then watches lessons/, articles/, levels.yaml and
the layouts and rebuilds what each save touched, with render workers kept warm
between saves (see generator/watch/). Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from generator.config import BuildConfig, Folders, Selection, default_jobs


def register(sub: Any) -> None:
    command = sub.add_parser(
        "watch",
        help="rebuild a lesson's PDFs each time one of its files is saved (live preview)",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    command.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson ids (default: all)")
    command.add_argument("--level", help="this level only (elementary, middle, high, source)")
    command.add_argument("--grade", type=int, help="the level for this grade only")
    command.add_argument(
        "--paper",
        choices=["letter", "a4"],
        default=os.environ.get("PAPER", "letter").lower() or "letter",
        help="paper size (default: letter, or $PAPER)",
    )
    command.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=default_jobs(),
        help="render workers kept warm between saves (default: $JOBS or the number of cores)",
    )
    command.add_argument("--lessons-dir", type=Path, default=Path("lessons"))
    command.add_argument("--articles-dir", type=Path, default=Path("articles"))
    command.add_argument("--out", type=Path, default=Path("output"))
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.passages.gather import selected_paths
    from generator.spec.files import LAYOUTS
    from generator.watch.files import FolderWatch
    from generator.watch.loop import Watcher
    from generator.watch.queue import ChangeQueue

    folders = Folders(args.lessons_dir, args.articles_dir, args.out)
    selected_paths(folders.lessons, tuple(args.lessons))  # an unknown lesson: the usual error
    config = BuildConfig(
        folders=folders,
        selection=Selection(tuple(args.lessons), args.grade, args.level),
        paper=args.paper,
        jobs=args.jobs,
    )
    watcher = Watcher(config)
    try:
        watcher.start()
        queue = ChangeQueue()
        with FolderWatch([folders.lessons, folders.articles, LAYOUTS], queue):
            watcher.say(f"watching {folders.lessons}, {folders.articles} and the layouts; Ctrl-C stops")
            watcher.run(queue)
    finally:
        watcher.close()
    return 0
