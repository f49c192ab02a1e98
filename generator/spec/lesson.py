"""Load and validate lesson definitions.

In: lessons/<id>.yaml (and the lesson it `extends`, if any), the articles they
name and the levels. Out: a `Lesson` with every reference resolved: its
article, its section references checked against that article, and its own
settings for each level (levels.yaml with the lesson's overrides).

All errors of a file are collected and raised together as one `LessonError`,
each as `file:line: key.path: expected ..., found ...`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from generator.errors import ArticleError, LessonError
from generator.sources.article import Article, Section, read_article
from generator.spec.collect import Located, Origins, in_file_order, level_name_problems, validate_data
from generator.spec.documents import DocumentChoice, DocumentKind, choose_documents, default_documents
from generator.spec.files import lesson_paths
from generator.spec.ids import OutsideError, check_id, id_problem, inside
from generator.spec.levels import Grades, Level, Levels, deep_merge, grade_span
from generator.spec.schema import AllowEntry, EventSpec, Generated, Question, TeacherNotes
from generator.spec.validation import did_you_mean, messages_for
from generator.spec.yamlfile import KeyPath, LineMap, describe, format_path, load_yaml


class SectionRef(BaseModel):
    """An article section the lesson reads, whole or a paragraph range of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    section: str = Field(
        description="Id of an article section (`python -m generator sections articles/<id>.txt`).",
        examples=["first-nagorno-karabakh-war-1988-1994"],
    )
    paragraphs: tuple[int, int] | None = Field(
        None,
        description="A paragraph or a range of that section, e.g. 2 or '2-3'; all if omitted.",
        examples=["2-3"],
    )

    @field_validator("section", mode="before")
    @classmethod
    def _section_id(cls, value: Any) -> str:
        return check_id(value, "a section id")

    @field_validator("paragraphs", mode="before")
    @classmethod
    def _range(cls, value: Any) -> Any:
        if value is None or isinstance(value, list | tuple):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return (value, value)
        if isinstance(value, str):
            low, sep, high = value.partition("-")
            if low.strip().isdigit() and (not sep or high.strip().isdigit()):
                return (int(low), int(high if sep else low))
        raise ValueError(f"expected a paragraph number or a range like '2-3', found {describe(value)}")


PartOfSpeech = Literal["noun", "proper noun", "verb", "adjective", "adverb", "phrase"]


