"""Withdrawing a proposed slot, and the pair acting at the same moment (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import select

from growpath.adapters.orm import SessionRow, SlotProposalRow
from growpath.bootstrap import Growpath
from growpath.domain.errors import Conflict, DomainError
from growpath.services import find_time, sessions
from tests.integration.conftest import Pair


def _together(*calls: Callable[[], object]) -> list[object]:
    """Run the calls in threads released at the same instant; return results or errors."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        barrier.wait()
        try:
            outcomes[index] = call()
        except DomainError as exc:
            outcomes[index] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _statuses(app: Growpath, engagement_id: int) -> list[str]:
    with app.uow() as uow:
        rows = uow.session.scalars(
            select(SlotProposalRow)
            .where(SlotProposalRow.engagement_id == engagement_id)
            .order_by(SlotProposalRow.id)
        )
        return [row.status for row in rows]


def _session_count(app: Growpath, engagement_id: int) -> int:
    with app.uow() as uow:
        rows = uow.session.scalars(
            select(SessionRow).where(SessionRow.engagement_id == engagement_id)
        )
        return len(list(rows))


def test_the_proposer_withdraws_and_nobody_can_confirm_it_afterwards(running_pair: Pair) -> None:
    slot = find_time.find_slots(running_pair.mentee, running_pair.engagement_id).slots[0]
    proposal = find_time.propose_slot(
        running_pair.mentee, running_pair.engagement_id, slot.starts_at
    )
    seen = find_time.pending_proposal(running_pair.mentor, running_pair.engagement_id)
    assert seen is not None and seen.proposed_by == proposal.proposed_by
    assert not seen.proposed_by_me and seen.proposed_at == proposal.proposed_at

    with pytest.raises(Conflict, match="only the person who proposed this time"):
        find_time.withdraw_slot(running_pair.mentor, proposal.id)
    withdrawn = find_time.withdraw_slot(running_pair.mentee, proposal.id)

    assert withdrawn.status == "withdrawn"
    assert find_time.get_proposal(running_pair.mentor, proposal.id).status == "withdrawn"
    assert find_time.pending_proposal(running_pair.mentor, running_pair.engagement_id) is None
    with pytest.raises(Conflict, match="the person who proposed it withdrew it"):
        find_time.confirm_slot(running_pair.mentor, proposal.id)
    with pytest.raises(Conflict, match="cannot be withdrawn: the person who proposed it withdrew"):
        find_time.withdraw_slot(running_pair.mentee, proposal.id)
    assert sessions.list_sessions(running_pair.mentee, running_pair.engagement_id) == []


def test_a_confirmed_proposal_cannot_be_withdrawn(running_pair: Pair) -> None:
    slot = find_time.find_slots(running_pair.mentee, running_pair.engagement_id).slots[0]
    proposal = find_time.propose_slot(
        running_pair.mentee, running_pair.engagement_id, slot.starts_at
    )
    find_time.confirm_slot(running_pair.mentor, proposal.id)

    with pytest.raises(Conflict, match="cannot be withdrawn: it is already confirmed"):
        find_time.withdraw_slot(running_pair.mentee, proposal.id)
    assert find_time.get_proposal(running_pair.mentee, proposal.id).status == "confirmed"


def test_when_both_propose_at_once_one_proposal_stays_open(
    running_pair: Pair, app: Growpath
) -> None:
    first, second = find_time.find_slots(running_pair.mentee, running_pair.engagement_id).slots[:2]
    engagement = running_pair.engagement_id

    outcomes = _together(
        lambda: find_time.propose_slot(running_pair.mentee, engagement, first.starts_at),
        lambda: find_time.propose_slot(running_pair.mentor, engagement, second.starts_at),
    )

    assert all(isinstance(o, find_time.ProposalView) for o in outcomes), outcomes
    assert sorted(_statuses(app, engagement)) == ["proposed", "superseded"]
    (open_now,) = [
        o for o in outcomes if isinstance(o, find_time.ProposalView) and _is_open(app, o.id)
    ]
    pending = find_time.pending_proposal(running_pair.mentee, engagement)
    assert pending is not None and pending.id == open_now.id


def test_a_confirm_crossing_a_withdrawal_does_exactly_one_of_them(
    running_pair: Pair, app: Growpath
) -> None:
    slot = find_time.find_slots(running_pair.mentee, running_pair.engagement_id).slots[0]
    proposal = find_time.propose_slot(
        running_pair.mentee, running_pair.engagement_id, slot.starts_at
    )

    confirmed, withdrawn = _together(
        lambda: find_time.confirm_slot(running_pair.mentor, proposal.id),
        lambda: find_time.withdraw_slot(running_pair.mentee, proposal.id),
    )

    status = find_time.get_proposal(running_pair.mentee, proposal.id).status
    sessions_made = _session_count(app, running_pair.engagement_id)
    if status == "confirmed":
        assert isinstance(withdrawn, Conflict) and "already confirmed" in withdrawn.message
        assert isinstance(confirmed, find_time.ProposalView) and sessions_made == 1
    else:
        assert status == "withdrawn"
        assert isinstance(confirmed, Conflict) and "withdrew it" in confirmed.message
        assert isinstance(withdrawn, find_time.ProposalView) and sessions_made == 0


def test_a_confirm_and_a_decline_at_once_do_exactly_one_of_them(
    running_pair: Pair, app: Growpath
) -> None:
    slot = find_time.find_slots(running_pair.mentee, running_pair.engagement_id).slots[0]
    proposal = find_time.propose_slot(
        running_pair.mentee, running_pair.engagement_id, slot.starts_at
    )

    outcomes = _together(
        lambda: find_time.confirm_slot(running_pair.mentor, proposal.id),
        lambda: find_time.decline_slot(running_pair.mentor, proposal.id),
    )

    assert sum(isinstance(o, Conflict) for o in outcomes) == 1, outcomes
    status = find_time.get_proposal(running_pair.mentee, proposal.id).status
    assert _session_count(app, running_pair.engagement_id) == (1 if status == "confirmed" else 0)


def _is_open(app: Growpath, proposal_id: int) -> bool:
    with app.uow() as uow:
        row = uow.session.get(SlotProposalRow, proposal_id)
        return row is not None and row.status == "proposed"
