"""The demo organisation: a login per role, a coach among them, check-ins already waiting."""

from __future__ import annotations

from growpath.bootstrap import Growpath
from growpath.services import accounts, checkins, engagements
from growpath.services.context import Context
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation


def _as(app: Growpath, demo: DemoOrganisation, role: str) -> Context:
    email = next(login.email for login in demo.logins if login.role == role)
    return Context(app, accounts.authenticate(app, email, DEMO_PASSWORD), "test")


def test_the_demo_participant_has_a_check_in_waiting(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    waiting = checkins.my_checkins(_as(sqlite_app, demo, "participant"))
    assert waiting and all(c.answered_at is None for c in waiting)


def test_the_demo_coach_guides_a_running_coaching_engagement(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    coach = _as(sqlite_app, demo, "coach")
    coaching = [
        e
        for e in engagements.my_engagements(coach)
        if e.kind == "coaching" and e.status in ("active", "renewed")
    ]
    assert coaching
    assert any(
        m.person_id == coach.actor.person_id and m.role == "guide" for m in coaching[0].members
    )
