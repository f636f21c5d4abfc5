"""Practice triads' rules without a database: rotation, grouping, feedback, the scenario library."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from growpath.domain.errors import Conflict, InvalidInput
from growpath.domain.scenarios import (
    ScenarioFormatError,
    parse_scenario,
    scenario_library,
    scenarios_for,
)
from growpath.domain.triads import (
    COACH,
    COACHEE,
    FINISHED,
    OBSERVER,
    RUNNING,
    check_can_advance,
    check_can_record,
    checked_feedback,
    role_in_round,
    split_into_groups,
    why_group_is_larger,
)


def test_roles_rotate_a_coaches_b_then_b_coaches_c_then_c_coaches_a() -> None:
    rounds = [[role_in_round(p, 3, r) for p in range(3)] for r in (1, 2, 3)]
    assert rounds == [
        [COACH, COACHEE, OBSERVER],
        [OBSERVER, COACH, COACHEE],
        [COACHEE, OBSERVER, COACH],
    ]


@given(st.integers(min_value=3, max_value=5))
def test_in_every_group_each_member_coaches_once_and_is_coached_once(size: int) -> None:
    for position in range(size):
        played = [role_in_round(position, size, r) for r in range(1, size + 1)]
        assert played.count(COACH) == 1
        assert played.count(COACHEE) == 1
    for r in range(1, size + 1):
        roles = [role_in_round(p, size, r) for p in range(size)]
        assert (roles.count(COACH), roles.count(COACHEE)) == (1, 1)


@given(st.integers(min_value=3, max_value=200))
def test_everyone_is_in_exactly_one_group_of_three_to_five(count: int) -> None:
    people = [str(n) for n in range(count)]
    groups = split_into_groups(people)
    assert sorted(p for g in groups for p in g) == sorted(people)
    assert all(3 <= len(g) <= 5 for g in groups)
    # Only a remainder makes groups larger: at most two of them, or one of five.
    assert sum(len(g) - 3 for g in groups) == count % 3


@pytest.mark.parametrize(
    ("count", "sizes"), [(3, [3]), (4, [4]), (5, [5]), (7, [3, 4]), (8, [4, 4]), (9, [3, 3, 3])]
)
def test_a_remainder_joins_groups_as_extra_observers(count: int, sizes: list[int]) -> None:
    groups = split_into_groups([str(n) for n in range(count)])
    assert [len(g) for g in groups] == sizes


def test_fewer_than_three_people_cannot_form_a_triad() -> None:
    with pytest.raises(InvalidInput) as refused:
        split_into_groups(["1", "2"])
    assert refused.value.problems[0].field == "program_id"
    assert "at least 3" in refused.value.problems[0].reason


def test_a_larger_group_says_why_and_a_triad_says_nothing() -> None:
    assert why_group_is_larger(3) == ""
    assert "second observer" in why_group_is_larger(4)
    assert "3 observers" in why_group_is_larger(5)


def test_feedback_names_each_empty_long_or_garbled_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        checked_feedback("", "x" * 5000, "stop\x00here")
    reasons = {p.field: p.reason for p in refused.value.problems}
    assert set(reasons) == {"open_questions", "listening", "try_next"}
    assert "4000" in reasons["listening"]
    assert checked_feedback(" open \n", "l", "t").open_questions == "open"


def test_only_the_observer_records_and_not_after_the_last_round() -> None:
    check_can_record(RUNNING, OBSERVER)
    with pytest.raises(Conflict, match="you are the coach"):
        check_can_record(RUNNING, COACH)
    with pytest.raises(Conflict, match="every round"):
        check_can_record(FINISHED, OBSERVER)


def test_a_round_moves_on_once_and_only_after_its_feedback_unless_an_admin_moves_it() -> None:
    check_can_advance(RUNNING, 1, 1, feedback_count=1, by_admin=False)
    check_can_advance(RUNNING, 1, 1, feedback_count=0, by_admin=True)
    with pytest.raises(Conflict, match="records the feedback on round 1"):
        check_can_advance(RUNNING, 1, 1, feedback_count=0, by_admin=False)
    with pytest.raises(Conflict, match="already moved on"):
        check_can_advance(RUNNING, 2, 1, feedback_count=1, by_admin=False)
    with pytest.raises(Conflict, match="already played"):
        check_can_advance(FINISHED, 3, 3, feedback_count=1, by_admin=True)


def test_the_shipped_library_has_the_named_scenarios_each_with_every_brief() -> None:
    library = scenario_library()
    keys = [s.key for s in library]
    assert {"a-reorganisation", "a-difficult-one-to-one", "a-first-delegation"} <= set(keys)
    assert len(keys) == len(set(keys)) >= 5
    for each in library:
        assert each.situation and each.summary
        for role in (COACH, COACHEE, OBSERVER):
            assert any(block.items for block in each.brief_for(role)), (each.key, role)


@given(st.integers(min_value=3, max_value=5), st.integers(min_value=0, max_value=50))
def test_no_scenario_repeats_within_a_group(size: int, offset: int) -> None:
    keys = scenarios_for(size, offset)
    assert len(keys) == len(set(keys)) == size


def test_a_scenario_file_without_a_brief_is_refused_naming_the_file_and_section() -> None:
    text = (
        "---\nkey: k\ntitle: T\nsummary: S\norder: 1\n---\n\n## The situation\n\nText.\n\n"
        "## Coach's goal\n\n- Ask.\n"
    )
    with pytest.raises(ScenarioFormatError, match="broken.md: missing section.*Coachee's brief"):
        parse_scenario("broken.md", text)
    with pytest.raises(ScenarioFormatError, match="front matter"):
        parse_scenario("bare.md", "## The situation\n")
