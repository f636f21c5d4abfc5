"""Which lifecycle buttons an engagement offers: exactly the moves its aggregate accepts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from growpath.domain.engagements import STATUSES, Engagement, InvalidTransition, available_moves

TODAY = date(2026, 1, 5)


def _try(engagement: Engagement, move: str) -> bool:
    now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    try:
        if move == "start":
            engagement.start(TODAY, date(2026, 7, 5))
        elif move == "renew":
            engagement.renew(TODAY, date(2027, 1, 5))
        elif move == "end_early":
            engagement.end_early(now, "moved on")
        elif move == "complete":
            engagement.complete(now)
        else:
            getattr(engagement, move)()
    except InvalidTransition:
        return False
    return True


@pytest.mark.parametrize("kind", ["coaching", "mentoring"])
@pytest.mark.parametrize("status", STATUSES)
def test_the_offered_moves_are_the_ones_the_aggregate_accepts(kind: str, status: str) -> None:
    moves = ("start", "pause", "resume", "complete", "end_early", "renew")
    accepted = tuple(m for m in moves if _try(Engagement(1, kind, status), m))
    assert available_moves(kind, status) == accepted


def test_a_finished_engagement_offers_no_move() -> None:
    assert available_moves("mentoring", "completed") == ()
    assert available_moves("coaching", "ended_early") == ()
