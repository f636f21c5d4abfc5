"""The issue's "done when": a walk as organisation admin, program admin and manager finds no
path to a note, an action, a goal or a charter (nor another manager's coaching note).

The pairs of the demo organisation write a marker into every kind of content; then each insider
requests every GET route of the app (pages and API) with every id the demo holds, and the
marker must appear in no answer.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from growpath.adapters.orm import (
    CheckInRow,
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    MatchRunRow,
    PersonRow,
    PracticeConversationRow,
    ProgramRow,
    SessionRow,
)
from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.entrypoints.permissions import walk_routes
from growpath.services import goals, practice, sessions
from growpath.services.demo import DemoOrganisation
from growpath.services.demo_programs import demo_actor
from tests.e2e.conftest import bearer, log_in_page

MARKER = "zqx-insider-walk-marker"
# The demo mentor walks too, as the control: they must find their own pair's content.
WALKERS = [("org admin", False), ("program admin", False), ("manager", False), ("mentor", True)]


def _write_content(app: Growpath, demo: DemoOrganisation) -> None:
    """Every enrolment's goals and every running pair's notes, actions, goals and charter
    carry the marker, and so does the note of a manager's coaching conversation (a manager
    other than the demo's, whose walk must not find it)."""
    walker_emails = {login.email for login in demo.logins}
    with app.uow() as uow:
        manager_id, manager_email, _ = next(
            row for row in uow.practice.managers() if row[1] not in walker_emails
        )
        report_id = uow.people.reports_of(manager_id)[0][0]
    coach = demo_actor(app, manager_id, manager_email)
    practice.log_conversation(coach, report_id, coach.now.date(), ["goal"], f"note {MARKER}")
    with app.uow() as uow:
        for enrolment in uow.session.scalars(select(EnrolmentRow)):
            enrolment.goals = f"enrolment goals {MARKER}"
        uow.commit()
    with app.uow() as uow:
        members = uow.session.execute(
            select(EngagementRow.id, EngagementRow.kind, PersonRow.id, PersonRow.email)
            .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
            .join(PersonRow, PersonRow.id == EngagementMemberRow.person_id)
            .where(EngagementRow.status.in_(["active", "renewed"]))
            .order_by(EngagementRow.id, EngagementMemberRow.role)  # guide before participant
        ).all()
    pairs: dict[int, list[tuple[str, int, str]]] = {}
    for engagement_id, kind, person_id, email in members:
        pairs.setdefault(engagement_id, []).append((kind, person_id, email))
    for engagement_id, (guide, participant, *_) in pairs.items():
        kind, guide_id, guide_email = guide
        mentor = demo_actor(app, guide_id, guide_email)
        mentee = demo_actor(app, participant[1], participant[2])
        held = sessions.schedule(mentor, engagement_id, mentor.now + timedelta(hours=1))
        sessions.hold(
            mentor,
            held.id,
            shared_notes={"reality": f"shared {MARKER}"},
            private_notes={"options": f"private {MARKER}"},
            actions=[{"description": f"action {MARKER}", "owner_person_id": participant[1]}],
        )
        goal = {"title": f"goal {MARKER}", "measure": MARKER, "target_value": 3}
        goals.add_goal(mentee, engagement_id, {**goal, "due_on": mentee.now.date() + timedelta(30)})
        if kind == "mentoring":
            charter = {"purpose": MARKER, "goals": MARKER, "meeting_frequency": "weekly"}
            goals.set_charter(mentee, engagement_id, {**charter, "success": MARKER})


def _ids(app: Growpath) -> dict[str, list[int]]:
    with app.uow() as uow:
        found = {
            "engagement_id": uow.session.scalars(select(EngagementRow.id)).all(),
            "session_id": uow.session.scalars(select(SessionRow.id)).all(),
            "person_id": uow.session.scalars(select(EngagementMemberRow.person_id)).all(),
            "program_id": uow.session.scalars(select(ProgramRow.id)).all(),
            "run_id": uow.session.scalars(select(MatchRunRow.id)).all(),
            "checkin_id": uow.session.scalars(select(CheckInRow.id)).all(),
            "conversation_id": uow.session.scalars(select(PracticeConversationRow.id)).all(),
        }
    return {name: sorted(set(ids)) for name, ids in found.items()}


def _paths(app: Growpath) -> list[str]:
    ids = _ids(app)
    paths = []
    for route in walk_routes(create_app(app).routes):
        if "GET" not in (route.methods or ()):
            continue
        params = re.findall(r"{(\w+)}", route.path)
        if any(p not in ids for p in params):
            continue  # tokens of links and unsubscribes: nothing an insider holds
        if not params:
            paths.append(route.path)
        for value in {v for p in params for v in ids[p]}:
            path = route.path
            for param in params:
                path = path.replace(f"{{{param}}}", str(value if value in ids[param] else 0))
            paths.append(path)
    return sorted(set(paths))


@pytest.mark.parametrize(("walker", "may_read"), WALKERS)
def test_a_walk_as_an_insider_finds_no_note_action_goal_or_charter(
    sqlite_app: Growpath, demo: DemoOrganisation, walker: str, may_read: bool
) -> None:
    _write_content(sqlite_app, demo)
    login = next(login for login in demo.logins if login.role == walker)
    with TestClient(create_app(sqlite_app)) as client:
        api = bearer(client, login.email, login.password)
        log_in_page(client, login.email, login.password)
        read = []
        paths = _paths(sqlite_app)
        for path in paths:
            headers = api if path.startswith("/api/") else {"accept": "text/html"}
            answer = client.get(path, headers=headers)
            assert answer.status_code < 500, path
            if MARKER in answer.text:
                read.append(path)
    assert len(paths) > 100
    assert bool(read) == may_read, f"{walker} reads content at {read}"
