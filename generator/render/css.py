"""Values placed into CSS by the templates, written so they can only ever be a value.

In: a validated value (a font family, a number). Out: CSS text: a quoted string
in which every character but letters, digits, spaces and hyphens is a CSS
escape, or a plain decimal number. A value can never close the string or the
declaration it sits in, whatever the validation upstream let through.
"""

from __future__ import annotations

import math
import re

_SAFE = re.compile(r"[A-Za-z0-9 \-]")


def css_string(value: object) -> str:
    """'Andika' -> '"Andika"'; a quote, semicolon or backslash becomes a hex escape."""
    text = str(value)
    return '"' + "".join(ch if _SAFE.fullmatch(ch) else f"\\{ord(ch):x} " for ch in text) + '"'


def css_number(value: object) -> str:
    """A finite number as CSS text (12.5 -> '12.5'); anything else is refused."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"expected a finite number for CSS, found {value!r}")
    return f"{value:g}"
