"""Merge a pack: a rendered cover and built PDFs -> one PDF with a bookmark per part.

In: the cover's PDF bytes and (path, bookmark label) of each member. Out: the
pack's PDF bytes and page count, byte-identical for the same inputs.
"""

from __future__ import annotations

import io
from contextlib import ExitStack
from pathlib import Path


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
        for source, label in sources:
            starts.append((label, len(pack.pages)))
            pack.pages.extend(source.pages)
        with pack.open_outline() as outline:
            for label, first_page in starts:
                outline.root.append(pikepdf.OutlineItem(label, first_page))
        out = io.BytesIO()
        pack.save(out, deterministic_id=True)
    return out.getvalue(), len(pack.pages)
