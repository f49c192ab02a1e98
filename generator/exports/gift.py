"""Questions in GIFT, the plain-text format Moodle (and tools built on it) import.

In: a `Quiz`. Out: one UTF-8 text file: a $CATEGORY line, the passage as a
description (a question with no answer part), then every question with a
title, [html] text and its answer part: {=right ~wrong ####feedback} for
choices, {TRUE ####...} for true/false, {=word ####...} for short answer,
{####...} for an essay. GIFT's special characters (~ = # { } :) are escaped
with a backslash. GIFT has no grader information field, so an essay's model
answer and scoring guide follow its evidence in the general feedback, after a
"For the teacher:" line. Before it is returned the file is parsed back by this
module's reader and compared with what was written.
"""

from __future__ import annotations

import html
import re

from generator.exports.markup import paragraphs, passage_html, read_paragraphs, read_passage
from generator.exports.output import ExportError, Output
from generator.exports.quizitems import Choice, Quiz, QuizItem, differences

SPECIAL = "~=#{}:"
TEACHER = "For the teacher:"
_TITLE = re.compile(r"^(?:Question (?P<number>\d+)|Reading passage) \[(?P<ident>[^\]]+)\]$")
NOT_KEPT = ("lines",)  # GIFT essays have no box size


class GiftError(ExportError):
    """Raised when GIFT text does not parse into the items it should hold."""


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for ch in SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", "\\n")


def export_gift(quiz: Quiz) -> Output:
    text = gift_text(quiz)
    read = read_gift(text)
    problems = differences(quiz.items, read, ignore=NOT_KEPT)
    if problems:
        raise GiftError("GIFT does not read back as written: " + "; ".join(problems[:5]))
    return Output(
        "questions-gift.txt",
        text.encode("utf-8"),
        f"GIFT: the passage and {len(quiz.items) - 1} questions",
        (f"{len(read)} questions parsed back identical (GIFT grammar as Moodle documents it)",),
    )


def gift_text(quiz: Quiz) -> str:
    blocks = [
        f"// {quiz.title}\n// {quiz.attribution}\n$CATEGORY: $course$/top/{quiz.category}",
        *[_question(item) for item in quiz.items],
    ]
    return "\n\n".join(blocks) + "\n"


def _question(item: QuizItem) -> str:
    head = f"::{escape(f'{item.title} [{item.ident}]')}::[html]"
    if item.kind == "passage":
        return head + escape(paragraphs([item.prompt]) + passage_html(item.passage, item.credit))
    feedback = list(item.feedback)
    if item.kind == "choice":
        # Choices are in the question's [html] format; accepted answers are compared as typed.
        answers = " ".join(
            ("=" if c.correct else "~") + escape(html.escape(c.text, quote=False)) for c in item.choices
        )
    elif item.kind == "true_false":
        answers = "TRUE" if item.answer_true else "FALSE"
    elif item.kind == "short_answer":
        answers = " ".join("=" + escape(a) for a in item.accepted)
    else:
        answers = ""
        feedback += [TEACHER, *item.grader_info]
    general = "####" + escape(paragraphs(feedback)) if feedback else ""
    return f"{head}{escape(paragraphs([item.prompt]))} {{{answers} {general}}}".replace("{ ", "{")


# --- reading back -------------------------------------------------------------------------


def _split(text: str, separator: str) -> list[str]:
    """Split on `separator` where it is not escaped; keeps escapes in the parts."""
    parts, current, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
        elif text.startswith(separator, i):
            parts.append("".join(current))
            current, i = [], i + len(separator)
        else:
            current.append(text[i])
            i += 1
    parts.append("".join(current))
    return parts


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def read_gift(text: str) -> list[QuizItem]:
    items = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln for ln in block.splitlines() if not ln.startswith("//")]
        body = "\n".join(ln for ln in lines if not ln.startswith("$CATEGORY:")).strip()
        if body:
            items.append(_read(body))
    return items


def _read(body: str) -> QuizItem:
    """One question block: its title, then a description (the passage) or a question."""
    ident, number, rest = _read_title(body)
    question, *answer_part = _split(rest, "{")
    prompt_html = unescape(question).strip()
    if not answer_part:  # a description: the passage
        passage, credit = read_passage(prompt_html.split("</p>", 1)[1])
        return QuizItem(
            kind="passage",
            prompt=read_paragraphs(prompt_html)[0],
            passage=passage,
            credit=credit,
            ident=ident,
            number=number,
        )
    inside = _split("{".join(answer_part), "}")[0]
    answers, *general = _split(inside, "####")
    feedback = read_paragraphs(unescape(general[0])) if general else ()
    prompt = read_paragraphs(prompt_html)[0]
    return _read_answered(answers.strip(), prompt, feedback, ident, number)


def _read_title(body: str) -> tuple[str, int, str]:
    """The '::Question 3 [id]::' title's id and number (0 for the passage), and what follows it."""
    if not body.startswith("::"):
        raise GiftError(f"expected a question title '::...::', found {body[:40]!r}")
    parts = _split(body, "::")
    if len(parts) < 3:
        raise GiftError(f"expected '::title::' before the question text, found {body[:40]!r}")
    title, rest = parts[1], "::".join(parts[2:])
    match = _TITLE.match(unescape(title))
    if match is None:
        raise GiftError(f"expected a title like 'Question 3 [id]', found {unescape(title)!r}")
    return match["ident"], int(match["number"] or 0), rest.removeprefix("[html]")


def _read_answered(answers: str, prompt: str, feedback: tuple[str, ...], ident: str, number: int) -> QuizItem:
    """A question by its answer part: TRUE/FALSE, empty (an essay), all '=' (short answer) or choices."""
    if answers in ("TRUE", "FALSE", "T", "F"):
        return QuizItem(
            kind="true_false",
            prompt=prompt,
            answer_true=answers.startswith("T"),
            feedback=feedback,
            ident=ident,
            number=number,
        )
    if not answers:
        feedback, grader = _split_teacher(feedback)
        return QuizItem(
            kind="essay", prompt=prompt, feedback=feedback, grader_info=grader, ident=ident, number=number
        )
    options = [(part[0], unescape(part[1:]).strip()) for part in _tokens(answers)]
    if all(mark == "=" for mark, _ in options):
        accepted = tuple(t for _, t in options)
        return QuizItem(
            kind="short_answer",
            prompt=prompt,
            accepted=accepted,
            feedback=feedback,
            ident=ident,
            number=number,
        )
    choices = tuple(Choice(html.unescape(t), mark == "=") for mark, t in options)
    return QuizItem(
        kind="choice", prompt=prompt, choices=choices, feedback=feedback, ident=ident, number=number
    )


def _split_teacher(feedback: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An essay's feedback: what students see, and what follows the "For the teacher:" line."""
    if TEACHER not in feedback:
        return feedback, ()
    cut = feedback.index(TEACHER)
    return feedback[:cut], feedback[cut + 1 :]


def _tokens(answers: str) -> list[str]:
    """'=right ~wrong ~wrong' -> ['=right ', '~wrong ', '~wrong'], respecting escapes."""
    tokens: list[str] = []
    i = 0
    while i < len(answers):
        if answers[i] == "\\":
            tokens[-1] += answers[i : i + 2]
            i += 2
            continue
        if answers[i] in "=~":
            tokens.append(answers[i])
        elif tokens:
            tokens[-1] += answers[i]
        i += 1
    return tokens
