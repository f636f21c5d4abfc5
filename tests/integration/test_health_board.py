"""The health board shows pairs that fade as the clock moves on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from growpath.adapters.clock import FixedClock
from growpath.domain.errors import PermissionDenied
from growpath.services import engagements, health, sessions
from tests.integration.conftest import Pair


def test_a_pair_that_stops_meeting_moves_from_healthy_to_at_risk_to_stalled(
    running_pair: Pair, clock: FixedClock
) -> None:
    session = sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(hours=1)
    )
    clock.advance(timedelta(hours=2))
    sessions.hold(running_pair.mentor, session.id)
    program_id = engagements.get_engagement(
        running_pair.mentee, running_pair.engagement_id
    ).program_id
    (pair,) = health.program_health(running_pair.admin, program_id)
    assert pair.health.status == "healthy"
    clock.advance(timedelta(days=70))  # cadence of traditional mentoring is 30 days
    (pair,) = health.program_health(running_pair.admin, program_id)
    assert pair.health.status == "at_risk"
    assert pair.health.reasons == ("no session for 70 days (cadence 30 days)",)
    clock.advance(timedelta(days=20))
    (pair,) = health.program_health(running_pair.admin, program_id)
    assert pair.health.status == "stalled"


def test_only_admins_see_the_health_board(running_pair: Pair) -> None:
    engagement = engagements.get_engagement(running_pair.mentee, running_pair.engagement_id)
    with pytest.raises(PermissionDenied):
        health.program_health(running_pair.mentee, engagement.program_id)
