"""The metadata file of an article: articles/<id>.yaml.

In: the YAML file beside the article text. Out: `ArticleMeta` (title, where the
page came from, its license, who to credit, when it was retrieved and the
latest events its text covers), validated by one schema: every problem is
reported as `file:line: key: expected ..., found ...; did you mean ...`, unknown
keys included. Nothing here is guessed from the article text.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.errors import ArticleError, LessonError
from generator.spec.validation import messages_for
from generator.spec.yamlfile import format_path, load_yaml
from generator.text.clean import month_year

# The licenses a teacher may print from, with the deed each points to.
LICENSES: dict[str, str] = {
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC BY-SA 3.0": "https://creativecommons.org/licenses/by-sa/3.0/",
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC BY 3.0": "https://creativecommons.org/licenses/by/3.0/",
    "Public domain": "",
    "Used with permission": "",
}
_DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
# Keys of the earlier metadata format, and where their content goes now.
_RENAMED = {
    "source_url": "url",
    "text_reflects": "covers_to (the latest events the text covers) and retrieved (when it was copied)",
    "source_title": "title",
    "publisher": "attribution",
    "derived_from": "attribution",
    "licence": "license",
}


def license_names() -> str:
    return ", ".join(LICENSES)


def canonical_license(value: str) -> str | None:
    """'cc-by-sa-4.0', 'CC BY-SA 4.0', 'public domain' -> the name in LICENSES."""
    key = re.sub(r"[\s_-]+", "", value).lower()
    for name in LICENSES:
        if re.sub(r"[\s_-]+", "", name).lower() == key:
            return name
    return None


def partial_date(value: Any) -> str:
    """A year, year-month or date written as YAML gives it (2023, '2024-04', 2024-04-27)."""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if not _DATE.match(text):
        raise ValueError(
            f"expected a year, a year and month or a date such as 2023, 2024-04 or 2024-04-27, "
            f"found {value!r}"
        )
    return text


class ArticleMeta(BaseModel):
    """articles/<id>.yaml: one line of description per key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, description="The article's title, printed in every footer.")
    url: str | None = Field(None, description="The address of the page the text was copied from.")
    license: str = Field(description=f"The page's license: one of {license_names()}.")
    license_url: str | None = Field(None, description="The license's deed; filled in for known licenses.")
    attribution: str | None = Field(
        None, description="Who to credit: author or publisher, e.g. 'Kiddle Encyclopedia, from Wikipedia'."
    )
    retrieved: str = Field(description="When the page was copied: 2024-04-27, 2024-04 or 2024.")
    covers_to: str = Field(description="The latest events its text describes: 2023, 2023-09, ...")

    @field_validator("license", mode="before")
    @classmethod
    def _known_license(cls, value: Any) -> str:
        name = canonical_license(str(value)) if isinstance(value, str) else None
        if name is None:
            raise ValueError(
                f"expected one of {license_names()}, found {value!r}; a page under another "
                f"license cannot be printed for a class"
            )
        return name

    @field_validator("retrieved", "covers_to", mode="before")
    @classmethod
    def _date(cls, value: Any) -> str:
        return partial_date(value)

    @property
    def deed(self) -> str:
        return self.license_url or LICENSES.get(self.license, "")

    @property
    def attribution_line(self) -> str:
        """“Title”, credit (url). License: name (deed)."""
        credit = f", {self.attribution}" if self.attribution else ""
        where = f" ({self.url})" if self.url else ""
        deed = f" ({self.deed})" if self.deed else ""
        return f"Adapted from \u201c{self.title}\u201d{credit}{where}. License: {self.license}{deed}."

    @property
    def covers_to_text(self) -> str:
        """'2023', 'September 2023', '27 September 2023'."""
        year, _, rest = self.covers_to.partition("-")
        month, _, day = rest.partition("-")
        shown = month_year(f"{year}-{month}") if month else year
        return f"{int(day)} {shown}" if day else shown

    @property
    def retrieved_text(self) -> str:
        year, _, rest = self.retrieved.partition("-")
        month, _, day = rest.partition("-")
        shown = month_year(f"{year}-{month}") if month else year
        return f"{int(day)} {shown}" if day else shown

    @property
    def present(self) -> tuple[int, int]:
        """What "present" means in the text's "2022–present": the end of what it covers."""
        year, _, rest = self.covers_to.partition("-")
        month = rest.partition("-")[0]
        return int(year), int(month) if month else 12


def load_metadata(path: Path) -> ArticleMeta:
    """Validate articles/<id>.yaml; raise ArticleError with every problem, file:line first."""
    try:
        data, lines = load_yaml(path)
    except LessonError as exc:  # includes an impossible date such as 2024-04-31, at its line
        raise ArticleError("\n".join(exc.messages)) from None
    if not isinstance(data, dict):
        raise ArticleError(
            f"{path}:1: (top level): expected a mapping of keys to values (title: ..., license: ...), "
            f"found {type(data).__name__}"
        )
    messages = []
    renamed = {k: v for k, v in data.items() if k in _RENAMED}
    for key in renamed:
        messages.append(
            f"{path}:{lines.line((key,))}: {format_path((key,))}: expected the keys "
            f"{', '.join(ArticleMeta.model_fields)}, found the old key '{key}'; "
            f"its content goes in {_RENAMED[key]}"
        )
    rest = {k: v for k, v in data.items() if k not in _RENAMED}
    try:
        meta = ArticleMeta.model_validate(rest)
    except ValidationError as exc:
        messages += messages_for(exc, ArticleMeta, rest, lines, path)
        meta = None
    if meta is not None and meta.covers_to > meta.retrieved:
        messages.append(
            f"{path}:{lines.line(('covers_to',))}: covers_to: expected a date no later than "
            f"retrieved ({meta.retrieved}), found {meta.covers_to}; a page cannot describe events "
            f"after it was copied"
        )
    if meta is not None and meta.license.startswith("CC") and not meta.url:
        messages.append(
            f"{path}:{lines.line(())}: url: expected the page's address, found nothing; "
            f"{meta.license} asks for a link to the source"
        )
    if messages or meta is None:
        raise ArticleError("\n".join(messages))
    return meta
