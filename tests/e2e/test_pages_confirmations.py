"""Confirmations over HTTP: what cannot be undone is asked first, with its consequences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.services import (
    accounts,
    engagements,
    enrolment,
    matching,
    people,
    programs,
    sessions,
)
from growpath.services.context import Context, operator_context
from tests.conftest import PASSWORD, START, make_account
from tests.e2e.conftest import ADMIN, csrf_of, log_in_page
from tests.factories import csv_bytes, org_rows, person_row, started_engagement

MENTEE = "person13@example.com"
MENTOR = "person17@example.com"
LATER_MENTEE = "person11@example.com"
SECOND_MENTOR = "person18@example.com"
MENTEE_ID = 14  # the organisation's people are person<n>@example.com with id n + 1


@dataclass(frozen=True)
class World:
    """A running engagement (person 13 with person 17) and one more mentee with an offer."""

    app: Growpath
    admin: Context
    engagement_id: int
    program_id: int
    offered_enrolment_id: int
    mentee: Context
    mentor: Context


@pytest.fixture
def world(seeded: Growpath) -> World:
    """Start an engagement, then enrol one more mentee and offer them a (second) mentor."""
    admin = Context(seeded, accounts.authenticate(seeded, ADMIN, PASSWORD), "test")
    mentee, mentor = make_account(seeded, MENTEE), make_account(seeded, MENTOR)
    engagement_id = started_engagement(admin, mentee, mentor)
    program_id = enrolment.list_enrolments(mentee, mine=True)[0].program_id
    later = make_account(seeded, LATER_MENTEE)
    goals = {"goals": "Learn to lead a team through a reorganisation."}
    offered = enrolment.enrol(later, program_id, "mentee", goals)
    enrolment.enrol(
        make_account(seeded, SECOND_MENTOR),
        program_id,
        "mentor",
        {"capacity": 1, "expertise": ["go"]},
    )
    matching.approve(admin, matching.run_matching(admin, program_id).id)
    return World(seeded, admin, engagement_id, program_id, offered.id, mentee, mentor)


def _status_of(world: World) -> str:
    return programs.get_program(operator_context(world.app), world.program_id).status


def test_closing_a_program_asks_first_with_its_people_and_running_pairs(
    client: TestClient, world: World
) -> None:
    log_in_page(client, ADMIN)
    page = client.get(f"/admin/programs/{world.program_id}").text
    assert f'href="/admin/programs/{world.program_id}/close"' in page
    asked = client.get(f"/admin/programs/{world.program_id}/close")
    name = programs.get_program(world.admin, world.program_id).name
    assert asked.status_code == 200 and f"Close {name}?" in asked.text
    assert "the 2 participant(s) and 2 mentors enrolled now stay enrolled" in asked.text
    assert "The 1 running engagement(s) continue until they end." in asked.text
    assert "This cannot be undone." in asked.text
    assert f'href="/admin/programs/{world.program_id}">Keep it open</a>' in asked.text
    assert _status_of(world) == "open"


def test_closing_without_the_confirmation_changes_nothing_and_asks(
    client: TestClient, world: World
) -> None:
    csrf = log_in_page(client, ADMIN)
    url = f"/admin/programs/{world.program_id}/status"
    unasked = client.post(url, data={"csrf": csrf, "status": "closed"})
    assert unasked.status_code == 200 and 'name="confirm" value="yes"' in unasked.text
    assert 'name="status" value="closed"' in unasked.text
    assert _status_of(world) == "open"
    closed = client.post(
        url, data={"csrf": csrf_of(unasked.text), "status": "closed", "confirm": "yes"}
    )
    assert closed.status_code == 200 and "is closed." in closed.text
    assert _status_of(world) == "closed"


def test_opening_and_back_to_draft_need_no_confirmation(client: TestClient, world: World) -> None:
    csrf = log_in_page(client, ADMIN)
    drafted = client.post(
        f"/admin/programs/{world.program_id}/status", data={"csrf": csrf, "status": "draft"}
    )
    assert "is a draft again." in drafted.text and _status_of(world) == "draft"


def test_withdrawing_asks_first_with_the_offers_that_lapse(
    client: TestClient, world: World
) -> None:
    log_in_page(client, LATER_MENTEE)
    url = f"/enrolments/{world.offered_enrolment_id}/withdraw"
    asked = client.get(url)
    assert asked.status_code == 200
    assert "1 open match proposal(s) lapse." in asked.text
    assert f'href="/programs/{world.program_id}">Keep my enrolment</a>' in asked.text
    unasked = client.post(url, data={"csrf": csrf_of(asked.text)})
    assert unasked.status_code == 200 and "1 open match proposal(s) lapse." in unasked.text
    mine = enrolment.list_enrolments(world.admin, world.program_id)
    assert {e.id: e.status for e in mine}[world.offered_enrolment_id] == "active"
    done = client.post(url, data={"csrf": csrf_of(asked.text), "confirm": "yes"})
    assert "Your enrolment as mentee is withdrawn." in done.text
    mine = enrolment.list_enrolments(world.admin, world.program_id)
    assert {e.id: e.status for e in mine}[world.offered_enrolment_id] == "withdrawn"
    again = client.get(url)
    assert "This enrolment is already withdrawn." in again.text
    assert 'name="confirm"' not in again.text


def test_cancelling_a_session_asks_first_naming_when_and_with_whom(
    client: TestClient, world: World
) -> None:
    scheduled = sessions.schedule(world.mentor, world.engagement_id, START + timedelta(days=2))
    log_in_page(client, MENTEE)
    page = client.get(f"/sessions/{scheduled.id}").text
    assert f'<form method="get" action="/sessions/{scheduled.id}/cancel">' in page
    asked = client.get(f"/sessions/{scheduled.id}/cancel")
    mentor = people.get_person(world.admin, 18).name
    assert asked.status_code == 200 and "Cancel this session?" in asked.text
    assert f"with {mentor} is cancelled." in asked.text
    assert f'href="/sessions/{scheduled.id}">Keep the session</a>' in asked.text
    csrf = csrf_of(asked.text)
    unasked = client.post(f"/sessions/{scheduled.id}/cancel", data={"csrf": csrf})
    assert unasked.status_code == 200 and "Cancel this session?" in unasked.text
    assert sessions.get_session(world.mentor, scheduled.id).status == "scheduled"
    done = client.post(f"/sessions/{scheduled.id}/cancel", data={"csrf": csrf, "confirm": "yes"})
    assert "Session cancelled." in done.text
    assert sessions.get_session(world.mentor, scheduled.id).status == "cancelled"


def test_a_no_show_is_asked_as_such_and_carried_to_the_confirmation(
    client: TestClient, world: World
) -> None:
    scheduled = sessions.schedule(world.mentor, world.engagement_id, START + timedelta(hours=1))
    log_in_page(client, MENTOR)
    asked = client.get(f"/sessions/{scheduled.id}/cancel", params={"no_show": "yes"})
    assert "Record a no-show?" in asked.text and "is recorded as missed" in asked.text
    assert 'name="no_show" value="yes"' in asked.text
    data = {"csrf": csrf_of(asked.text), "confirm": "yes", "no_show": "yes"}
    done = client.post(f"/sessions/{scheduled.id}/cancel", data=data)
    assert "Session marked as a no-show." in done.text
    assert sessions.get_session(world.mentor, scheduled.id).status == "no_show"


def test_a_session_no_longer_scheduled_has_nothing_to_cancel(
    client: TestClient, world: World
) -> None:
    scheduled = sessions.schedule(world.mentor, world.engagement_id, START + timedelta(hours=1))
    sessions.cancel(world.mentor, scheduled.id)
    log_in_page(client, MENTEE)
    asked = client.get(f"/sessions/{scheduled.id}/cancel")
    assert (
        asked.status_code == 200 and "This session was cancelled; nothing to cancel." in asked.text
    )
    assert 'name="confirm"' not in asked.text


def test_an_outsider_gets_no_confirmation_page_for_a_session(
    client: TestClient, world: World
) -> None:
    scheduled = sessions.schedule(world.mentor, world.engagement_id, START + timedelta(days=1))
    log_in_page(client, LATER_MENTEE)
    response = client.get(f"/sessions/{scheduled.id}/cancel", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "Cancel this session?" not in response.text


def test_erasing_asks_first_with_what_the_erasure_reaches(client: TestClient, world: World) -> None:
    log_in_page(client, ADMIN)
    asked = client.get(f"/people/{MENTEE_ID}/erase")
    assert asked.status_code == 200
    assert "their login stops working for good." in asked.text
    assert "of their 1 engagement(s) can never be read again" in asked.text
    assert "their 1 partner(s) lose the shared notes too." in asked.text
    assert "Their 1 active enrolment(s) are withdrawn." in asked.text
    typed = {"csrf": csrf_of(asked.text), "confirm_email": MENTEE}
    unasked = client.post(f"/people/{MENTEE_ID}/erase", data=typed)
    assert unasked.status_code == 200 and "Erase for good" in unasked.text
    assert people.get_person(world.admin, MENTEE_ID).email == MENTEE


def test_after_an_import_the_page_links_inviting_the_new_people_and_matching(
    client: TestClient, world: World
) -> None:
    csrf = log_in_page(client, ADMIN)
    rows = [*org_rows(2), person_row(40), person_row(41)]
    response = client.post(
        "/admin/people/import",
        data={"csrf": csrf},
        files={"file": ("people.csv", csv_bytes(rows), "text/csv")},
    )
    assert response.status_code == 200 and "2 created" in response.text
    steps = response.text.split('id="next-steps"', 1)[1].split("</section>", 1)[0]
    assert '<a href="/admin/accounts">Invite the 2 new people</a>' in steps
    name = programs.get_program(world.admin, world.program_id).name
    link = f'<a href="/admin/programs/{world.program_id}#matching-heading">'
    assert f"{link}Run matching for {name}</a>: 2 participants and 2 mentors enrolled." in steps


def test_an_import_that_adds_nobody_points_to_opening_a_program(
    client: TestClient, seeded: Growpath
) -> None:
    csrf = log_in_page(client, ADMIN)
    response = client.post(
        "/admin/people/import",
        data={"csrf": csrf},
        files={"file": ("people.csv", csv_bytes(org_rows(2)), "text/csv")},
    )
    steps = response.text.split('id="next-steps"', 1)[1].split("</section>", 1)[0]
    assert "Invite" not in steps and '<a href="/admin/programs">Open a program</a>' in steps
    assert 'id="next-steps"' not in client.get("/admin/people/import").text


def test_the_second_acceptance_leads_to_the_engagement_and_says_how_it_starts(
    client: TestClient, world: World
) -> None:
    later = Context(world.app, accounts.authenticate(world.app, LATER_MENTEE, PASSWORD), "test")
    (offer,) = [p for p in matching.my_proposals(later) if p.status == "approved"]
    matching.respond(later, offer.id, accept=True)
    csrf = log_in_page(client, SECOND_MENTOR)
    response = client.post(
        f"/proposals/{offer.id}/response",
        data={"csrf": csrf, "answer": "accept"},
        follow_redirects=False,
    )
    (made,) = [e for e in engagements.my_engagements(later) if e.status == "proposed"]
    assert response.headers["location"] == f"/engagements/{made.id}"
    page = client.get(response.headers["location"]).text
    assert f"You and {offer.mentee_name} are matched. Next: start the engagement" in page
    assert "presses Start on this page" in page
