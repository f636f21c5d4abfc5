"""The engagement and session pages over HTTP: the pair's work, the admin's state-only view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.services import accounts, engagements, goals, sessions
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from tests.conftest import PASSWORD, START, make_account
from tests.e2e.conftest import ADMIN, PARTICIPANT, log_in_page
from tests.factories import started_engagement

MENTEE = "person13@example.com"
MENTOR = "person17@example.com"
OUTSIDER = PARTICIPANT
TOMORROW = (START + timedelta(days=1)).date()


@dataclass(frozen=True)
class Pair:
    """A running mentoring relationship between person 13 and person 17."""

    engagement_id: int
    mentee: Context
    mentor: Context


@pytest.fixture
def pair(seeded: Growpath) -> Pair:
    """Person 17 mentors person 13; nothing has happened yet."""
    ensure_catalogue(operator_context(seeded))
    admin = Context(seeded, accounts.authenticate(seeded, ADMIN, PASSWORD), "test")
    mentee, mentor = make_account(seeded, MENTEE), make_account(seeded, MENTOR)
    return Pair(started_engagement(admin, mentee, mentor), mentee, mentor)


def _held_session(pair: Pair) -> int:
    held = sessions.schedule(pair.mentor, pair.engagement_id, START + timedelta(hours=1))
    sessions.hold(
        pair.mentor,
        held.id,
        shared_notes={"goal": "Prepare the design review"},
        private_notes={"reality": "Seemed tired today"},
        actions=[
            {
                "description": "Send the pre-read",
                "owner_person_id": pair.mentee.actor.person_id,
                "due_on": TOMORROW,
            }
        ],
        themes=["feedback"],
    )
    return held.id


def test_the_mentee_sees_state_charter_goals_sessions_actions_growth_and_guide(
    client: TestClient, pair: Pair
) -> None:
    _held_session(pair)
    csrf = log_in_page(client, MENTEE)
    page = client.get(f"/engagements/{pair.engagement_id}")
    assert page.status_code == 200
    assert 'name="csrf" value=""' not in page.text and f'value="{csrf}"' in page.text
    assert "<title>Mentoring with Person 17 · growpath</title>" in page.text
    for heading in (
        "Charter",
        "Goals",
        "Sessions",
        "Open actions",
        "Competency growth",
        "For your next conversation",
    ):
        assert f">{heading}</h2>" in page.text
    assert "Send the pre-read" in page.text
    assert 'action="/engagements/' in page.text and ">Pause</button>" in page.text
    assert "Seemed tired today" not in page.text  # notes live on the session page


def test_an_admin_sees_the_state_and_lifecycle_but_no_content(
    client: TestClient, pair: Pair
) -> None:
    _held_session(pair)
    goals.add_goal(
        pair.mentee,
        pair.engagement_id,
        {"title": "Lead reviews", "measure": "reviews", "target_value": 2, "due_on": TOMORROW},
    )
    log_in_page(client, ADMIN)
    page = client.get(f"/engagements/{pair.engagement_id}")
    assert page.status_code == 200
    assert "Person 13" in page.text and "Person 17" in page.text
    assert ">Pause</button>" in page.text
    assert "belong to the pair and are not shown here" in page.text
    for content in ("Lead reviews", "Send the pre-read", "Prepare the design review", "Charter"):
        assert content not in page.text


def test_an_outsider_gets_404_for_the_engagement_and_its_sessions(
    client: TestClient, pair: Pair
) -> None:
    session_id = _held_session(pair)
    log_in_page(client, OUTSIDER)
    assert client.get(f"/engagements/{pair.engagement_id}").status_code == 404
    assert client.get(f"/sessions/{session_id}").status_code == 404


def test_an_admin_cannot_open_a_session_page(client: TestClient, pair: Pair) -> None:
    session_id = _held_session(pair)
    log_in_page(client, ADMIN)
    page = client.get(f"/sessions/{session_id}")
    assert page.status_code == 404
    assert "Prepare the design review" not in page.text


def test_a_bad_goal_form_is_re_rendered_with_the_field_named_and_nothing_saved(
    client: TestClient, pair: Pair
) -> None:
    csrf = log_in_page(client, MENTEE)
    page = client.post(
        f"/engagements/{pair.engagement_id}/goals",
        data={
            "csrf": csrf,
            "title": "Run design reviews",
            "measure": "reviews a month",
            "target_value": "lots",
            "due_on": "2026-03-31",
        },
    )
    assert page.status_code == 422
    assert '<a href="#target_value">Target: must be a number' in page.text
    assert 'id="target_value" name="target_value" type="text" value="lots"' in page.text
    assert 'value="Run design reviews"' in page.text  # nothing typed is lost
    assert goals.list_goals(pair.mentee, pair.engagement_id) == []


def test_a_goal_with_a_measurement_shows_a_kpi_chart_with_its_table(
    client: TestClient, pair: Pair
) -> None:
    csrf = log_in_page(client, MENTEE)
    added = client.post(
        f"/engagements/{pair.engagement_id}/goals",
        data={
            "csrf": csrf,
            "title": "Run design reviews",
            "measure": "reviews a month",
            "baseline_value": "0",
            "target_value": "4",
            "due_on": "2026-03-31",
            "competency_keys": "system-design",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    (goal,) = goals.list_goals(pair.mentee, pair.engagement_id)
    assert goal.competency_keys == ("system-design",)
    recorded = client.post(
        f"/goals/{goal.id}/measurements",
        data={"csrf": csrf, "engagement_id": pair.engagement_id, "measured_on": "2026-01-05"},
        follow_redirects=False,
    )
    assert recorded.status_code == 422  # the value is missing
    assert '<a href="#value">Value: is missing</a>' in recorded.text
    recorded = client.post(
        f"/goals/{goal.id}/measurements",
        data={
            "csrf": csrf,
            "engagement_id": pair.engagement_id,
            "measured_on": "2026-01-05",
            "value": "1.5",
        },
    )
    assert recorded.status_code == 200
    assert "Measurement recorded." in recorded.text
    assert "<svg" in recorded.text and 'class="target"' in recorded.text
    assert '<th scope="row">5 Jan 2026</th><td class="number">1.5</td>' in recorded.text
    met = client.post(f"/goals/{goal.id}/status", data={"csrf": csrf, "status": "met"})
    assert "Goal marked met." in met.text
    assert goals.list_goals(pair.mentee, pair.engagement_id)[0].status == "met"


def test_a_measurement_in_the_future_is_refused_with_its_field_named(
    client: TestClient, pair: Pair
) -> None:
    goal = goals.add_goal(
        pair.mentee,
        pair.engagement_id,
        {"title": "Lead reviews", "measure": "reviews", "target_value": 2, "due_on": TOMORROW},
    )
    csrf = log_in_page(client, MENTEE)
    page = client.post(
        f"/goals/{goal.id}/measurements",
        data={
            "csrf": csrf,
            "engagement_id": pair.engagement_id,
            "measured_on": "2026-02-01",
            "value": "3",
        },
    )
    assert page.status_code == 422
    assert "cannot be in the future" in page.text
    assert 'id="measured_on" name="measured_on"' in page.text
    assert goals.list_goals(pair.mentee, pair.engagement_id)[0].measurements == ()


def test_both_sides_write_and_confirm_the_charter(
    client: TestClient, seeded: Growpath, pair: Pair
) -> None:
    csrf = log_in_page(client, MENTEE)
    url = f"/engagements/{pair.engagement_id}/charter"
    bad = client.post(url, data={"csrf": csrf, "purpose": "Context", "goals": "Staff role"})
    assert bad.status_code == 422
    assert '<a href="#meeting_frequency">How often you meet: is missing</a>' in bad.text
    assert goals.get_charter(pair.mentee, pair.engagement_id)["purpose"] == ""
    charter = {
        "csrf": csrf,
        "purpose": "Context and a wider network",
        "goals": "Prepare for a staff role",
        "meeting_frequency": "every two weeks",
        "success": "leads a design review",
    }
    saved = client.post(url, data=charter)
    assert "Charter saved." in saved.text and "Context and a wider network" in saved.text
    confirmed = client.post(f"{url}/confirm", data={"csrf": csrf})
    assert "You confirmed." in confirmed.text
    with TestClient(client.app) as mentor:
        mentor_csrf = log_in_page(mentor, MENTOR)
        both = mentor.post(f"{url}/confirm", data={"csrf": mentor_csrf})
        assert "Charter confirmed by you both." in both.text
    assert goals.get_charter(pair.mentee, pair.engagement_id)["confirmed"]


def test_scheduling_a_session_links_an_invite_that_works_with_the_session_cookie(
    client: TestClient, pair: Pair
) -> None:
    csrf = log_in_page(client, MENTOR)
    url = f"/engagements/{pair.engagement_id}/sessions"
    past = client.post(
        url, data={"csrf": csrf, "scheduled_at": "2026-01-01T10:00", "timezone": "Europe/Berlin"}
    )
    assert past.status_code == 422
    assert '<a href="#scheduled_at">Date and time: must not be in the past</a>' in past.text
    assert sessions.list_sessions(pair.mentor, pair.engagement_id) == []
    page = client.post(
        url,
        data={
            "csrf": csrf,
            "scheduled_at": "2026-01-06T10:00",
            "timezone": "Europe/Berlin",
            "duration_minutes": "45",
            "location": "Video call",
        },
    )
    assert page.status_code == 200
    (session,) = sessions.list_sessions(pair.mentor, pair.engagement_id)
    assert session.scheduled_at == START.replace(day=6)  # 10:00 in Berlin is 09:00 UTC
    assert "Session scheduled for Tue 6 Jan 2026, 10:00 Europe/Berlin." in page.text
    assert f'href="/api/v1/sessions/{session.id}/invite.ics"' in page.text
    invite = client.get(f"/api/v1/sessions/{session.id}/invite.ics")
    assert invite.headers["content-type"].startswith("text/calendar")
    assert Calendar.from_ical(invite.content).walk("VEVENT")


def test_the_mentor_logs_a_session_and_only_they_see_their_private_note(
    client: TestClient, pair: Pair
) -> None:
    scheduled = sessions.schedule(pair.mentor, pair.engagement_id, START + timedelta(hours=1))
    csrf = log_in_page(client, MENTOR)
    form = client.get(f"/sessions/{scheduled.id}")
    assert "Only you will ever see these" in form.text
    logged = client.post(
        f"/sessions/{scheduled.id}/hold",
        data={
            "csrf": csrf,
            "shared_notes.goal": "Prepare the design review",
            "shared_notes.will": "Send a pre-read",
            "private_notes.reality": "Seemed tired today",
            "themes": ["feedback"],
            "action_description": ["", "Send the pre-read", ""],
            "action_owner": [str(pair.mentee.actor.person_id)] * 3,
            "action_due_on": ["", TOMORROW.isoformat(), ""],
        },
    )
    assert logged.status_code == 200
    assert "Session logged." in logged.text
    assert "Prepare the design review" in logged.text and "Seemed tired today" in logged.text
    with TestClient(client.app) as mentee:
        log_in_page(mentee, MENTEE)
        seen = mentee.get(f"/sessions/{scheduled.id}")
        assert "Prepare the design review" in seen.text and "Send a pre-read" in seen.text
        assert "Seemed tired today" not in seen.text
        assert "Send the pre-read" in seen.text


def test_a_bad_action_row_is_re_rendered_with_its_field_named_and_nothing_saved(
    client: TestClient, pair: Pair
) -> None:
    scheduled = sessions.schedule(pair.mentor, pair.engagement_id, START + timedelta(hours=1))
    csrf = log_in_page(client, MENTOR)
    page = client.post(
        f"/sessions/{scheduled.id}/hold",
        data={
            "csrf": csrf,
            "shared_notes.goal": "Keep this text",
            "action_description": ["", "", "Too late"],
            "action_owner": [str(pair.mentee.actor.person_id)] * 3,
            "action_due_on": ["", "", "2025-12-01"],
        },
    )
    assert page.status_code == 422
    assert (
        '<a href="#actions[2].due_on">Due date of action 3: must be today or later</a>' in page.text
    )
    assert 'id="actions[2].due_on"' in page.text and 'value="Too late"' in page.text
    assert "Keep this text" in page.text
    assert sessions.list_sessions(pair.mentor, pair.engagement_id)[0].status == "scheduled"


def test_an_action_is_marked_done_with_a_reload_or_with_htmx(
    client: TestClient, pair: Pair
) -> None:
    session_id = _held_session(pair)
    second = sessions.schedule(pair.mentor, pair.engagement_id, START + timedelta(hours=2))
    sessions.hold(
        pair.mentor,
        second.id,
        actions=[{"description": "Book the room", "owner_person_id": pair.mentor.actor.person_id}],
    )
    first, room = sessions.open_actions(pair.mentee, pair.engagement_id)
    csrf = log_in_page(client, MENTEE)
    back = f"/engagements/{pair.engagement_id}"
    plain = client.post(
        f"/actions/{first.id}/done", data={"csrf": csrf, "back": back}, follow_redirects=False
    )
    assert plain.status_code == 303 and plain.headers["location"] == back
    swapped = client.post(
        f"/actions/{room.id}/done",
        data={"csrf": csrf, "back": f"/sessions/{session_id}"},
        headers={"HX-Request": "true"},
    )
    assert swapped.status_code == 200
    assert swapped.text.startswith(f'<li id="action-{room.id}">') and "Done" in swapped.text
    assert sessions.open_actions(pair.mentee, pair.engagement_id) == []
    elsewhere = client.post(
        f"/actions/{first.id}/done", data={"csrf": csrf, "back": "https://evil.example"}
    )
    assert elsewhere.status_code == 409  # already done; and never sent off-site


def test_cancelling_a_session_and_pausing_the_engagement(client: TestClient, pair: Pair) -> None:
    scheduled = sessions.schedule(pair.mentor, pair.engagement_id, START + timedelta(hours=1))
    csrf = log_in_page(client, MENTOR)
    cancelled = client.post(
        f"/sessions/{scheduled.id}/cancel", data={"csrf": csrf, "confirm": "yes"}
    )
    assert "Session cancelled." in cancelled.text and ">Cancelled</h3>" in cancelled.text
    url = f"/engagements/{pair.engagement_id}/transitions"
    no_reason = client.post(url, data={"csrf": csrf, "action": "end_early", "confirm": "yes"})
    assert no_reason.status_code == 422  # asked again, with the reason named
    assert '<a href="#reason">Reason: say why the engagement ends early</a>' in no_reason.text
    assert "End the mentoring relationship early?" in no_reason.text
    paused = client.post(url, data={"csrf": csrf, "action": "pause"})
    assert "The engagement is now paused." in paused.text
    assert ">Resume</button>" in paused.text and ">Pause</button>" not in paused.text


def test_ratings_at_baseline_and_midpoint_show_growth(
    client: TestClient, pair: Pair, clock: FixedClock
) -> None:
    csrf = log_in_page(client, MENTEE)
    url = f"/engagements/{pair.engagement_id}/ratings"
    bad = client.post(url, data={"csrf": csrf, "competency_key": "feedback", "phase": "baseline"})
    assert bad.status_code == 422
    assert '<a href="#rating">Rating: must be a whole number 1–5</a>' in bad.text
    for phase, level in (("baseline", "2"), ("midpoint", "4")):
        client.post(
            url, data={"csrf": csrf, "competency_key": "feedback", "phase": phase, "rating": level}
        )
    page = client.get(f"/engagements/{pair.engagement_id}")
    assert '<th scope="row">Giving and receiving feedback</th><td>Mentee (self)</td>' in page.text
    assert '<td class="number">+2</td>' in page.text


def test_moving_a_session_on_its_page_and_a_bad_time_named_on_the_form(
    client: TestClient, pair: Pair
) -> None:
    scheduled = sessions.schedule(pair.mentor, pair.engagement_id, START + timedelta(hours=1))
    csrf = log_in_page(client, MENTEE)
    url = f"/sessions/{scheduled.id}/reschedule"
    assert "Move it to another time" in client.get(f"/sessions/{scheduled.id}").text

    bad = client.post(url, data={"csrf": csrf, "scheduled_at": "soon", "timezone": "UTC"})
    assert bad.status_code == 422
    assert '<a href="#scheduled_at">Date and time: ' in bad.text
    assert 'value="soon"' in bad.text

    moved = client.post(
        url,
        data={"csrf": csrf, "scheduled_at": "2026-01-08T10:30", "timezone": "Europe/Berlin"},
    )
    assert moved.status_code == 200
    assert "Session moved to" in moved.text
    assert sessions.get_session(pair.mentee, scheduled.id).scheduled_at == datetime(
        2026, 1, 8, 9, 30, tzinfo=UTC
    )


def test_moving_a_session_changes_its_place_and_a_finished_engagement_offers_no_forms(
    client: TestClient, pair: Pair, clock: FixedClock
) -> None:
    scheduled = sessions.schedule(
        pair.mentor, pair.engagement_id, START + timedelta(hours=1), location="Room 2"
    )
    csrf = log_in_page(client, MENTEE)
    page = client.get(f"/sessions/{scheduled.id}").text
    assert 'id="location"' in page and 'value="Room 2"' in page  # the place as it is
    moved = client.post(
        f"/sessions/{scheduled.id}/reschedule",
        data={
            "csrf": csrf,
            "scheduled_at": "2026-01-08T10:30",
            "timezone": "UTC",
            "location": "Room 7",
        },
    )
    assert "Both of you get the updated calendar invite by e-mail." in moved.text
    assert sessions.get_session(pair.mentee, scheduled.id).location == "Room 7"

    # Its time passes unlogged; then the pair completes the engagement.
    clock.advance(timedelta(days=4))
    engagements.change_engagement(pair.mentor, pair.engagement_id, "complete")
    log_in_page(client, MENTEE)  # days later: a new login
    done = client.get(f"/sessions/{scheduled.id}").text
    assert "can no longer be logged, moved or cancelled" in done
    assert "/reschedule" not in done and "/hold" not in done and "/cancel" not in done


def test_the_scheduling_forms_suggest_time_zones_from_the_list(
    client: TestClient, pair: Pair
) -> None:
    scheduled = sessions.schedule(pair.mentor, pair.engagement_id, START + timedelta(hours=1))
    log_in_page(client, MENTEE)
    for path in (f"/engagements/{pair.engagement_id}", f"/sessions/{scheduled.id}"):
        page = client.get(path).text
        assert 'list="time-zones"' in page, path
        assert '<option value="Europe/Berlin">' in page, path
