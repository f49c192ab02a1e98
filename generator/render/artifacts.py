"""Mark running headers and footers as artifacts in a tagged WeasyPrint PDF.

In: tagged PDF bytes. Out: the same PDF with every marked-content sequence whose
structure element is not part of the document's tree (WeasyPrint 70 tags the page
margin boxes, the title, "Page x of y" and the source credit, with elements it
never links into the tree) re-marked as `/Artifact`, and those MCIDs dropped from
the parent tree, so a screen reader neither reads them on every page nor finds
content that belongs nowhere. Deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import Any


def footers_as_artifacts(data: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None:
            return data
        linked = {element.objgen for element in _elements(tree.get("/K"))}
        nums = tree.ParentTree.Nums
        entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in pdf.pages:
            key = page.obj.get("/StructParents")
            entry = entries.get(int(key)) if key is not None else None
            if not isinstance(entry, pikepdf.Array):
                continue
            loose = {
                mcid
                for mcid, element in enumerate(entry)
                if isinstance(element, pikepdf.Dictionary) and element.objgen not in linked
            }
            if loose:
                _remark(pdf, page, loose)
                for mcid in loose:
                    entry[mcid] = None  # PDF 1.7: null where no element owns the MCID
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


# How WeasyPrint opens a tagged sequence: "/Span\n<</MCID 12>>\nBDC". Rewriting the
# bytes is about ten times faster than parsing and unparsing the content stream.
_OPENING = re.compile(rb"/[A-Za-z0-9]+\s*<<\s*/MCID (\d+)\s*>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def _remark(pdf: Any, page: Any, loose: set[int]) -> None:

    page.contents_coalesce()
    stream = page.obj.Contents
    data = stream.read_bytes()
    remarked = _OPENING.sub(lambda m: _ARTIFACT if int(m.group(1)) in loose else m.group(0), data)
    stream.write(remarked)  # compressed again when the PDF is saved


def _elements(kids: Any) -> Any:
    import pikepdf

    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            yield from _elements(kid)
    elif isinstance(kids, pikepdf.Dictionary) and "/S" in kids:
        yield kids
        yield from _elements(kids.get("/K"))
