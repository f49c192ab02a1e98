"""Site rules for the infobox of a plain-text page: the fact box above the lead.

In: the lines of the blocks before the lead. Out: `InfoboxFact`s (label and
values), whether the facts come one per line ("Date" / "20 February 1988 -
present") or flattened into one line ("Date 3 March 1901 Location ...").
"""

from __future__ import annotations

import re

from generator.sources.model import InfoboxFact
from generator.sources.repair import clean

# Infobox labels of the encyclopedias' conflict, place, water, person and animal boxes.
INFOBOX_LABELS = (
    "Date",
    "Location",
    "Status",
    "Result",
    "Territorial changes",
    "Belligerents",
    "Commanders and leaders",
    "Units involved",
    "Strength",
    "Casualties and losses",
    "Capital",
    "Population",
    "Area",
    "Government",
    "Born",
    "Died",
    "Nationality",
    "Occupation",
    "Known for",
    "Founded",
    "Official languages",
    "Type",
    "Surface elevation",
    "Max. depth",
    "Primary inflows",
    "Primary outflows",
    "Basin countries",
    "Length",
    "Opened",
    "Kingdom",
    "Family",
)
_LABEL_RE = re.compile(r"\b(" + "|".join(re.escape(label) for label in INFOBOX_LABELS) + r")(?=\s|$|:)")
_ICON_PREFIX = re.compile(r"^.*?\.(png|jpe?g|svg|gif)\s+", re.I)
_BULLET = re.compile(r"^\s*[•*·\-–]\s+")


def starts_with_label(line: str) -> bool:
    return bool(_LABEL_RE.match(line.strip()))


def is_infobox_block(lines: list[str]) -> bool:
    return any(
        _LABEL_RE.match(_BULLET.sub("", ln.strip())) or len(_LABEL_RE.findall(ln)) >= 3 for ln in lines
    )


def facts_from_lines(lines: list[str]) -> list[InfoboxFact]:
    facts: list[tuple[str, list[str]]] = []
    pending = ""  # a label split over two lines ("Territorial" / "changes")
    for raw in lines:
        line = _BULLET.sub("", raw.strip())
        if len(_LABEL_RE.findall(line)) >= 3:  # a flattened infobox: all facts on one line
            facts.extend(_facts_from_flat(line))
            continue
        candidate = f"{pending} {line}".strip() if pending else line
        match = _LABEL_RE.match(candidate)
        if match:
            pending = ""
            facts.append((match.group(1), []))
            rest = candidate[match.end() :].strip(" :\t")
            if rest:
                facts[-1][1].append(_value(rest))
        elif any(label.startswith(candidate + " ") for label in INFOBOX_LABELS):
            pending = candidate
        elif facts:
            facts[-1][1].append(_value(line))
    return [InfoboxFact(label, tuple(v for v in values if v)) for label, values in facts]


def _facts_from_flat(line: str) -> list[tuple[str, list[str]]]:
    matches = list(_LABEL_RE.finditer(line))
    facts = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = _value(line[match.end() : end].strip(" :;,"))
        facts.append((match.group(1), [value] if value else []))
    return facts


def _value(text: str) -> str:
    """A value without the icon file that precedes it ("Army Artsakh.jpg Artsakh ...")."""
    return clean(_ICON_PREFIX.sub("", text))