class GlossaryEntry(BaseModel):
    """A word the lesson explains, with a definition for each level whose passage uses it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    term: str = Field(
        min_length=1, description="The word or phrase as students meet it.", examples=["ceasefire"]
    )
    part_of_speech: PartOfSpeech = Field(description="Its part of speech.", examples=["noun"])
    definitions: dict[str, str] = Field(
        min_length=1,
        description="A definition per level id; plain and concrete at the youngest level. "
        "The term must appear in the passage of each level it is defined for.",
        examples=[{"middle": "an agreement between two sides in a war to stop fighting"}],
    )
    note: str | None = Field(
        None,
        description="A note for the teacher guide, e.g. the other side's name for a place.",
        examples=["The ceasefire that ended the first war was signed in Bishkek in May 1994."],
    )
    draft: bool = Field(
        False,
        description="Written by `new-lesson` from the WordNet dictionary: the build warns until "
        "you rewrite the definitions for your grades and delete this line.",
        examples=[True],
    )

    def definition_for(self, level_id: str, order: Sequence[str]) -> str:
        """The definition for `level_id`, else the one of the nearest level in `order`
        (youngest first, the source text last, so it takes the most advanced)."""
        if level_id in self.definitions:
            return self.definitions[level_id]
        rank = {lv: i for i, lv in enumerate(order)}
        here = rank.get(level_id, len(rank))
        nearest = min(self.definitions, key=lambda lv: (abs(rank.get(lv, 0) - here), -rank.get(lv, 0)))
        return self.definitions[nearest]


class LessonSpec(BaseModel):
    """The schema of a lesson file; every key a lesson may use is declared here."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(
        min_length=1,
        description="Lesson title, printed on every page.",
        examples=["The First Nagorno-Karabakh War (1988–1994)"],
    )
    article: str = Field(
        description="Article id: the file articles/<id>.txt.", examples=["nagorno-karabakh-conflict"]
    )
    grades: Grades = Field(
        description="Grades the lesson suits, e.g. '4-12' or [6, 7, 8]; it is built at every "
        "level whose grades meet these, and at the source level.",
        examples=["6-8"],
    )
    sections: list[SectionRef] = Field(
        min_length=1,
        description="Article sections the lesson reads, in reading order: an id (a parent "
        "brings its children), or `{section: id, paragraphs: 2-3}`.",
        examples=[["first-nagorno-karabakh-war-1988-1994", {"section": "background", "paragraphs": "2-3"}]],
    )
    objectives: list[str] = Field(
        min_length=1,
        description="What students will be able to do; printed on the teacher copy, guide and pack covers.",
        examples=[["Explain how a vote in 1988 led to a war between Armenia and Azerbaijan."]],
    )
    documents: list[DocumentKind] = Field(
        [],
        description="Documents to build, each with its key or teacher copy. If omitted: every "
        "kind the lesson has content for (the handout always; vocabulary with a glossary, "
        "timeline with events, questions with questions, teacher-guide with teacher notes).",
        examples=[["handout", "vocabulary", "timeline", "questions", "teacher-guide"]],
        json_schema_extra={"x-default": "every kind the lesson has content for"},
    )
    glossary: list[GlossaryEntry] = Field([], description="Words the lesson explains.")
    puzzle: Literal["none", "word_search"] = Field(
        "none", description="A puzzle on the vocabulary sheet made from its terms.", examples=["word_search"]
    )
    questions: dict[str, list[Question]] = Field(
        {},
        description="Comprehension questions per level id, each with its answer and its evidence "
        "in that level's passage.",
    )
    events: list[EventSpec] = Field(
        [],
        description="Timeline events, each dated as the passage dates it; without them the "
        "timeline uses the dates the passage gives (`python -m generator events LESSON`).",
    )
    generated: Generated = Field(
        Generated(), description="Generated question items (0 turns one off).", examples=[{"cloze": 0}]
    )
    teacher: TeacherNotes | None = Field(None, description="Notes for the teacher guide.")
    extends: str | None = Field(
        None,
        description="Id of a lesson this one customizes: its settings are inherited, mappings "
        "merge key by key and lists replace the parent's.",
        examples=["second-war"],
    )
    allow: list[AllowEntry] = Field(
        [],
        description="Names, numbers and dates printed though the cited sections lack them (`audit`).",
    )
    levels: dict[str, dict[str, Any]] = Field(
        {},
        description="Per-level overrides of lessons/levels.yaml settings for this lesson.",
        examples=[{"elementary": {"exercises": {"vocabulary_terms": 4, "word_bank": False}}}],
    )

    def gloss_for(self, word: str) -> GlossaryEntry | None:
        """The glossary entry for `word` or an inflected form of it ("enclaves" -> "enclave")."""
        word = word.lower()
        for entry in self.glossary:
            term = entry.term.lower()
            if word == term or (word.startswith(term[:-1]) and 0 <= len(word) - len(term) <= 3):
                return entry
        return None

    @model_validator(mode="before")
    @classmethod
    def _default_documents(cls, data: Any) -> Any:
        # Without `documents:`, every kind the lesson has content for: nothing written is
        # silently left unprinted.
        if isinstance(data, dict) and "documents" not in data:
            return {**data, "documents": list(default_documents(data))}
        return data

    @field_validator("article", "extends", mode="before")
    @classmethod
    def _ids_only(cls, value: Any) -> Any:
        # An id names a file inside articles/ or lessons/, never a path.
        return value if value is None else check_id(value, "an id")

    @field_validator("sections", mode="before")
    @classmethod
    def _section_shorthand(cls, value: Any) -> Any:
        # A bare id is shorthand for the whole section.
        if isinstance(value, list):
            return [{"section": v} if isinstance(v, str) else v for v in value]
        return value


@dataclass(frozen=True)
class SectionPart:
    """A resolved section reference: the section and the paragraphs taken from it."""

    section: Section
    first: int  # 1-based, inclusive
    last: int

    @property
    def paragraphs(self) -> list[str]:
        return self.section.paragraphs[self.first - 1 : self.last]


