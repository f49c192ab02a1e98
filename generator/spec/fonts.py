"""The font families installed on this machine, which are the only ones a level may name.

In: nothing (asks fontconfig once, `fc-list : family`). Out: the set of family
names. A level's `typography.font` reaches the documents' CSS, so it must be
one of these, never free text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

# Whatever fontconfig says, a family name that reaches CSS is letters, digits,
# spaces and hyphens only: no quote, semicolon, parenthesis or backslash.
FAMILY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,63}")


@cache
def installed_families() -> frozenset[str]:
    """Every installed family name fontconfig lists (each alias of a face counts)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    try:
        listing = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names = {name.strip() for line in listing.splitlines() for name in line.split(",")}
    return frozenset(n for n in names if FAMILY_PATTERN.fullmatch(n))
