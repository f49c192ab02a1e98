"""Which characters of a text the installed print fonts cannot show.

In: the characters of an article. Out: for each character some font lacks, the
fonts that lack it (Andika and DejaVu Serif set the passages, DejaVu Sans is
the fallback the templates name). Fonts are found with fontconfig (`fc-match`)
and read with fontTools, once per process.
"""

from __future__ import annotations

import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache

from fontTools.ttLib import TTFont

FAMILIES = ("Andika", "DejaVu Serif", "DejaVu Sans")


@dataclass(frozen=True)
class Gap:
    char: str
    missing_from: tuple[str, ...]  # font families that lack it

    @property
    def everywhere(self) -> bool:
        """Missing from every font the templates name: it prints in another font or as a box."""
        return len(self.missing_from) == len(FAMILIES)

    def describe(self) -> str:
        name = unicodedata.name(self.char, "unnamed")
        return f"U+{ord(self.char):04X} {self.char} ({name.lower()})"


@cache
def _coverage(family: str) -> frozenset[int] | None:
    """The code points of `family`, or None when fontconfig does not have it."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}\n%{file}", family], capture_output=True, text=True, check=True
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return None
    if len(found) < 2 or family.lower() not in found[0].lower():
        return None  # fontconfig substituted another font
    font = TTFont(found[1], lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def gaps(text: str) -> list[Gap]:
    out = []
    for char in sorted(set(text)):
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        lacking = tuple(f for f in FAMILIES if (cover := _coverage(f)) is None or ord(char) not in cover)
        if lacking:
            out.append(Gap(char, lacking))
    return out