@dataclass(frozen=True)
class Lesson:
    id: str
    path: Path
    spec: LessonSpec
    article: Article
    parts: tuple[SectionPart, ...]
    levels: dict[str, Level]  # this lesson's settings per level id
    passage_dirs: tuple[Path, ...]  # where leveled texts are looked for, own folder first
    own_keys: frozenset[str]  # keys written in the lesson's own file, not inherited
    # Every file and folder the lesson was read from (its YAML and the files it extends,
    # the article, the passage folders): the incremental build keys the lesson on these.
    inputs: tuple[Path, ...] = ()
    # Lines of the lesson's own file and where each kept item sits in it, so checks that
    # run after loading (evidence, glossary, events) name the file, line and item.
    located: Located | None = None
    documents: tuple[DocumentChoice, ...] = ()  # each kind: built or why not

    def states(self, key: str) -> bool:
        """Whether the lesson's own file sets `key` (a custom lesson inherits the rest)."""
        return key in self.own_keys

    def where(self, spec_path: KeyPath) -> str:
        """`file:line: key.path` of an item of the spec (items counted from 1)."""
        located = self.located or Located(self.path)
        return located.where(spec_path)

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def level_order(self) -> tuple[str, ...]:
        """Level ids from the youngest readers to the source text."""
        return tuple(self.levels)

    def levels_for_grade(self, grade: int) -> list[Level]:
        return [lv for lv in self.levels.values() if lv.grades and grade in lv.grades]

    def covered_levels(self) -> list[Level]:
        """Levels whose grades meet the lesson's grades, plus the source text."""
        wanted = set(self.spec.grades)
        return [lv for lv in self.levels.values() if lv.is_source or wanted & set(lv.grades or ())]

    def grades_text(self) -> str:
        return grade_span(self.spec.grades)


def load_lesson(path: Path, levels: Levels, articles_dir: Path) -> Lesson:
    """The validated lesson; a `LessonError` with every problem of the file otherwise."""
    lesson, errors = read_lesson(path, levels, articles_dir)
    if errors or lesson is None:
        raise LessonError(errors)
    return lesson


def read_lesson(path: Path, levels: Levels, articles_dir: Path) -> tuple[Lesson | None, list[str]]:
    """Every problem of a lesson file, in file order, and the lesson made of its good
    parts so later checks can report theirs in the same run (None when too broken)."""
    problem = id_problem(path.stem, "a lesson file name")
    if problem:
        return None, [f"{path}:1: (file name): {problem}; rename the file"]
    try:
        _inside(path, path.parent, "lesson file", path, 1)
        data, lines, own_keys, chain = _load_with_parents(path)
    except LessonError as exc:
        return None, exc.messages
    spec, origins, errors = validate_data(data, lines, path)
    errors += level_name_problems(data, lines, path, levels)
    if spec is None:
        return None, in_file_order(errors, path)
    if "teacher-guide" in spec.documents and spec.teacher is None and data.get("teacher") is None:
        errors.append(
            f"{path}:{lines.line(('documents',))}: documents: expected 'teacher:' notes "
            "(sensitive_content, names) for the teacher guide listed in documents, found none; "
            "add them or remove teacher-guide"
        )
    article = _load_article(spec, lines, path, articles_dir, errors)
    parts = _resolve_sections(spec, article, lines, origins, path, errors) if article else ()
    lesson_levels = _resolve_levels(spec, levels, lines, path, errors)
    if article is None:  # a missing article is one of the errors
        return None, in_file_order(errors, path)
    dirs = [path.parent / path.stem]
    if spec.extends:
        dirs.append(path.parent / spec.extends)
    article_path = articles_dir / f"{spec.article}.txt"
    inputs = (*chain, article_path, article_path.with_suffix(".yaml"), *dirs)
    documents = choose_documents(data, tuple(spec.documents))
    lesson = Lesson(
        path.stem,
        path,
        spec,
        article,
        parts,
        lesson_levels,
        tuple(dirs),
        own_keys,
        inputs,
        Located(path, lines, origins),
        documents,
    )
    return lesson, in_file_order(errors, path)


def _load_with_parents(
    path: Path, seen: tuple[Path, ...] = ()
) -> tuple[dict[str, Any], LineMap, frozenset[str], tuple[Path, ...]]:
    """The lesson's data merged over the lesson it extends (mappings merge, lists replace),
    its line map, the keys its own file sets, and the files read (own file first)."""
    data, lines = load_yaml(path)
    if not isinstance(data, dict):
        raise LessonError([f"{path}:1: (top level): expected a mapping of keys, found {describe(data)}"])
    parent_id = data.get("extends")
    if parent_id is None:
        return data, lines, frozenset(data), (path,)
    problem = id_problem(parent_id, "the id of a lesson")
    if problem:
        raise LessonError([f"{path}:{lines.line(('extends',))}: extends: {problem}"])
    parent_path = path.parent / f"{parent_id}.yaml"
    _inside(parent_path, path.parent, "lesson file", path, lines.line(("extends",)))
    if not isinstance(parent_id, str) or not parent_path.exists():
        known = [p.stem for p in lesson_paths(path.parent) if p != path]
        raise LessonError(
            [
                f"{path}:{lines.line(('extends',))}: extends: expected the id of a lesson in "
                f"{path.parent}, found {describe(parent_id)}" + did_you_mean(str(parent_id), known)
            ]
        )
    if parent_path in (*seen, path):
        raise LessonError(
            [
                f"{path}:{lines.line(('extends',))}: extends: expected a chain of "
                f"lessons, found a loop back to '{parent_id}'"
            ]
        )
    parent, _, _, chain = _load_with_parents(parent_path, (*seen, path))
    # The child's own settings win; what it inherits is checked against the parent's file.
    parent.pop("extends", None)
    return deep_merge(parent, data), lines, frozenset(data), (path, *chain)


