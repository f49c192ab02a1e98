"""What every export format returns and the options the command passes it.

In: nothing (plain values). Out: `Output` (a file's name, bytes, a one-line
summary and the checks it passed before it was written) and `ExportOptions`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Literal

from generator.errors import GeneratorError

Flip = Literal["long", "short"]
FLIPS: tuple[Flip, ...] = ("long", "short")
# Zip entries carry this date so the same inputs give the same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class ExportError(GeneratorError):
    """Raised when an export cannot be made, or does not validate or read back as written."""


@dataclass(frozen=True)
class Output:
    name: str  # file name inside <out>/<lesson>/<level>/
    data: bytes
    summary: str  # "QTI 1.2 package: the passage and 12 questions"
    checks: tuple[str, ...] = ()  # what was validated before writing


@dataclass(frozen=True)
class ExportOptions:
    paper: Literal["letter", "a4"] = "letter"
    students: int = 30  # bingo cards
    free_centre: bool = True  # bingo: a free square in the middle of odd-sized cards
    seed: int = 0  # bingo: another number deals another set of cards
    flips: tuple[Flip, ...] = FLIPS  # flashcards: one file per duplex flip


def stable_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of `entries` in order, with fixed dates: same entries, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def restamp_zip(data: bytes) -> bytes:
    """The same archive with fixed entry dates (python-docx stamps the time of writing)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return stable_zip(entries)
