"""Merge a pack: a rendered cover and built PDFs -> one tagged PDF with a bookmark per part.

In: the cover's PDF bytes and (path, bookmark label) of each member. Out: the
pack's PDF bytes and page count, byte-identical for the same inputs.

Copying pages keeps their marked content but not the documents' structure trees,
so each part's tree is copied too and hung under one /Document as a /Part; the
parts' parent-tree numbers (page /StructParents, annotation /StructParent) are
shifted so they stay unique in the pack. The pack keeps the first part's /Lang,
is marked, and shows its title (the cover's) as the window title.
"""

from __future__ import annotations

import io
from contextlib import ExitStack
from pathlib import Path
from typing import Any


def merge_pack(cover_pdf: bytes, members: list[tuple[Path, str]]) -> tuple[bytes, int]:
    """Cover first, then each document, with one bookmark at each document's first page;
    returns the PDF and its page count. pikepdf (qpdf) merges about five times faster
    than a pure-Python merge, and its deterministic id keeps packs byte-identical."""
    import pikepdf

    pack = pikepdf.new()
    starts = []
    with ExitStack() as opened:  # sources stay open until the pack is saved, then close
        sources = [(opened.enter_context(pikepdf.open(io.BytesIO(cover_pdf))), "Cover")]
        sources += [(opened.enter_context(pikepdf.open(path)), label) for path, label in members]
        parts = []
        for source, label in sources:
            first = len(pack.pages)
            starts.append((label, first))
            pack.pages.extend(source.pages)
            parts.append((source, first, len(pack.pages)))
        _merge_structure(pack, parts)
        with pack.open_outline() as outline:
            for label, first_page in starts:
                outline.root.append(pikepdf.OutlineItem(label, first_page))
        out = io.BytesIO()
        pack.save(out, deterministic_id=True)
    return out.getvalue(), len(pack.pages)


def _merge_structure(pack: Any, parts: list[tuple[Any, int, int]]) -> None:
    """One structure tree for the pack from each part's tree (see the module docstring).
    Parts without a tree (untagged input) leave the pack untagged rather than half-tagged."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    if not parts or any("/StructTreeRoot" not in source.Root for source, _, _ in parts):
        return
    root = pack.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pack.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array()))
    nums = Array()
    offset = 0
    for source, first, end in parts:
        tree = source.Root.StructTreeRoot
        # Copied after the pages, so /Pg references resolve to the pack's copies.
        kids = _copy(pack, tree.K)
        kids = kids if isinstance(kids, Array) else Array([kids])
        part = pack.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, P=document, K=kids))
        for kid in kids:
            if isinstance(kid, Dictionary):
                kid.P = part
                if kid.get("/S") == Name.Document:
                    kid.S = Name.Sect  # one /Document per file: each part's becomes a section
        document.K.append(part)
        source_nums = _flat_nums(tree.ParentTree)
        for i in range(0, len(source_nums), 2):
            nums.append(int(source_nums[i]) + offset)
            nums.append(_copy(pack, source_nums[i + 1]))
        for page in pack.pages[first:end]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", Array()):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        keys = [int(source_nums[i]) for i in range(0, len(source_nums), 2)]
        offset += int(tree.get("/ParentTreeNextKey", max(keys, default=-1) + 1))
    root.K = Array([document])
    root.ParentTree = pack.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = offset
    pack.Root.StructTreeRoot = root
    pack.Root.MarkInfo = Dictionary(Marked=True)
    pack.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    first_source = parts[0][0]
    if "/Lang" in first_source.Root:
        pack.Root.Lang = pikepdf.String(str(first_source.Root.Lang))
    if "/Title" in first_source.docinfo:
        pack.docinfo.Title = pikepdf.String(str(first_source.docinfo.Title))


def _flat_nums(tree: Any) -> list[Any]:
    """The (key, value) pairs of a number tree, flattened in order (WeasyPrint writes
    one /Nums array; a tree with /Kids is read through)."""
    found = list(tree.get("/Nums", []))
    for kid in tree.get("/Kids", []):
        found += _flat_nums(kid)
    return found


def _copy(pack: Any, value: Any) -> Any:
    """`value` from another PDF into `pack`: indirect objects through qpdf's copier (which
    maps a page already copied to its copy), direct arrays and dictionaries item by item."""
    from pikepdf import Array, Dictionary, Object

    if isinstance(value, Object) and value.is_indirect:
        return pack.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(pack, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(pack, item) for key, item in value.items()})
    return value
