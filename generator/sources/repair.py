"""Repair the characters of a copied page before it is read.

In: text as it came from a file. Out: the same text with mis-decoded letters
repaired ("Î»" -> "λ", "â€“" -> "–", "AzÉ™rbaycan" -> "Azərbaycan"), HTML
entities decoded ("&amp;", "&#8211;", "&nbsp;"), Windows and old Mac line ends
made plain. Curly quotes and dashes are kept: they are the article's.

A page saved in one encoding and opened in another is mis-decoded as a whole,
so the whole text is re-decoded first when that gives valid UTF-8; ftfy then
repairs any lines still mixed. ftfy is slow on long text, so lines without
the tell-tale pairs of mis-decoded UTF-8 are never handed to it.
"""

from __future__ import annotations

import html
import re

import ftfy
import ftfy.bad_codecs  # noqa: F401 - registers "sloppy-windows-1252"

from generator.text.clean import clean_text

_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # done below, only for entities that end with ';'
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    normalization="NFC",
    explain=False,
)
# A UTF-8 lead byte read as Latin-1/Windows-1252 (Â Ã Ä Å Æ É Î Ï Ð Ó â ...) followed by
# a continuation byte read the same way (0x80-0xBF, or Windows-1252's €‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ).
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def repair(text: str) -> str:
    """Mis-decoded letters repaired, entities decoded, line ends normalized."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return decode_entities(fix_mojibake(text))


def fix_mojibake(text: str) -> str:
    if not _SUSPECT.search(text):
        return text
    text = _redecode_whole(text)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _SUSPECT.search(line):
            lines[i] = ftfy.fix_text(line, _CONFIG)
    return "\n".join(lines)


def _redecode_whole(text: str) -> str:
    """The whole text read back as UTF-8, when it is UTF-8 that was read as Windows-1252."""
    for codec in ("sloppy-windows-1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if len(_SUSPECT.findall(fixed)) < len(_SUSPECT.findall(text)):
            return fixed
    return text


_MARKUP = re.compile(r"[<\[{&]|''")
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")  # runs of spaces, tabs, line breaks
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")


def clean(text: str) -> str:
    """`clean_text`, with a fast path for the common line that holds no markup at all.

    Long pages have thousands of such lines; replacing every single space (as `\\s+` does)
    costs more than reading them."""
    if _MARKUP.search(text):
        return clean_text(text)
    text = _ODD_SPACE.sub(" ", text.replace("\u00a0", " ")).strip()
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text) if _SPACE_BEFORE_PUNCT.search(text) else text


def decode_entities(text: str) -> str:
    """'&amp;' -> '&', '&#8211;' -> '–'; a bare '&' (as in 'AT&T') stays."""
    if "&" not in text:
        return text.replace("\u00a0", " ")
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text).replace("\u00a0", " ")
