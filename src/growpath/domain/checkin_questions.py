"""Custom check-in questions: what a program may ask beside the fixed pulse, and valid answers.

A program's administrators add questions of three kinds: a scale (1–5, both ends labelled), a
single choice among 2–8 options, or a short text. A question that has answers keeps its
wording: a new wording becomes a new version (the old one retired), so every aggregate is over
answers to the same words. A retired question keeps its answers and is not asked any more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from growpath.domain.checkins import MAX_ANSWER, MIN_ANSWER
from growpath.domain.errors import InvalidInput, Problem, Term
from growpath.domain.text import paragraphs, single_line
from growpath.i18n import N_

SCALE, CHOICE, TEXT = "scale", "choice", "text"
KINDS = (SCALE, CHOICE, TEXT)
KIND_NAMES = {SCALE: "Scale (1–5)", CHOICE: "Single choice", TEXT: "Short text"}
MIN_OPTIONS, MAX_OPTIONS = 2, 8
MAX_WORDING = 300
MAX_LABEL = 60
MAX_OPTION = 100
MAX_TEXT_ANSWER = 500
# A check-in stays a two-minute thing: a program asks at most this many questions of its own.
MAX_ASKED = 10


@dataclass(frozen=True)
class QuestionDraft:
    """A question as an administrator defines it, checked."""

    kind: str
    wording: str
    low_label: str = ""
    high_label: str = ""
    options: tuple[str, ...] = ()
    required: bool = False


def _line(value: str, field: str, limit: int, problems: list[Problem]) -> str:
    text = single_line(value.strip(), field, problems)
    if not text:
        problems.append(Problem(N_("is missing"), field))
    elif len(text) > limit:
        problems.append(Problem.of(N_("is longer than %(most)s characters"), field, most=limit))
    return text


def checked_draft(
    kind: str,
    wording: str,
    low_label: str = "",
    high_label: str = "",
    options: Sequence[str] = (),
    required: bool = False,
) -> QuestionDraft:
    """Return the draft if every field is valid, else raise InvalidInput naming each field."""
    problems: list[Problem] = []
    if kind not in KINDS:
        problems.append(
            Problem.of(N_("must be one of %(choices)s"), "kind", choices=", ".join(KINDS))
        )
    text = _line(wording, "wording", MAX_WORDING, problems)
    low = high = ""
    chosen: list[str] = []
    if kind == SCALE:
        low = _line(low_label, "low_label", MAX_LABEL, problems)
        high = _line(high_label, "high_label", MAX_LABEL, problems)
    elif kind == CHOICE:
        given = [o.strip() for o in options if o.strip()]
        if not MIN_OPTIONS <= len(given) <= MAX_OPTIONS:
            problems.append(
                Problem.of(
                    N_("give %(least)s to %(most)s options (gave %(count)s)"),
                    "options",
                    least=MIN_OPTIONS,
                    most=MAX_OPTIONS,
                    count=len(given),
                )
            )
        for n, option in enumerate(given, start=1):
            chosen.append(_line(option, f"options[{n}]", MAX_OPTION, problems))
        folded = [o.casefold() for o in chosen]
        if len(set(folded)) != len(folded):
            problems.append(Problem(N_("must all differ"), "options"))
    if problems:
        raise InvalidInput(problems)
    return QuestionDraft(kind, text, low, high, tuple(chosen), required)


@dataclass(frozen=True)
class Question:
    """A question as a check-in asks it."""

    id: int
    kind: str
    wording: str
    low_label: str
    high_label: str
    options: tuple[str, ...]
    required: bool

    @property
    def field(self) -> str:
        """The name its answer goes by in a form and in error messages."""
        return f"question_{self.id}"


def checked_answer(question: Question, given: object, problems: list[Problem]) -> int | str | None:
    """Return a valid answer (a scale value, a 1-based option number, a text) or None if blank.

    A blank answer to a required question, or a bad one, is noted as a problem naming the
    question's field and quoting the question, as the person reads it.
    """
    found: list[Problem] = []
    answer = _answer(question, given, found)
    problems += [
        Problem.of(
            N_("%(reason)s: “%(question)s”"),
            p.field,
            reason=Term(p.template or p.reason, **p.values),
            question=question.wording,
        )
        for p in found
    ]
    return None if found else answer


def _answer(question: Question, given: object, problems: list[Problem]) -> int | str | None:
    if isinstance(given, str):
        given = given.strip()
    if given is None or given == "":
        if question.required:
            problems.append(Problem(N_("is required"), question.field))
        return None
    if question.kind == TEXT:
        if not isinstance(given, str):
            problems.append(Problem(N_("must be text"), question.field))
            return None
        if len(given) > MAX_TEXT_ANSWER:
            problems.append(
                Problem.of(
                    N_("is longer than %(most)s characters"), question.field, most=MAX_TEXT_ANSWER
                )
            )
        paragraphs(given, question.field, problems)
        return given
    top = MAX_ANSWER if question.kind == SCALE else len(question.options)
    bottom = MIN_ANSWER if question.kind == SCALE else 1
    number = _whole(given)
    if number is None or not bottom <= number <= top:
        message = (
            N_("must be a number from %(bottom)s to %(top)s")
            if question.kind == SCALE
            else N_("must be an option number from %(bottom)s to %(top)s")
        )
        problems.append(Problem.of(message, question.field, bottom=bottom, top=top))
        return None
    return number


def _whole(given: object) -> int | None:
    if isinstance(given, bool):
        return None
    if isinstance(given, int):
        return given
    if isinstance(given, str) and given.isascii() and given.isdigit():
        return int(given)
    return None


def answer_labels(question: Question) -> list[tuple[int, str]]:
    """Return the values a scale or choice question can take, with what each reads as."""
    if question.kind == CHOICE:
        return list(enumerate(question.options, start=1))
    labels = {MIN_ANSWER: question.low_label, MAX_ANSWER: question.high_label}
    return [
        (n, f"{n} ({labels[n]})" if n in labels else str(n))
        for n in range(MIN_ANSWER, MAX_ANSWER + 1)
    ]
