"""What WeasyPrint layout costs for a fixed set of documents, in one command.

In: lesson ids, a level, a paper and print options (defaults: every document of
`origins` and `first-war` at middle, on letter, standard print).
Out: a table on stdout, one row per document: pages, the fit the search chose
(generator/render/fit.py), the layouts it took and their seconds; then the totals:
WeasyPrint layout seconds (HTML.render, every fit variant tried), layouts per PDF
and the seconds of the whole render (layouts, writing and tagging the PDF). Seconds
are this process's CPU time (WeasyPrint is single-threaded), so other work on the
machine does not count.
With --profile, also the cumulative seconds of WeasyPrint's flex layout under
cProfile (slower; the other figures are then not comparable to a run without it).

    python bench/layout_cost.py
    python bench/layout_cost.py --large-print --font dyslexic --paper a4

Documents are composed and rendered as a build renders them (one Renderer, warmed
first, no fit cache), so the figures are the cold build's cost for these documents.
Nothing is asserted; nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="*", default=["origins", "first-war"])
    parser.add_argument("--level", default="middle")
    parser.add_argument("--paper", choices=("letter", "a4"), default="letter")
    parser.add_argument("--large-print", action="store_true")
    parser.add_argument("--font", choices=("standard", "dyslexic"), default="standard")
    parser.add_argument("--profile", action="store_true", help="also time flex layout under cProfile")
    return parser.parse_args()


class LayoutClock:
    """Wraps fit.fitted so every layout the search asks for is counted and timed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.layouts = 0

    def wrap(self, fitted: Callable[..., Any]) -> Callable[..., Any]:
        def timed_fitted(lay_out: Callable[[str | None], Any], known: Any = None) -> Any:
            def timed(fit: str | None) -> Any:
                start = time.process_time()  # CPU seconds: other work on the machine does not count
                try:
                    return lay_out(fit)
                finally:
                    self.seconds += time.process_time() - start
                    self.layouts += 1

            return fitted(timed, known)

        return timed_fitted


def main() -> None:
    args = _arguments()
    from generator.config import PAPERS, ComposeOptions, Folders, PrintOptions, Selection
    from generator.documents.composers import compose_all
    from generator.passages.gather import gather
    from generator.render import fit
    from generator.render.renderer import Renderer

    page = PAPERS[args.paper]
    options = PrintOptions(large_print=args.large_print, font=args.font)
    compose = ComposeOptions(page=page, large_print=args.large_print, font=args.font)
    folders = Folders(ROOT / "lessons", ROOT / "articles", ROOT / "output" / "unused")
    gathered = gather(folders, Selection(tuple(args.lessons), level_id=args.level))
    if gathered.errors:
        sys.exit("\n".join(str(error) for error in gathered.errors))
    documents = [
        (lesson.id, d) for lesson, passage in gathered.passages for d in compose_all(lesson, passage, compose)
    ]

    clock = LayoutClock()
    fit.fitted = clock.wrap(fit.fitted)  # type: ignore[assignment]  # Renderer.pdf imports it per call
    renderer = Renderer()
    renderer.warm(page)
    profile = cProfile.Profile() if args.profile else None
    total = 0.0
    print(f"{'document':40} pages  {'fit':16} layouts  seconds")
    for lesson_id, document in documents:
        before_seconds, before_layouts = clock.seconds, clock.layouts
        start = time.process_time()
        if profile:
            profile.enable()
        _data, pages = renderer.pdf(document, page, options)
        if profile:
            profile.disable()
        total += time.process_time() - start
        chosen = renderer.last_fit.variant if renderer.last_fit else None
        name = f"{lesson_id}/{document.kind}"
        layouts, seconds = clock.layouts - before_layouts, clock.seconds - before_seconds
        print(f"{name:40} {pages:5}  {chosen or '-':16} {layouts:7}  {seconds:7.2f}")
    renderer.close()
    count = len(documents)
    print_options = options.folder() or "standard"
    print(f"\n{count} PDFs ({' '.join(args.lessons)}, {args.level}, {args.paper}, {print_options})")
    print(f"layout_seconds   {clock.seconds:.2f}")
    print(f"layouts          {clock.layouts}")
    print(f"layouts_per_pdf  {clock.layouts / count:.2f}")
    print(f"render_seconds   {total:.2f}  (layouts, writing and tagging)")
    if profile:
        _print_flex(profile)


def _print_flex(profile: cProfile.Profile) -> None:
    """Cumulative seconds of WeasyPrint's flex_layout (profiled: slower than real)."""
    stats = pstats.Stats(profile)
    flex = sum(
        row[3]
        for (path, _line, name), row in stats.stats.items()
        if path.endswith("flex.py") and name == "flex_layout"  # type: ignore[attr-defined]
    )
    print(f"flex_layout_cumulative_seconds  {flex:.2f}  (under cProfile)")


if __name__ == "__main__":
    main()
