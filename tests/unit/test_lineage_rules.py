"""Mentoring lineage without a database: who is a former mentee, and how far chains reach."""

from __future__ import annotations

from datetime import date, timedelta

from growpath.domain.lineage import DEEPEST, Mentoring, generations, lineage_state

DAY = date(2025, 1, 6)


def _m(
    n: int, guide: int, participant: int, weeks: int, finished: bool = True, program: int = 1
) -> Mentoring:
    return Mentoring(n, program, guide, participant, DAY + timedelta(weeks=weeks), finished)


def test_a_chain_a_mentored_b_who_mentors_c_gives_a_two_generations() -> None:
    chain = [
        _m(1, 100, 1, 0),
        _m(2, 1, 2, 10, finished=False, program=2),
        _m(3, 2, 3, 20, finished=False),
    ]
    assert generations(chain, 1) == {1: 2}
    # Program 2's only engagement is running: it has no former mentee yet.
    assert generations(chain, 2) == {}


def test_only_later_engagements_count_so_reverse_mentoring_loops_nowhere() -> None:
    # A guided B, and B guided A in the same week (reverse mentoring): neither is "later".
    pair = [_m(1, 1, 2, 0), _m(2, 2, 1, 0)]
    assert generations(pair, 1) == {1: 0, 2: 0}
    # B guides A later: B, a former mentee, now guides; A's onward chain goes on through B.
    later = [_m(1, 1, 2, 0), _m(2, 2, 1, 5)]
    assert generations(later, 1) == {2: 1, 1: 0}


def test_unfinished_engagements_make_no_former_mentee() -> None:
    assert generations([_m(1, 100, 1, 0, finished=False)], 1) == {}


def test_long_chains_are_capped_at_the_deepest_published_group() -> None:
    chain = [_m(n, n, n + 1, n) for n in range(1, 12)]
    assert generations(chain, 1)[2] == DEEPEST
    assert generations(chain, 1)[11] == 1


def test_a_former_mentees_cells_are_the_total_and_their_group() -> None:
    assert lineage_state(None) == {}
    assert lineage_state(0) == {("lineage", "total"): False, ("lineage", "generations", "0"): True}
    assert lineage_state(2)[("lineage", "total")] is True
