"""Letters no installed font can print, found before a page is rendered.

In: a composed document (every text value it holds) and the font family its
level asks for. Out: the characters that would print as empty boxes, and for
each the input file and line it came from, as messages for the lesson.

A character prints when the level's font has it, or the fallback the
stylesheet names after it (DejaVu Sans), or, through fontconfig's fallback,
any installed font. Fonts are found with `fc-match` and read with fontTools
(WeasyPrint's own dependency) once per family and process; characters outside
both are looked up with `fc-list :charset=...`, once per character.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import GeneratorError

if TYPE_CHECKING:
    from generator.build.plan import RenderJob

Problems = dict[str, dict[str, str]]  # lesson id -> (character or font) -> message

FALLBACK = "DejaVu Sans"  # after the level's font in layouts/base.html and print.css
_IGNORABLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # spacing and format characters, never drawn


class MissingFont(GeneratorError):
    """Raised when the font family a level asks for is not installed."""


def _escaped(family: str) -> str:
    return re.sub(r"([-:,\\])", r"\\\1", family)  # fontconfig's pattern syntax


@cache
def family_chars(family: str) -> frozenset[int]:
    """The code points the installed `family` (its regular face) has glyphs for.
    Raises MissingFont when it is not installed or cannot be read."""
    from fontTools.ttLib import TTFont

    found = _fontconfig(["fc-match", "-f", "%{family}\n%{file}\n%{index}", _escaped(family)]).split("\n")
    names = [n.strip().lower() for n in found[0].split(",")]
    if len(found) < 3 or family.lower() not in names:
        offered = found[0] or "nothing"
        raise MissingFont(
            f"the level's font '{family}' is not installed (fontconfig offers {offered} instead), "
            "so its pages would print in another font; install it (Andika: Debian fonts-sil-andika) "
            "or name an installed family in typography.font of levels.yaml"
        )
    try:
        font = TTFont(found[1], fontNumber=int(found[2]) if found[2].isdigit() else 0, lazy=True)
        try:
            return frozenset(font.getBestCmap() or {})
        finally:
            font.close()
    except Exception as exc:  # a damaged font file: fontTools raises many kinds
        raise MissingFont(
            f"the font file {found[1]} of '{family}' cannot be read ({type(exc).__name__}: {exc}); "
            "reinstall the font's package"
        ) from None


@cache
def _known(family: str | None) -> frozenset[int]:
    return family_chars(FALLBACK) | (family_chars(family) if family else frozenset())


@cache
def any_font_has(char: str) -> bool:
    """Whether fontconfig knows an installed font with a glyph for `char`."""
    return bool(_fontconfig(["fc-list", f":charset={ord(char):x}", "family"]).strip())


def _fontconfig(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise MissingFont(
            f"{command[0]} (Debian package fontconfig) is needed to find fonts and did not answer "
            f"({exc}); 'make' installs it"
        ) from None


def texts(value: object) -> Iterator[str]:
    """Every string a document value holds, through dataclasses, sequences and mappings."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from texts(getattr(value, item.name))
    elif isinstance(fields := getattr(type(value), "model_fields", None), dict):  # pydantic (a level)
        for name in fields:
            yield from texts(getattr(value, name))
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(key)
            yield from texts(item)


def _drawn(char: str) -> bool:
    if ord(char) < 0x80 or unicodedata.category(char) in _IGNORABLE:
        return False
    return not (0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF)  # variation selectors


def unprintable(strings: Iterable[str], family: str | None) -> list[str]:
    """The characters of `strings` that no installed font has, sorted.
    Raises MissingFont when `family` is not installed."""
    known = _known(family)  # first: a missing font is an error even for plain ASCII text
    chars: set[str] = set()
    for text in strings:
        chars.update(text)  # each distinct character once, before the per-character test
    wanted = {c for c in chars if _drawn(c)}
    return sorted(c for c in wanted if ord(c) not in known and not any_font_has(c))


def describe(char: str) -> str:
    """'📚' (U+1F4DA BOOKS)."""
    return f"'{char}' (U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')})"


def suggestion(char: str) -> str:
    name = unicodedata.name(char, "")
    if unicodedata.category(char) == "So" or 0x1F000 <= ord(char) <= 0x1FAFF:
        return "remove it or say it in words (printed pages have no emoji font)"
    script = name.split()[0] if name else "its"
    return (
        f"write the word in Latin letters, or install a font with {script} letters "
        "(Debian: fonts-noto-cjk for Chinese, Japanese and Korean, fonts-noto-core for most "
        "other scripts), add it to DEB_PACKAGES in the Makefile and build again"
    )


def where(char: str, files: Iterable[Path]) -> str | None:
    """'file:line' of the first input file that holds `char`, if one does."""
    for path in files:
        candidates = sorted(path.glob("*.md")) if path.is_dir() else [path]
        for candidate in candidates:
            try:
                lines = candidate.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for number, line in enumerate(lines, 1):
                if char in line:
                    return f"{candidate}:{number}"
    return None


def screen(
    jobs: list[RenderJob], inputs: dict[str, tuple[Path, ...]], output: Path
) -> tuple[list[RenderJob], Problems]:
    """The jobs whose text every font can print, and a message per lesson and character
    for the others (which are not rendered: they would print empty boxes).
    `inputs`: per lesson id, the files its text comes from (to name file and line)."""
    kept: list[RenderJob] = []
    problems: Problems = {}
    for job in jobs:
        out = job.output
        target = job.target or output / out.lesson_id / out.level_id / f"{out.kind}.pdf"
        typography = getattr(job.document, "typography", None)
        family = getattr(typography, "font", None)
        try:
            missing = unprintable(texts(job.document), family if isinstance(family, str) else None)
        except MissingFont as exc:
            problems.setdefault(out.lesson_id, {}).setdefault(f"font {family}", f"{target}: {exc}")
            continue
        for char in missing:
            files = inputs.get(out.lesson_id, ())
            source = where(char, files) or (str(files[0]) if files else out.lesson_id)
            problems.setdefault(out.lesson_id, {}).setdefault(
                char,
                f"{source}: {describe(char)} is in no installed font, so it would print as an "
                f"empty box in {target}; {suggestion(char)}",
            )
        if not missing:
            kept.append(job)
    return kept, problems
