"""A manager sees a consenting report's trajectory, never content; consent can be withdrawn."""

from __future__ import annotations

from datetime import timedelta

import pytest

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.errors import InvalidInput, NotFound, PermissionDenied
from growpath.services import accounts, consents, goals, sessions, trajectory
from tests.conftest import make_account
from tests.integration.conftest import Pair


def test_a_manager_sees_the_trajectory_only_while_the_report_consents(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    manager = make_account(app, "person4@example.com")  # person 13's manager
    session = sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(hours=1)
    )
    sessions.hold(running_pair.mentor, session.id, shared_notes={"goal": "secret plan"})
    goals.rate(running_pair.mentee, running_pair.engagement_id, "feedback", "baseline", 2)
    goals.rate(running_pair.mentee, running_pair.engagement_id, "feedback", "midpoint", 4)
    person_id = running_pair.mentee.actor.person_id
    assert person_id is not None
    assert trajectory.my_reports(manager)[0][2] is False
    with pytest.raises(PermissionDenied, match="has not chosen to share"):
        trajectory.report_trajectory(manager, person_id)
    consents.set_consent(running_pair.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    seen = trajectory.report_trajectory(manager, person_id)
    (engagement,) = seen.engagements
    assert (engagement.sessions_held, engagement.goals_total) == (1, 0)
    assert [(g.competency_key, g.change) for g in engagement.growth] == [("feedback", 2)]
    assert "secret plan" not in repr(seen)
    consents.set_consent(running_pair.mentee, consents.MANAGER_TRAJECTORY, granted=False)
    with pytest.raises(PermissionDenied):
        trajectory.report_trajectory(manager, person_id)


def test_only_the_direct_manager_may_ask(app: Growpath, running_pair: Pair) -> None:
    consents.set_consent(running_pair.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    person_id = running_pair.mentee.actor.person_id
    assert person_id is not None
    for outsider in (
        running_pair.admin,
        running_pair.mentor,
        make_account(app, "person1@example.com"),
    ):  # skip-level manager
        with pytest.raises(NotFound):
            trajectory.report_trajectory(outsider, person_id)


def test_an_unknown_consent_kind_is_refused(running_pair: Pair) -> None:
    with pytest.raises(InvalidInput, match="kind"):
        consents.set_consent(running_pair.mentee, "everything", granted=True)


def test_logging_out_everywhere_revokes_tokens_and_sessions(
    app: Growpath, running_pair: Pair
) -> None:
    issued = accounts.issue_token(app, running_pair.mentee.actor)
    login = accounts.start_session(app, running_pair.mentee.actor)
    assert accounts.logout_everywhere(running_pair.mentee) == 1
    assert accounts.actor_for_token(app, issued.token) is None
    assert accounts.actor_for_session(app, *login.cookie_values()) is None
