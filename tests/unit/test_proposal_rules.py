"""The proposal's life and a guide's seats, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from growpath.domain.errors import Conflict
from growpath.domain.proposals import (
    LABELS,
    GuideSeats,
    InvalidProposalMove,
    ProposalStatus,
    check_proposal_move,
    has_lapsed,
)

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def test_taking_a_seat_past_capacity_names_the_guide_and_the_seats() -> None:
    seats = GuideSeats("Ada Lovelace", capacity=2, held=1)
    with pytest.raises(Conflict, match="Ada Lovelace has 2 seats and 1 is already held"):
        seats.take(2, "offer 2 more pairs")
    assert seats.take(1, "offer 1 more pair").held == 2


@given(
    capacity=st.integers(min_value=1, max_value=10),
    takes=st.lists(st.integers(min_value=0, max_value=3), max_size=12),
)
def test_seats_taken_one_step_at_a_time_never_exceed_capacity(
    capacity: int, takes: list[int]
) -> None:
    seats = GuideSeats("Guide", capacity=capacity, held=0)
    for wanted in takes:
        try:
            seats = seats.take(wanted, "take seats")
        except Conflict:
            continue
        assert 0 <= seats.held <= capacity
        assert seats.open == capacity - seats.held


def test_an_over_full_guide_from_older_data_has_no_open_seat_and_says_why() -> None:
    seats = GuideSeats("Grace Hopper", capacity=1, held=3)
    assert seats.over_full and seats.open == 0
    assert "Grace Hopper holds 3 seats but has a capacity of 1" in seats.problem()
    assert GuideSeats("Grace Hopper", capacity=3, held=3).problem() == ""


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (ProposalStatus.ACCEPTED, "approve"),
        (ProposalStatus.DECLINED, "answer"),
        (ProposalStatus.PROPOSED, "answer"),
        (ProposalStatus.EXPIRED, "withdraw"),
    ],
)
def test_a_proposal_refuses_moves_its_state_does_not_allow(
    status: ProposalStatus, move: str
) -> None:
    with pytest.raises(InvalidProposalMove, match=LABELS[status]):
        check_proposal_move(7, status, move)


def test_every_proposal_status_has_a_label_a_person_can_read() -> None:
    assert set(LABELS) == set(ProposalStatus)


def test_an_offer_lapses_at_its_answer_date() -> None:
    assert has_lapsed(NOW, NOW)
    assert not has_lapsed(NOW + timedelta(seconds=1), NOW)
    assert not has_lapsed(None, NOW)
