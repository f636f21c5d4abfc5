"""Publication memory and bands: the rules that keep sequences of reports and bounds safe."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from growpath.domain.publication import CellKey, State, releasable, state_of
from growpath.domain.reporting import Tally, band_of, band_text, protect_breakdown, with_bands


def _participant(level: int, satisfaction: float | None = 4.0) -> dict[str, Any]:
    return {
        "department": "Platform",
        "level": level,
        "cohort": 202511,
        "support": "mentoring",
        "matched": 1,
        "active": 1,
        "offered": 1,
        "accepted": 1,
        "first_meeting_days": 4.0,
        "cadence_due": 1,
        "cadence_kept": 1,
        "running": 1,
        "idle_14": 0,
        "idle_30": 0,
        "idle_90": 0,
        "met": 1,
        "decided": 2,
        "satisfaction": satisfaction,
        "growth": 1.0,
    }


def _people(states: list[State]) -> dict[CellKey, int]:
    people: dict[CellKey, int] = {}
    for state in states:
        for cell in state:
            people[cell] = people.get(cell, 0) + 1
    return people


def _published(levels: dict[int, int]) -> dict[CellKey, int]:
    return _people(
        [state_of(_participant(level), {}, set()) for level, n in levels.items() for _ in range(n)]
    )


def test_one_person_moved_to_another_level_stays_where_the_reports_last_showed_her() -> None:
    move = (state_of(_participant(3), {}, set()), state_of(_participant(2), {}, set()))
    assert releasable({1: move}, _published({3: 8, 2: 6}), 5) == frozenset()


def test_one_new_check_in_answer_waits_for_k_others() -> None:
    answered = {
        n: (state_of(_participant(3, 3.0), {}, set()), state_of(_participant(3, 4.0), {}, set()))
        for n in range(5)
    }
    published = _published({3: 8})
    assert releasable({0: answered[0]}, published, 5) == frozenset()
    assert releasable(answered, published, 5) == frozenset(range(5))


def test_one_new_rating_waits_for_k_others() -> None:
    rated = (state_of(_participant(3), {}, set()), state_of(_participant(3), {7: 3.0}, set()))
    published = _published({3: 8})
    published[("competency", "7")] = 6
    assert releasable({0: rated}, published, 5) == frozenset()


def test_changes_inside_groups_under_k_before_and_after_are_not_held() -> None:
    # A first report of a small program: nothing published yet, every cell stays under k.
    new: dict[int, tuple[State, State]] = {
        n: ({}, state_of(_participant(3), {}, set())) for n in range(3)
    }
    assert releasable(new, {}, 5) == frozenset(range(3))


changes = st.dictionaries(
    st.integers(0, 30),
    st.tuples(
        st.sampled_from([None, 2, 3, 4]),
        st.sampled_from([None, 2, 3, 4]),
        st.sampled_from([None, 1.0, 5.0]),
    ),
    max_size=20,
)


@given(changes, st.integers(3, 6))
def test_every_published_cell_moves_by_none_or_at_least_k_people(
    drawn: dict[int, tuple[int | None, int | None, float | None]], k: int
) -> None:
    def state(level: int | None, satisfaction: float | None) -> State:
        return {} if level is None else state_of(_participant(level, satisfaction), {}, set())

    pairs = {n: (state(old, 3.0), state(new, s)) for n, (old, new, s) in drawn.items()}
    published = _people([old for old, _ in pairs.values()] + [state(3, 3.0)] * 4)
    released = releasable(pairs, published, k)
    moved: dict[CellKey, int] = {}
    after = dict(published)
    for n in released:
        old, new = pairs[n]
        for cell in old.keys() | new.keys():
            if old.get(cell) != new.get(cell) or (cell in old) != (cell in new):
                moved[cell] = moved.get(cell, 0) + 1
                after[cell] = after.get(cell, 0) + (cell in new) - (cell in old)
    for cell, n in moved.items():
        assert n >= k or max(published.get(cell, 0), after.get(cell, 0)) < k


def _acceptance(accepted: int, offered: int) -> Any:
    rows = [("Platform", {"acceptance": Tally(offered, {"accepted": float(accepted)})})]
    table = with_bands(protect_breakdown("t", "T", "department", rows, 5))
    return table.rows[0].cells["acceptance_rate"]


def test_a_group_where_everyone_accepted_shows_a_band_not_each_members_answer() -> None:
    everyone, all_but_one = _acceptance(12, 12), _acceptance(11, 12)
    assert everyone.value is None and everyone.band == (90.0, 100.0)
    assert band_text("acceptance_rate", everyone.band) == "≥ 90"
    assert all_but_one == everyone  # 100% and 91.67% read the same
    assert _acceptance(10, 12).value == 83.33


def test_a_group_where_no_one_accepted_shows_a_band() -> None:
    nobody = _acceptance(0, 12)
    assert nobody.band == (0.0, 10.0) and band_text("acceptance_rate", nobody.band) == "≤ 10"


def test_a_band_always_holds_the_bound_and_a_value_where_someone_differs() -> None:
    for people in range(3, 200):
        for key, top, one in (("satisfaction", 5.0, 1.0), ("match_rate", 100.0, 100.0)):
            band = band_of(key, top, people)
            assert band is not None and band[1] == top and band[0] <= top - one / people
    assert band_of("matched", 12, 12) == (11.0, 12.0) == band_of("matched", 11, 12)
    assert band_of("satisfaction", 4.0, 12) is None
