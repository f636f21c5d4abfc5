"""Custom check-in questions: each field checked and named, answers read, and what a report may
publish of them (k respondents, suppressed answer lines, a banded mean, k changes at a time)."""

from __future__ import annotations

import pytest

from growpath.domain.checkin_questions import (
    Question,
    answer_labels,
    checked_answer,
    checked_draft,
)
from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.question_reports import protect_question, publishable

SCALE = Question(1, "scale", "How clear?", "not at all", "very", (), False)
CHOICE = Question(2, "choice", "Where?", "", "", ("Office", "Video", "Walk"), True)
TEXT = Question(3, "text", "What would help?", "", "", (), False)


def fields_refused(**given: object) -> set[str | None]:
    """Return the fields a draft with these values is refused for."""
    with pytest.raises(InvalidInput) as refused:
        checked_draft(**given)  # type: ignore[arg-type]
    return {p.field for p in refused.value.problems}


def test_a_draft_names_every_bad_field() -> None:
    assert fields_refused(kind="poll", wording="") == {"kind", "wording"}
    assert fields_refused(kind="scale", wording="x" * 301) == {"wording", "low_label", "high_label"}
    assert fields_refused(kind="choice", wording="Where?", options=["A"]) == {"options"}
    assert fields_refused(kind="choice", wording="W", options=[str(n) for n in range(9)]) == {
        "options"
    }
    assert fields_refused(kind="choice", wording="W", options=["A", "a"]) == {"options"}
    assert fields_refused(kind="choice", wording="W", options=["A", "B\tC"]) == {"options[2]"}
    assert fields_refused(kind="text", wording="Two\nlines") == {"wording"}


def test_a_valid_draft_keeps_what_its_kind_uses() -> None:
    draft = checked_draft("choice", " Where? ", "ignored", "", [" Office ", "", "Video"], True)
    assert (draft.wording, draft.low_label, draft.options, draft.required) == (
        "Where?",
        "",
        ("Office", "Video"),
        True,
    )
    assert checked_draft("scale", "Clear?", "no", "yes").low_label == "no"


@pytest.mark.parametrize(
    ("question", "given", "expected"),
    [
        (SCALE, "4", 4),
        (SCALE, 5, 5),
        (SCALE, "", None),
        (CHOICE, "3", 3),
        (TEXT, "  More time.  ", "More time."),
    ],
)
def test_an_answer_is_read_as_its_question_expects(
    question: Question, given: object, expected: object
) -> None:
    problems: list[Problem] = []
    assert checked_answer(question, given, problems) == expected
    assert problems == []


@pytest.mark.parametrize(
    ("question", "given", "reason"),
    [
        (SCALE, "6", "must be a number from 1 to 5"),
        (SCALE, True, "must be a number from 1 to 5"),
        (SCALE, "٣", "must be a number from 1 to 5"),
        (CHOICE, "", "is required"),
        (CHOICE, 0, "must be an option number from 1 to 3"),
        (TEXT, "x" * 501, "is longer than 500 characters"),
        (TEXT, 3, "must be text"),
        (TEXT, "a\x00b", "must not contain a NUL character"),
    ],
)
def test_a_bad_answer_names_its_question(question: Question, given: object, reason: str) -> None:
    problems: list[Problem] = []
    assert checked_answer(question, given, problems) is None
    (problem,) = problems
    assert problem.field == question.field
    assert problem.reason.startswith(reason) and question.wording in problem.reason


def test_a_scale_reads_with_its_labelled_ends() -> None:
    assert answer_labels(SCALE) == [
        (1, "1 (not at all)"),
        (2, "2"),
        (3, "3"),
        (4, "4"),
        (5, "5 (very)"),
    ]
    assert answer_labels(CHOICE) == [(1, "Office"), (2, "Video"), (3, "Walk")]


def test_a_question_answered_by_fewer_than_k_people_publishes_nothing() -> None:
    result = protect_question(SCALE, False, [5, 5, 4, 3], 5)
    assert result.respondents.suppressed and result.mean is None and result.lines == ()


def test_answer_lines_are_suppressed_with_their_complement_and_a_mean_at_the_top_is_a_band() -> (
    None
):
    result = protect_question(CHOICE, False, [1] * 6 + [2] * 5 + [3], 5)
    assert [line.people.value for line in result.lines] == [6.0, None, None]
    assert result.lines[0].share.value == 50.0
    everyone_very = protect_question(SCALE, False, [5] * 6, 5)
    assert everyone_very.mean is not None and everyone_very.mean.band == (4.8, 5.0)
    # Everybody gave 5: the line of 5s would say so, so every line is hidden.
    assert all(line.people.suppressed for line in everyone_very.lines)
    words = protect_question(TEXT, False, [None] * 7, 5)
    assert words.respondents.value == 7.0 and words.lines == () and words.mean is None


def test_one_more_answer_waits_until_k_people_moved_the_question() -> None:
    kinds = {1: "scale"}
    published = {1: dict.fromkeys(range(10), 3)}
    one_more = {1: {**published[1], 10: 5}}
    assert publishable(kinds, published, one_more, 5) == {}
    five_more = {1: {**published[1], **dict.fromkeys(range(10, 15), 5)}}
    assert publishable(kinds, published, five_more, 5) == {(1, p): (True, 5) for p in range(10, 15)}
    # Nothing published yet: everyone moves from no one, all at once.
    assert len(publishable(kinds, {}, one_more, 5)) == 11
