"""Pages of exact shapes and lines of text, the common form of the printed class sets.

In: nothing (values), plus font names for measuring. Out: `Page` values (sizes
and items in PDF points, origin at the bottom left) made of `Text`, `Rule`,
`Box` and `Mark` items, and the helpers that lay text out: registering the
level's fonts with ReportLab and wrapping words (bold where marked) into lines
that fit a width. flashcards.py and bingo.py compose pages; pdfdraw.py draws
them with ReportLab, and the benchmark draws the same pages through WeasyPrint.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from typing import Literal

from generator.errors import GeneratorError

PAPERS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    font: str  # a registered ReportLab font name
    size: float
    anchor: Anchor = "start"
    grey: float = 0.0  # 0 black .. 1 white


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    dash: tuple[float, ...] = ()
    grey: float = 0.0


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    width: float = 0.75
    fill: float | None = None  # a grey level, or no fill


@dataclass(frozen=True)
class Mark:
    """The duplex alignment mark: a ring with a cross through its centre."""

    x: float
    y: float
    r: float = 7.0


Item = Text | Rule | Box | Mark


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    items: tuple[Item, ...]

    def texts(self) -> list[Text]:
        return [i for i in self.items if isinstance(i, Text)]


@dataclass(frozen=True)
class Fonts:
    """ReportLab names of the level's regular and bold faces."""

    regular: str
    bold: str


# --- fonts --------------------------------------------------------------------------------


@cache
def fonts_for(family: str) -> Fonts:
    """Register the installed `family` (regular and bold) with ReportLab, found by fontconfig."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = []
    for style in ("regular", "bold"):
        path = _font_file(family, style)
        name = f"{family}-{style}"
        pdfmetrics.registerFont(TTFont(name, path))
        names.append(name)
    return Fonts(*names)


def _font_file(family: str, style: str) -> str:
    if shutil.which("fc-match") is None:
        raise GeneratorError(
            "fc-match (Debian package fontconfig) is needed to find fonts for the class sets; "
            "'make' installs it"
        )
    pattern = family if style == "regular" else f"{family}:bold"
    found = subprocess.run(
        ["fc-match", "-f", "%{family}\n%{style}\n%{file}", pattern],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    families = [f.strip().lower() for f in found[0].split(",")]
    if family.lower() not in families or not found[2].lower().endswith((".ttf", ".otf")):
        raise GeneratorError(
            f"the level's font '{family}' is not installed (fontconfig offers '{found[0]}' instead); "
            f"install it (Andika: Debian fonts-sil-andika; DejaVu: fonts-dejavu-core) or run 'make'"
        )
    if style == "bold" and "bold" not in found[1].lower():
        raise GeneratorError(f"the level's font '{family}' has no bold face installed")
    return found[2]


def width_of(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


# --- laying out text ----------------------------------------------------------------------

Segment = tuple[str, bool]  # text, bold


def wrap(segments: list[Segment], fonts: Fonts, size: float, width: float) -> list[list[Segment]]:
    """Greedy line breaking of words; a bold run stays bold across lines."""
    words: list[Segment] = [(w, bold) for text, bold in segments for w in text.split()]
    lines: list[list[Segment]] = []
    line: list[Segment] = []
    used = 0.0
    space = width_of(" ", fonts.regular, size)
    for word, bold in words:
        w = width_of(word, fonts.bold if bold else fonts.regular, size)
        if line and used + space + w > width:
            lines.append(line)
            line, used = [], 0.0
        used += (space if line else 0.0) + w
        line.append((word, bold))
    if line:
        lines.append(line)
    return lines


def line_width(line: list[Segment], fonts: Fonts, size: float) -> float:
    space = width_of(" ", fonts.regular, size)
    return sum(width_of(w, fonts.bold if b else fonts.regular, size) for w, b in line) + space * (
        len(line) - 1
    )


def fit(
    segments: list[Segment], fonts: Fonts, width: float, height: float, largest: float, smallest: float
) -> tuple[float, list[list[Segment]]]:
    """The largest size (in half points) at which the text wraps into the box, and its lines."""
    size = largest
    while True:
        lines = wrap(segments, fonts, size, width)
        widest = max((line_width(ln, fonts, size) for ln in lines), default=0.0)
        if (len(lines) * size * 1.2 <= height and widest <= width) or size <= smallest:
            return size, lines
        size -= 0.5


def set_lines(
    lines: list[list[Segment]], fonts: Fonts, size: float, x: float, top: float, anchor: Anchor = "middle"
) -> list[Text]:
    """Text items for wrapped lines whose first baseline hangs from `top`; `x` is the anchor."""
    items: list[Text] = []
    leading = size * 1.2
    space = width_of(" ", fonts.regular, size)
    for n, line in enumerate(lines):
        y = top - size * 0.95 - n * leading
        total = line_width(line, fonts, size)
        left = {"start": x, "middle": x - total / 2, "end": x - total}[anchor]
        # Runs of the same weight become one text item each.
        runs: list[tuple[str, bool]] = []
        for word, bold in line:
            if runs and runs[-1][1] == bold:
                runs[-1] = (runs[-1][0] + " " + word, bold)
            else:
                runs.append((word, bold))
        for text, bold in runs:
            font = fonts.bold if bold else fonts.regular
            items.append(Text(left, y, text, font, size))
            left += width_of(text, font, size) + space
    return items
