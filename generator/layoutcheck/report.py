"""Check built PDFs and report: findings per document and page, and the page-fill table.

In: PDF files or folders of them (output/<lesson>/<level>/<kind>.pdf), the
smallest type size of each level. Out: a `DocumentResult` per PDF, and the
text the `check-layout` command prints. A document's level is the name of
its folder; a PDF outside a level folder (the unit overview) is held to the
smallest minimum of all levels. A pack is its cover followed by documents
checked on their own, so only its cover pages are checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.layoutcheck.pdfpages import front_pages, read_pdf
from generator.layoutcheck.rules import Finding, Frame, Limits, check_pages

FILL_MARKS = (0.25, 0.35)  # the table counts documents ending under these fills
LEVEL_ORDER = ("elementary", "middle", "high", "source")


@dataclass(frozen=True)
class DocumentResult:
    path: Path
    level: str  # the level folder's name, or "-"
    paper: str
    pages: int
    fills: tuple[float, ...]
    findings: tuple[Finding, ...]
    is_pack: bool

    @property
    def last_fill(self) -> float:
        return self.fills[-1] if self.fills else 0.0


def pdfs_in(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.rglob("*.pdf")) if path.is_dir() else [path]
    return found


def check_document(path: Path, min_sizes: dict[str, float]) -> DocumentResult:
    level = path.parent.name if path.parent.name in min_sizes else "-"
    minimum = min_sizes[level] if level != "-" else min(min_sizes.values(), default=9.0)
    is_pack = path.stem.endswith("-pack")
    pages = read_pdf(path, front_pages(path) if is_pack else None)
    findings, fills = check_pages(pages, Limits(minimum), whole=not is_pack)
    paper = Frame.of(pages[0]).paper if pages else "-"
    return DocumentResult(path, level, paper, len(pages), tuple(fills), tuple(findings), is_pack)


def findings_text(results: list[DocumentResult]) -> str:
    out = []
    for result in results:
        if not result.findings:
            continue
        out.append(str(result.path))
        for finding in sorted(result.findings, key=lambda f: (f.page, f.rule)):
            out.append(f"  page {finding.page}: {finding.rule}: {finding.message}")
    return "\n".join(out)


def fill_table(results: list[DocumentResult]) -> str:
    """Documents (packs left out) by paper and level: how many, how many of one page,
    and how many of two pages or more end on a page under 25% and under 35% full."""
    docs = [r for r in results if not r.is_pack and r.pages]
    if not docs:
        return "Page fill: no documents."
    head = f"{'paper':7} {'level':11} {'documents':>9} {'one page':>9} {'end <25%':>9} {'end <35%':>9}"
    rows = [head]
    for paper in sorted({r.paper for r in docs}):
        on_paper = [r for r in docs if r.paper == paper]
        levels = sorted({r.level for r in on_paper}, key=_level_rank)
        for level in [*levels, "all"]:
            group = [r for r in on_paper if level in ("all", r.level)]
            multi = [r for r in group if r.pages > 1]
            under = [sum(1 for r in multi if r.last_fill < mark) for mark in FILL_MARKS]
            single = len(group) - len(multi)
            rows.append(f"{paper:7} {level:11} {len(group):>9} {single:>9} {under[0]:>9} {under[1]:>9}")
    low = sorted((r for r in docs if r.pages > 1 and r.last_fill < FILL_MARKS[-1]), key=lambda r: r.last_fill)
    if low:
        rows.append(f"Documents ending on a page under {FILL_MARKS[-1]:.0%} full:")
        rows += [f"  {r.last_fill:4.0%}  {r.path} ({r.pages} pages, {r.paper})" for r in low]
    return "Page fill (last page of documents of two pages or more):\n" + "\n".join(rows)


def _level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)
