"""`python -m generator check-pdf [PATHS]`: the structural accessibility check of built PDFs.

In: PDF files or folders (searched for *.pdf; default: output/). Out: one line per
file (pages, structure elements, figures with alt text, or what fails) and exit
1 when any file fails (see generator/a11y/check.py for what is checked).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError


def register(sub: Any) -> None:
    command = sub.add_parser("check-pdf", help="check built PDFs are tagged (PDF/UA structure)")
    command.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="PDFs or folders (default: output/)"
    )
    command.set_defaults(run=run)


def pdf_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths or [Path("output")]:
        if path.is_dir():
            files += sorted(path.rglob("*.pdf"))
        elif path.is_file():
            files.append(path)
        else:
            raise GeneratorError(f"{path}: no such file or folder; expected a PDF or a folder of PDFs")
    if not files:
        raise GeneratorError(
            f"no PDF found in {', '.join(map(str, paths or [Path('output')]))}; build some with 'make pdfs'"
        )
    return files


def run(args: argparse.Namespace) -> int:
    from generator.a11y.check import check_pdf

    failed = 0
    for path in pdf_files(args.paths):
        result = check_pdf(path)
        if result.ok:
            counts = f"{result.pages} pages, {result.elements} elements, {result.figures} figures"
            print(f"ok      {path}  ({counts})")
            continue
        failed += 1
        print(f"FAILED  {path}")
        for problem in result.problems:
            print(f"          {problem}")
    print(f"{failed} PDF(s) failed" if failed else "every PDF passed")
    return 1 if failed else 0
