"""A structural accessibility check of a PDF, with pikepdf, in the spirit of PDF/UA-1.

In: a PDF file. Out: a `PdfCheck` listing what fails. veraPDF (the reference
PDF/UA validator) is Java and not packaged where this project installs from, so
this checks the machine-checkable core of PDF/UA itself:

- the catalog: /MarkInfo /Marked true, a /Lang, a title (document info or XMP)
  shown as the window title (/ViewerPreferences /DisplayDocTitle true);
- a /StructTreeRoot with elements, whose /ParentTree holds every page's
  /StructParents and every marked-content id (MCID) a page's content uses;
- every page's content marked: no text, path or image is painted outside a
  marked-content sequence (tagged with an MCID, or an /Artifact such as a footer);
- every /Figure element carries a non-empty /Alt.

It cannot judge what needs human eyes (that an /Alt says the right thing, that the
reading order makes sense): the tests read those back separately.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Content operators that put marks on the page (text, paths, images, shadings).
PAINTING = frozenset(["Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "BI"])


@dataclass
class PdfCheck:
    path: Path
    pages: int = 0
    elements: int = 0  # structure elements
    figures: int = 0
    marked_operators: int = 0  # painting operators inside marked content
    artifacts: int = 0  # marked-content sequences that are /Artifact
    problems: list[str] = field(default_factory=list)
    linked: set[tuple[int, int]] = field(default_factory=set, repr=False)  # elements in the tree

    @property
    def ok(self) -> bool:
        return not self.problems


def check_pdf(path: Path) -> PdfCheck:
    import pikepdf

    result = PdfCheck(path)
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        result.problems.append(f"cannot be opened as a PDF: {exc}")
        return result
    with pdf:
        result.pages = len(pdf.pages)
        _check_catalog(pdf, result)
        parent_tree = _check_tree(pdf, result)
        for number, page in enumerate(pdf.pages, start=1):
            _check_page(page, number, parent_tree, result)
    return result


def _check_catalog(pdf: Any, result: PdfCheck) -> None:
    root = pdf.Root
    mark_info = root.get("/MarkInfo")
    if mark_info is None or not bool(mark_info.get("/Marked", False)):
        result.problems.append("not marked: the catalog needs /MarkInfo << /Marked true >>")
    if not str(root.get("/Lang", "")).strip():
        result.problems.append("no /Lang: the document's language is not set (<html lang>)")
    title = str(pdf.docinfo.get("/Title", "")).strip()
    if not title:
        with pdf.open_metadata() as meta:
            title = str(meta.get("dc:title", "")).strip()
    if not title:
        result.problems.append("no title: neither /Title nor XMP dc:title is set (<title>)")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        result.problems.append("the title is not shown: /ViewerPreferences /DisplayDocTitle true is missing")


def _check_tree(pdf: Any, result: PdfCheck) -> dict[int, Any]:
    """Walk the structure tree; return its parent tree as {key: value}."""
    import pikepdf

    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        result.problems.append("untagged: no /StructTreeRoot")
        return {}
    for element in _elements(tree.get("/K")):
        result.elements += 1
        result.linked.add(element.objgen)
        if element.get("/S") == pikepdf.Name.Figure:
            result.figures += 1
            if not str(element.get("/Alt", "")).strip():
                result.problems.append("a /Figure has no /Alt text")
    if not result.elements:
        result.problems.append("the structure tree is empty")
    nums = _number_tree(tree.get("/ParentTree", pikepdf.Dictionary()))
    if not nums:
        result.problems.append("the structure tree has no /ParentTree")
    return nums


def _elements(kids: Any) -> Iterator[Any]:
    import pikepdf

    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            yield from _elements(kid)
    elif isinstance(kids, pikepdf.Dictionary) and "/S" in kids:
        yield kids
        yield from _elements(kids.get("/K"))


def _number_tree(tree: Any) -> dict[int, Any]:
    nums = list(tree.get("/Nums", []))
    found = {int(nums[i]): nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    for kid in tree.get("/Kids", []):
        found.update(_number_tree(kid))
    return found


def _check_page(page: Any, number: int, parent_tree: dict[int, Any], result: PdfCheck) -> None:
    import pikepdf

    stack: list[str] = []  # open marked-content tags ("/Artifact", "/P", ...)
    mcids: set[int] = set()
    unmarked = 0
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            operands, op = [], "BI"  # an inline image paints like any other content
        else:
            operands, op = list(instruction.operands), str(instruction.operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            stack.append(tag)
            if tag == "/Artifact":
                result.artifacts += 1
            if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                mcids.add(int(operands[1].MCID))
        elif op == "EMC":
            if not stack:
                result.problems.append(f"page {number}: EMC without an open marked-content sequence")
                return
            stack.pop()
        elif op in PAINTING:
            if stack:
                result.marked_operators += 1
            else:
                unmarked += 1
    if stack:
        result.problems.append(f"page {number}: {len(stack)} marked-content sequence(s) never closed")
    if unmarked:
        result.problems.append(f"page {number}: {unmarked} painting operator(s) outside marked content")
    if not mcids:
        return  # a page of artifacts only (a blank page) needs no parent-tree entry
    key = page.obj.get("/StructParents")
    if key is None:
        result.problems.append(f"page {number}: marked content but no /StructParents")
        return
    entry = parent_tree.get(int(key))
    if entry is None:
        result.problems.append(f"page {number}: /StructParents {int(key)} is not in the /ParentTree")
        return
    owners = list(entry) if isinstance(entry, pikepdf.Array) else [entry]
    missing = sorted(m for m in mcids if m >= len(owners) or not isinstance(owners[m], pikepdf.Dictionary))
    if missing:
        result.problems.append(f"page {number}: MCIDs {missing[:5]} have no structure element")
    # Content tagged with an element the tree never reaches is read by no screen reader
    # in order; running headers and footers belong in /Artifact instead.
    elements = {m: owners[m] for m in mcids if m < len(owners) and isinstance(owners[m], pikepdf.Dictionary)}
    loose = sorted(m for m, element in elements.items() if element.objgen not in result.linked)
    if loose:
        result.problems.append(
            f"page {number}: {len(loose)} tagged item(s) outside the structure tree (MCIDs {loose[:5]}); "
            "running headers and footers should be /Artifact"
        )
