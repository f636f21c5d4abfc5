"""The practice loop's rules: checked input, the weekly streak, what a manager may see of the
answers (closed windows of k people only) and the adoption figure's protections."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from growpath.domain.errors import InvalidInput
from growpath.domain.practice import (
    adoption,
    adoption_release,
    adoption_weeks,
    answer_score,
    conversation_input,
    feedback,
    overlapping_weeks,
    practised_weeks,
    published_adoption,
    streak,
)

TODAY = date(2027, 3, 3)  # a Wednesday


def test_a_conversation_is_checked_field_by_field() -> None:
    report, day, stages, note = conversation_input(7, TODAY, ["will", "goal"], "  fine  ", TODAY)
    assert (report, day, stages, note) == (7, TODAY, ("goal", "will"), "fine")
    with pytest.raises(InvalidInput) as refused:
        conversation_input(0, TODAY - timedelta(days=40), ["why"], "x" * 5000, TODAY)
    fields = [p.field for p in refused.value.problems]
    assert fields == ["report_person_id", "held_on", "stages", "note"]
    with pytest.raises(InvalidInput):
        conversation_input(7, TODAY + timedelta(days=1), [], "", TODAY)


@pytest.mark.parametrize("bad", [0, 6, True, "3", None, 2.5])
def test_an_answer_is_a_whole_number_from_one_to_five(bad: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        answer_score(bad)
    assert refused.value.problems[0].field == "answer"


def test_the_streak_counts_weeks_up_to_last_week_until_this_one_has_a_conversation() -> None:
    weeks_back = [TODAY - timedelta(weeks=n) for n in (1, 2, 3, 5)]
    assert streak(weeks_back, TODAY) == 3
    assert streak([*weeks_back, TODAY], TODAY) == 4
    assert streak([TODAY - timedelta(weeks=2)], TODAY) == 0
    # Two in one week count once.
    assert streak([TODAY, TODAY - timedelta(days=1)], TODAY) == 1


def test_answers_stay_hidden_until_k_different_people_answered() -> None:
    assert not feedback([(1, 5), (1, 4), (2, 3), (3, 2), (4, 1)], 5).enough
    seen = feedback([(1, 5), (2, 4), (3, 3), (4, 2), (5, 2)], 5)
    assert (seen.answers, seen.people, seen.mean) == (5, 5, 3.2)


def test_all_answers_at_the_bound_read_as_a_band_not_as_each_persons_answer() -> None:
    seen = feedback([(n, 1) for n in range(5)], 5)
    assert seen.band == "≤ 1.2"


@given(
    st.lists(st.tuples(st.integers(1, 8), st.integers(1, 5)), max_size=40),
    st.integers(3, 7),
)
def test_what_a_manager_sees_moves_only_by_whole_windows_of_k_people(
    answers: list[tuple[int, int]], k: int
) -> None:
    # Between any two prefixes of the answers, what is seen is equal, or grew by at least k
    # people's answers: one new answer never shows alone.
    seen = [feedback(answers[:n], k) for n in range(len(answers) + 1)]
    for before, after in zip(seen, seen[1:], strict=False):
        if after != before:
            grown = answers[before.answers : after.answers]
            assert len({person for person, _ in grown}) >= k


def test_adoption_is_suppressed_below_k_managers_and_banded_near_its_bounds() -> None:
    week = adoption_weeks(TODAY)[-1]
    assert week == date(2027, 2, 22)
    assert adoption(week, 4, 2, 5).text == "suppressed"
    assert adoption(week, 20, 20, 5).text == "≥ 95%"
    assert adoption(week, 20, 20, 5).practising is None
    assert adoption(week, 20, 0, 5).text == "≤ 5%"
    middle = adoption(week, 20, 9, 5)
    assert (middle.practising, middle.text) == (9, "45%")


def test_practised_weeks_count_each_managers_conversations_in_the_window_only() -> None:
    weeks = adoption_weeks(TODAY)
    days = [(1, weeks[0]), (1, weeks[0] + timedelta(days=6)), (2, TODAY), (3, weeks[3])]
    practised = practised_weeks([1, 2], days, weeks)
    # This week is not complete, and person 3 manages nobody: neither counts.
    assert practised == {1: {w: w == weeks[0] for w in weeks}, 2: dict.fromkeys(weeks, False)}


def test_one_new_manager_waits_for_k_minus_one_others_before_the_figures_move() -> None:
    weeks = adoption_weeks(TODAY)
    published = {m: dict.fromkeys(weeks, m < 3) for m in range(5)}
    current = {**published, 9: dict.fromkeys(weeks, False)}
    assert adoption_release(published, current, 5) == {}
    joined = {**current, **{m: dict.fromkeys(weeks, False) for m in range(10, 14)}}
    released = adoption_release(published, joined, 5)
    assert set(released) == {9, 10, 11, 12, 13}
    figures = published_adoption({**published, **released}, weeks, 5)
    assert [(f.managers, f.practising) for f in figures] == [(10, 3)] * 4


MANAGERS = st.dictionaries(
    st.integers(0, 11), st.lists(st.booleans(), min_size=4, max_size=4), max_size=12
)


@given(st.lists(MANAGERS, min_size=1, max_size=6), st.integers(3, 5))
def test_every_published_week_moves_by_none_or_at_least_k_managers(
    sequence: list[dict[int, list[bool]]], k: int
) -> None:
    weeks = adoption_weeks(TODAY)
    published: dict[int, dict[date, bool]] = {}
    for state in sequence:
        current = {m: dict(zip(weeks, done, strict=True)) for m, done in state.items()}
        moves = adoption_release(published, current, k)
        after = {**{m: w for m, w in published.items() if m not in moves}, **moves}
        after = {m: w for m, w in after.items() if w}
        for week in weeks:
            before_people = sum(1 for w in published.values() if week in w)
            after_people = sum(1 for w in after.values() if week in w)
            moved = {
                m
                for m in published.keys() | after.keys()
                if published.get(m, {}).get(week) != after.get(m, {}).get(week)
            }
            assert not moved or len(moved) >= k or max(before_people, after_people) < k
        published = after


def test_a_week_that_differs_from_another_scopes_by_fewer_than_k_managers_is_withheld() -> None:
    weeks = adoption_weeks(TODAY)
    organisation = {m: dict.fromkeys(weeks, m % 2 == 0) for m in range(12)}
    everyone_but_one = {m: w for m, w in organisation.items() if m != 11}
    everyone_but_five = {m: w for m, w in organisation.items() if m < 7}
    assert overlapping_weeks(everyone_but_one, [organisation], weeks, 5) == set(weeks)
    assert overlapping_weeks(everyone_but_five, [organisation], weeks, 5) == set()
    assert overlapping_weeks(organisation, [organisation], weeks, 5) == set()
    # One manager published as practising in one scope and not in the other: one week differs.
    other = {**organisation, 0: {**organisation[0], weeks[1]: False}}
    assert overlapping_weeks(organisation, [other], weeks, 5) == {weeks[1]}
