"""Custom questions in a program report: what is published of their answers, and when.

Each respondent counts once per question, with their latest answer. A scale question shows
how many people gave each value and their mean; a choice question how many chose each option;
a text question only how many answered — never the words, whatever the number of people: the
words are content, which the threat model keeps from every administrator (docs/reporting.md).

The protections are those of the fixed pulse (growpath.domain.reporting): a question answered
by fewer than k people shows nothing; the values or options of a question form one additive
line (they sum to its respondents) and are suppressed with complementary suppression; a mean
near an end of the scale reads as a band. Across reports, answers are published as the
participants' facts are (growpath.domain.publication): a person's published answer moves on
only together with at least k other people's changes to the same cells.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from growpath.domain.checkin_questions import TEXT, Question, answer_labels
from growpath.domain.publication import CellKey, releasable
from growpath.domain.reporting import SUPPRESSED, Cell, band_of, suppress

# The scale of a question's mean, as growpath.domain.reporting.SCALES knows it.
MEAN_KEY = "answer_mean"


@dataclass(frozen=True)
class AnswerLine:
    """One value or option of a question: how many respondents gave it, and their share."""

    label: str
    people: Cell
    share: Cell


@dataclass(frozen=True)
class QuestionResult:
    """What a report publishes of one question."""

    question_id: int
    wording: str
    kind: str
    retired: bool
    respondents: Cell
    mean: Cell | None
    lines: tuple[AnswerLine, ...]


def state_of(question: int, answer: int | None, kind: str) -> dict[CellKey, Hashable]:
    """Return the report cells one person's answer counts in, and their part of each."""
    state: dict[CellKey, Hashable] = {("question", str(question)): answer}
    if kind != TEXT:
        state[("question", str(question), str(answer))] = True
    return state


def publishable(
    kinds: Mapping[int, str],
    published: Mapping[int, Mapping[int, int | None]],
    today: Mapping[int, Mapping[int, int | None]],
    k: int,
) -> dict[tuple[int, int], tuple[bool, int | None]]:
    """Return the (question, person) answers to publish now: (answered, their answer).

    A person's part is their answers to every question of the program; a batch of changes is
    published when it moves every published cell by zero or at least k people
    (growpath.domain.publication.releasable).
    """
    people = {p for answers in (*published.values(), *today.values()) for p in answers}
    changes: dict[int, tuple[dict[CellKey, Hashable], dict[CellKey, Hashable]]] = {}
    for person in people:
        old: dict[CellKey, Hashable] = {}
        new: dict[CellKey, Hashable] = {}
        for question, kind in kinds.items():
            if person in published.get(question, {}):
                old.update(state_of(question, published[question][person], kind))
            if person in today.get(question, {}):
                new.update(state_of(question, today[question][person], kind))
        if old != new:
            changes[person] = (old, new)
    counts: dict[CellKey, int] = {}
    for question, answers in published.items():
        for answer in answers.values():
            for cell in state_of(question, answer, kinds.get(question, TEXT)):
                counts[cell] = counts.get(cell, 0) + 1
    released = releasable(changes, counts, k)
    moves: dict[tuple[int, int], tuple[bool, int | None]] = {}
    for person in released:
        for question in kinds:
            before = published.get(question, {})
            after = today.get(question, {})
            if (person in before, before.get(person)) != (person in after, after.get(person)):
                moves[(question, person)] = (person in after, after.get(person))
    return moves


def protect_question(
    question: Question, retired: bool, answers: Sequence[int | None], k: int
) -> QuestionResult:
    """Return what may be published of a question's published answers (one per person)."""
    total = len(answers)
    if total < k:
        return QuestionResult(
            question.id, question.wording, question.kind, retired, SUPPRESSED, None, ()
        )
    respondents = Cell(float(total), total)
    if question.kind == TEXT:
        return QuestionResult(
            question.id, question.wording, question.kind, retired, respondents, None, ()
        )
    labels = answer_labels(question)
    counts = [sum(1 for a in answers if a == value) for value, _ in labels]
    hidden = suppress(counts, k).cells
    lines = tuple(
        AnswerLine(label, SUPPRESSED, SUPPRESSED)
        if i in hidden
        else AnswerLine(label, Cell(float(n), n), Cell(round(100.0 * n / total, 2), total))
        for i, ((_, label), n) in enumerate(zip(labels, counts, strict=True))
    )
    mean = None
    if question.kind == "scale":
        value = round(sum(a for a in answers if a is not None) / total, 2)
        band = band_of(MEAN_KEY, value, total)
        mean = Cell(None, total, band) if band else Cell(value, total)
    return QuestionResult(
        question.id, question.wording, question.kind, retired, respondents, mean, lines
    )
