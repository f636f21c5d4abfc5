"""Suppression of report cells: the threshold, the complement, and an attacker who differences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from growpath.domain.reporting import (
    BREAKDOWN_FIGURES,
    MEASURES,
    Tally,
    mean_interval,
    protect_breakdown,
    protect_independent,
    suppress,
)
from growpath.entrypoints.http.report_schemas import ReportTablePublic
from tests.report_attacker import attack, suppressed_cells

K = st.integers(min_value=3, max_value=10)
LINES = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12)


@given(LINES, K)
def test_every_group_under_k_is_suppressed(people: list[int], k: int) -> None:
    hidden = suppress(people, k).cells
    assert {i for i, n in enumerate(people) if n < k} <= hidden


@given(LINES, K)
def test_hidden_groups_are_two_or_more_and_together_reach_k(people: list[int], k: int) -> None:
    line = suppress(people, k)
    if line.cells and not line.total:
        assert len(line.cells) >= 2
        assert sum(people[i] for i in line.cells) >= k


@given(LINES, K)
def test_nothing_is_hidden_when_every_group_reaches_k(people: list[int], k: int) -> None:
    if all(n >= k for n in people):
        assert suppress(people, k).cells == frozenset()


@given(LINES, K)
def test_a_total_under_k_hides_the_whole_line(people: list[int], k: int) -> None:
    line = suppress(people, k)
    assert line.total == (sum(people) < k)
    if line.total:
        assert line.cells == frozenset(range(len(people)))


def test_the_complement_is_the_smallest_group_that_is_enough() -> None:
    assert suppress([2, 9, 6, 30], 5).cells == frozenset({0, 2})
    assert suppress([1, 1, 6, 30], 5).cells == frozenset({0, 1, 2})
    assert suppress([0, 12], 5).cells == frozenset({0, 1})


TALLIES = st.builds(
    lambda people, seed: {
        measure: Tally(
            max(people - (i % 3) * seed, 0),
            {part: float((seed * 7 + j) % 11) for j, part in enumerate(parts)},
        )
        for i, (measure, parts) in enumerate(MEASURES.items())
    },
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=4),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(TALLIES, min_size=1, max_size=8),
        min_size=1,
        max_size=3,
    ),
    K,
)
def test_an_attacker_differencing_breakdowns_that_share_a_total_recovers_nothing(
    breakdowns: list[list[dict[str, Tally]]], k: int
) -> None:
    # Every breakdown partitions the same people: scale the first one's total into the others.
    first = breakdowns[0]
    dimensions = ("cohort", "department", "level")  # real ones (a schema names them): 3 at most
    tables = [
        protect_breakdown(
            "by_cohort", "A", "cohort", [(f"a{i}", t) for i, t in enumerate(first)], k
        )
    ]
    for dimension, rows in zip(dimensions[1:], breakdowns[1:], strict=False):
        regrouped = _regroup(first, len(rows))
        tables.append(
            protect_breakdown(
                f"by_{dimension}",
                "B",
                dimension,
                [(f"b{i}", t) for i, t in enumerate(regrouped)],
                k,
            )
        )
    report = {"tables": [ReportTablePublic.of(t).model_dump(mode="json") for t in tables]}
    assert attack(report, k) == []


def _regroup(rows: list[dict[str, Tally]], groups: int) -> list[dict[str, Tally]]:
    """Split the same people into a different number of groups (another dimension)."""
    merged: list[dict[str, Tally]] = [{} for _ in range(groups)]
    for i, row in enumerate(rows):
        target = merged[i % groups]
        for measure, tally in row.items():
            target[measure] = target.get(measure, Tally(0)) + tally
    for target in merged:
        for measure in MEASURES:
            target.setdefault(measure, Tally(0))
    return merged


def test_a_suppressed_departments_mean_is_not_left_to_subtraction() -> None:
    def satisfaction(people: int, score: float) -> dict[str, Tally]:
        return {m: Tally(people, {"score": score} if m == "satisfaction" else {}) for m in MEASURES}

    table = protect_breakdown(
        "by_department",
        "By department",
        "department",
        [
            ("Data", satisfaction(2, 9.0)),
            ("Platform", satisfaction(20, 80.0)),
            ("Web", satisfaction(8, 36.0)),
        ],
        5,
    )
    cells = {row.label: row.cells["satisfaction"] for row in table.rows}
    assert cells["Data"].suppressed and cells["Web"].suppressed
    assert cells["Platform"].value == 4.0
    assert table.total is not None and table.total.cells["satisfaction"].value == 4.17
    report = {"tables": [ReportTablePublic.of(table).model_dump(mode="json")]}
    assert suppressed_cells(report) > 0
    assert attack(report, 5) == []


def test_the_attacker_does_recover_a_lone_suppressed_cell() -> None:
    # The attacker is real: without the complement, it finds the hidden department.
    table = protect_breakdown(
        "by_department",
        "By department",
        "department",
        [("Data", {m: Tally(2) for m in MEASURES}), ("Platform", {m: Tally(20) for m in MEASURES})],
        5,
    )
    report = {"tables": [ReportTablePublic.of(table).model_dump(mode="json")]}
    report["tables"][0]["rows"][1]["cells"] = {
        f.key: {"value": 1.0, "people": 20} for f in BREAKDOWN_FIGURES
    }
    findings = attack(report, 5)
    assert {(f.group, f.how) for f in findings} >= {("Data", "pinned down by differencing")}


def test_rows_without_a_total_stand_or_fall_alone() -> None:
    table = protect_independent(
        "themes",
        "Themes",
        "theme",
        [("Feedback", Tally(6)), ("Conflict", Tally(2))],
        (BREAKDOWN_FIGURES[0],),
        5,
    )
    assert [row.cells["enrolled"].suppressed for row in table.rows] == [False, True]
    assert table.total is None


def test_mean_change_has_a_student_t_interval() -> None:
    tally = Tally(6, {"change": 9.0, "change_squared": 15.0})
    assert mean_interval(tally) == (1.5, 0.93, 2.07)


@pytest.mark.parametrize("k", [3, 5, 8])
def test_figures_of_a_hidden_measure_are_hidden_together(k: int) -> None:
    rows = [
        (f"g{i}", {m: Tally(n, dict.fromkeys(parts, 1.0)) for m, parts in MEASURES.items()})
        for i, n in enumerate([k - 1, k + 3, k + 9])
    ]
    table = protect_breakdown("t", "T", "d", rows, k)
    for row in table.rows:
        for measure in MEASURES:
            states = {
                row.cells[f.key].suppressed for f in BREAKDOWN_FIGURES if f.measure == measure
            }
            assert len(states) == 1
