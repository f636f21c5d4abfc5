"""The engagement lifecycle refuses invalid transitions with a message that says why."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from growpath.domain.engagements import (
    ACTIVE,
    COMPLETED,
    ENDED_EARLY,
    PAUSED,
    PROPOSED,
    RENEWED,
    Engagement,
    InvalidTransition,
)
from growpath.domain.errors import DomainError, InvalidInput

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)


def _engagement(status: str = PROPOSED, kind: str = "mentoring") -> Engagement:
    return Engagement(id=7, kind=kind, status=status)


def test_a_relationship_walks_from_proposed_to_renewed_to_completed() -> None:
    engagement = _engagement()
    engagement.start(TODAY, date(2027, 3, 1))
    engagement.pause()
    assert engagement.status == PAUSED
    engagement.resume()
    engagement.renew(TODAY, date(2028, 3, 1))
    assert (engagement.status, engagement.renewal_on) == (RENEWED, date(2028, 3, 1))
    engagement.complete(NOW)
    assert (engagement.status, engagement.ended_at) == (COMPLETED, NOW)


def test_a_completed_engagement_cannot_be_paused_and_says_why() -> None:
    engagement = _engagement(COMPLETED)
    with pytest.raises(
        InvalidTransition, match="cannot pause engagement 7: it is completed, not active or renewed"
    ):
        engagement.pause()


def test_coaching_cannot_be_renewed() -> None:
    with pytest.raises(InvalidTransition, match="coaching is time-bound"):
        _engagement(ACTIVE, kind="coaching").renew(TODAY, date(2027, 1, 1))


def test_ending_early_needs_a_reason() -> None:
    engagement = _engagement(ACTIVE)
    with pytest.raises(InvalidInput, match="reason"):
        engagement.end_early(NOW, "  ")
    engagement.end_early(NOW, "mentor left the company")
    assert engagement.status == ENDED_EARLY


def test_a_start_must_end_after_it_begins() -> None:
    with pytest.raises(InvalidInput, match="planned_end_on"):
        _engagement().start(TODAY, TODAY)


ACTIONS = ["start", "pause", "resume", "complete", "end_early", "renew"]


def _apply(engagement: Engagement, action: str) -> None:
    if action == "start":
        engagement.start(TODAY, date(2027, 1, 1))
    elif action == "end_early":
        engagement.end_early(NOW, "reason")
    elif action == "renew":
        engagement.renew(TODAY, date(2028, 1, 1))
    elif action in ("complete",):
        engagement.complete(NOW)
    else:
        getattr(engagement, action)()


@given(st.lists(st.sampled_from(ACTIONS), max_size=12))
def test_a_finished_engagement_never_moves_again(actions: list[str]) -> None:
    engagement = _engagement()
    finished_as = None
    for action in actions:
        before = engagement.status
        try:
            _apply(engagement, action)
        except DomainError:
            assert engagement.status == before  # a refused transition changes nothing
        if finished_as is not None:
            assert engagement.status == finished_as
        if engagement.status in (COMPLETED, ENDED_EARLY):
            finished_as = engagement.status
