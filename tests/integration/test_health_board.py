"""The health board shows pairs that fade as the clock moves on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import NudgeRow
from growpath.bootstrap import Growpath
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


def test_over_months_each_rule_nudges_once_and_a_silent_pair_is_concluded(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    session = sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(hours=1)
    )
    clock.advance(timedelta(hours=2))
    sessions.hold(running_pair.mentor, session.id)
    fired: dict[str, int] = {}
    concluded_on = None
    for day in range(1, 121):
        clock.advance(timedelta(days=1))
        queued, concluded = health.apply_health_rules(app)
        if queued:
            with app.uow() as uow:
                for kind in uow.session.scalars(
                    select(NudgeRow.kind).where(NudgeRow.created_at == clock.now())
                ):
                    fired.setdefault(kind, day)
        if concluded:
            concluded_on = day
    # Two members each get one e-mail per rule: cadence after 60 days, silence after 90.
    assert fired == {"health.cadence": 61, "health.inactivity": 90}
    with app.uow() as uow:
        # The session's invites went out when it was scheduled; the rules' nudges are these.
        counts = dict(
            uow.session.execute(
                select(NudgeRow.kind, func.count())
                .where(NudgeRow.kind.startswith("health."))
                .group_by(NudgeRow.kind)
            ).all()
        )
    assert counts == {"health.cadence": 2, "health.inactivity": 2}
    assert concluded_on == 97
    engagement = engagements.get_engagement(running_pair.mentee, running_pair.engagement_id)
    assert engagement.status == "ended_early"
    assert "without a session" in engagement.end_reason