def _load_article(
    spec: LessonSpec, lines: LineMap, path: Path, articles_dir: Path, errors: list[str]
) -> Article | None:
    article_path = articles_dir / f"{spec.article}.txt"
    for file in (article_path, article_path.with_suffix(".yaml")):
        if file.exists() or file.is_symlink():
            try:
                _inside(file, articles_dir, "article file", path, lines.line(("article",)))
            except LessonError as exc:
                errors += exc.messages
                return None
    if not article_path.exists():
        known = sorted(p.stem for p in articles_dir.glob("*.txt"))
        errors.append(
            f"{path}:{lines.line(('article',))}: article: expected one of {', '.join(known)}, "
            f"found '{spec.article}'" + did_you_mean(spec.article, known)
        )
        return None
    try:
        return read_article(article_path)
    except ArticleError as exc:
        errors.append(f"{path}:{lines.line(('article',))}: article: {exc}")
        return None
    except Exception as exc:  # noqa: BLE001 - a broken article or metadata file is this lesson's error
        first_line = (str(exc).strip().splitlines() or [""])[0][:160]
        errors.append(
            f"{path}:{lines.line(('article',))}: article: {article_path} or "
            f"{article_path.with_suffix('.yaml')} could not be read ({type(exc).__name__}: "
            f"{first_line}); fix or restore the article's files"
        )
        return None


def _inside(file: Path, root: Path, what: str, lesson: Path, line: int) -> None:
    """A LessonError at the lesson's line unless `file` (symlinks followed) stays in `root`."""
    try:
        inside(file, root, what)
    except OutsideError as exc:
        raise LessonError([f"{lesson}:{line}: {exc}"]) from None


def _resolve_sections(
    spec: LessonSpec, article: Article, lines: LineMap, origins: Origins, path: Path, errors: list[str]
) -> tuple[SectionPart, ...]:
    parts = []
    for i, ref in enumerate(spec.sections):
        where: KeyPath = origins.in_file(("sections", i))
        try:
            section = article.section(ref.section)
        except KeyError:
            errors.append(
                f"{path}:{lines.line(where)}: {format_path(where)}: no section '{ref.section}' in "
                f"{article.path}"
                + (
                    did_you_mean(ref.section, article.section_ids)
                    or "; run 'python -m generator sections' to list them"
                )
            )
            continue
        for child_id in [section.id, *section.children]:
            child = article.section(child_id)
            if not child.paragraphs:
                continue
            first, last = ref.paragraphs or (1, len(child.paragraphs))
            if not 1 <= first <= last <= len(child.paragraphs):
                errors.append(
                    f"{path}:{lines.line((*where, 'paragraphs'))}: {format_path(where)}.paragraphs: "
                    f"expected a range within 1-{len(child.paragraphs)} (section '{child.id}' has "
                    f"{len(child.paragraphs)} paragraphs), found {first}-{last}"
                )
                break
            parts.append(SectionPart(child, first, last))
    used = {p.section.id for p in parts}
    for part in parts:
        original = part.section.duplicate_of
        if original in used:
            errors.append(
                f"{path}:{lines.line(('sections',))}: sections: expected each text once, found "
                f"'{part.section.id}', which repeats '{original}' word for word; remove one"
            )
    return tuple(parts)


def _resolve_levels(
    spec: LessonSpec, levels: Levels, lines: LineMap, path: Path, errors: list[str]
) -> dict[str, Level]:
    resolved = {}
    for level in levels.ordered():
        override = spec.levels.get(level.id)
        if not override:
            resolved[level.id] = level
            continue
        raw = deep_merge(levels.raw[level.id], {**override, "id": level.id})
        try:
            resolved[level.id] = Level.model_validate(raw)
        except ValidationError as exc:
            errors += messages_for(exc, Level, raw, lines, path, prefix=("levels", level.id))
            resolved[level.id] = level  # reported; the rest of the lesson is still checked
    return resolved
