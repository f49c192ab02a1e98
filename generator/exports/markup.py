"""The small HTML an LMS question holds, written and read back.

In: plain lines (a prompt, feedback, the passage). Out: HTML fragments of <p>
(and <h3> for passage headings), escaped; and the reverse, so readers can
compare what a file holds with what was written.
"""

from __future__ import annotations

import html

from lxml import etree
from lxml import html as lxml_html

from generator.exports.output import ExportError
from generator.exports.quizitems import PassageLine


def paragraphs(lines: tuple[str, ...] | list[str]) -> str:
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines)


def passage_html(lines: tuple[PassageLine, ...], credit: str) -> str:
    """Headings as <h3>, paragraphs with their numbers in bold, the credit line in italics."""
    out = []
    for line in lines:
        text = html.escape(line.text, quote=False)
        if line.number:
            out.append(f"<p><strong>{line.number}</strong>&#160; {text}</p>")
        else:
            out.append(f"<h3>{text}</h3>")
    out.append(f"<p><em>{html.escape(credit, quote=False)}</em></p>")
    return "".join(out)


def _blocks(fragment: str) -> list[etree._Element]:
    if not fragment.strip():
        return []
    return [e for e in lxml_html.fragments_fromstring(fragment) if isinstance(e, etree._Element)]


def read_paragraphs(fragment: str) -> tuple[str, ...]:
    return tuple(block.text_content() for block in _blocks(fragment))


def read_passage(fragment: str) -> tuple[tuple[PassageLine, ...], str]:
    """The passage lines and the credit line of `passage_html`'s output."""
    lines = []
    credit = ""
    for block in _blocks(fragment):
        if block.tag == "h3":
            lines.append(PassageLine(0, block.text_content()))
            continue
        if block.find("em") is not None:
            credit = block.text_content()
            continue
        number = block.find("strong")
        if number is None or not (number.text or "").isdigit():
            raise ExportError(f"expected a numbered paragraph, found {block.text_content()[:40]!r}")
        text = (number.tail or "").removeprefix("\u00a0").removeprefix(" ")
        lines.append(PassageLine(int(number.text or 0), text))
    return tuple(lines), credit
