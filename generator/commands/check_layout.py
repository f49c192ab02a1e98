"""`python -m generator check-layout [PATHS]`: check built PDFs page by page.

In: PDF files or folders (default: output/), and lessons/levels.yaml for
each level's smallest type size. Out: the findings per document and page,
the page-fill table, and exit status 1 when there is any finding (or no PDF).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError
from generator.spec.files import LEVELS_FILE


def register(sub: Any) -> None:
    command = sub.add_parser(
        "check-layout",
        help="check built PDFs: type size, margins, page fill, headings, split items, overlaps",
        description=__doc__.splitlines()[0].split(": ", 1)[1],
    )
    command.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="PDF files or folders (default: output/)"
    )
    command.add_argument("--lessons-dir", type=Path, default=Path("lessons"), help="where levels.yaml is")
    command.add_argument("--quiet", action="store_true", help="print findings only, not the fill table")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.layoutcheck.report import check_document, fill_table, findings_text, pdfs_in
    from generator.spec.levels import Levels

    paths = args.paths or [Path("output")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise GeneratorError(f"no file or folder {', '.join(map(str, missing))}; build first (make pdfs)")
    levels = Levels(args.lessons_dir / LEVELS_FILE)
    min_sizes = {level.id: level.typography.min_size_pt for level in levels.ordered()}
    pdfs = pdfs_in(paths)
    if not pdfs:
        raise GeneratorError(f"no PDF in {', '.join(map(str, paths))}; build first (make pdfs)")
    results = []
    for pdf in pdfs:
        try:
            results.append(check_document(pdf, min_sizes))
        except Exception as exc:  # pypdfium2 raises its own errors for damaged files
            raise GeneratorError(f"{pdf}: cannot read this PDF ({exc}); rebuild it") from None
    text = findings_text(results)
    if text:
        print(text)
    if not args.quiet:
        print(fill_table(results))
    failed = [r for r in results if r.findings]
    count = sum(len(r.findings) for r in failed)
    if failed:
        print(f"{count} finding(s) in {len(failed)} of {len(results)} PDFs", file=sys.stderr)
        return 1
    print(f"layout ok: {len(results)} PDFs, {sum(r.pages for r in results)} pages checked")
    return 0
