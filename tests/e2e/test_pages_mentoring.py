"""The guide's and the manager's pages over HTTP: caseload, team, trajectory, manager rating."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import accounts, consents, goals, sessions
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from tests.conftest import PASSWORD, make_account
from tests.e2e.conftest import ADMIN, PARTICIPANT, csrf_of, log_in_page
from tests.factories import started_engagement

MANAGER = PARTICIPANT  # person 4 manages persons 13, 14 and 15
MENTEE = "person13@example.com"
MENTOR = "person17@example.com"


@dataclass(frozen=True)
class Guided:
    """A running mentoring pair with a session to log and an action due."""

    engagement_id: int
    mentee: Context
    mentor: Context
    held_session_id: int
    past_session_id: int


@pytest.fixture
def guided(seeded: Growpath, clock: FixedClock) -> Guided:
    """Person 17 mentors person 13; one session is held, a later one passed unlogged."""
    ensure_catalogue(operator_context(seeded))
    admin = Context(seeded, accounts.authenticate(seeded, ADMIN, PASSWORD), "test")
    mentee, mentor = make_account(seeded, MENTEE), make_account(seeded, MENTOR)
    engagement_id = started_engagement(admin, mentee, mentor)
    held = sessions.schedule(mentor, engagement_id, clock.now() + timedelta(hours=1))
    sessions.hold(
        mentor,
        held.id,
        shared_notes={"goal": "a secret plan"},
        actions=[
            {
                "description": "Draft the design pre-read",
                "owner_person_id": mentee.actor.person_id,
                "due_on": clock.now().date() + timedelta(days=3),
            }
        ],
    )
    past = sessions.schedule(mentor, engagement_id, clock.now() + timedelta(hours=2))
    clock.advance(timedelta(days=1))
    return Guided(engagement_id, mentee, mentor, held.id, past.id)


def _person_id(ctx: Context) -> int:
    assert ctx.actor.person_id is not None
    return ctx.actor.person_id


def test_a_mentor_sees_their_mentee_seats_sessions_to_log_and_actions_due(
    client: TestClient, guided: Guided
) -> None:
    log_in_page(client, MENTOR)
    page = client.get("/mentoring")
    assert page.status_code == 200
    assert "<title>My mentees and coachees · growpath</title>" in page.text
    assert f'href="/engagements/{guided.engagement_id}">Person 13</a>' in page.text
    assert f'href="/sessions/{guided.past_session_id}"' in page.text
    assert f'href="/sessions/{guided.held_session_id}"' not in page.text  # already logged
    assert "Draft the design pre-read" in page.text
    assert '<td class="number">1</td>' in page.text  # one seat taken of a capacity of one
    assert "a secret plan" not in page.text


def test_someone_who_guides_nobody_is_pointed_to_the_programs(client: TestClient) -> None:
    log_in_page(client, MANAGER)
    page = client.get("/mentoring")
    assert page.status_code == 200
    assert "You are not guiding anyone yet" in page.text
    assert 'href="/programs"' in page.text


def test_the_mentoring_page_sends_a_visitor_to_the_login_first(client: TestClient) -> None:
    response = client.get("/mentoring", headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/mentoring"


def test_a_manager_sees_which_reports_share_their_trajectory(
    client: TestClient, guided: Guided
) -> None:
    consents.set_consent(guided.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    log_in_page(client, MANAGER)
    page = client.get("/team")
    assert page.status_code == 200
    assert "<title>My team · growpath</title>" in page.text
    assert f'<a href="/team/{_person_id(guided.mentee)}">Person 13</a>' in page.text
    assert "Person 14 <span" in page.text
    assert page.text.count("not shared") == 2  # persons 14 and 15


def test_someone_without_reports_is_told_so_on_the_team_page(client: TestClient) -> None:
    make_account(client.app.state.growpath, MENTOR)  # type: ignore[attr-defined]
    log_in_page(client, MENTOR)
    assert "Nobody reports to you" in client.get("/team").text


def test_a_manager_sees_a_consenting_reports_trajectory_and_never_the_notes(
    client: TestClient, guided: Guided
) -> None:
    consents.set_consent(guided.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    for phase, level in (("baseline", 2), ("midpoint", 4)):
        goals.rate(guided.mentee, guided.engagement_id, "feedback", phase, level)
    log_in_page(client, MANAGER)
    page = client.get(f"/team/{_person_id(guided.mentee)}")
    assert page.status_code == 200
    assert "<h1>Person 13's trajectory</h1>" in page.text
    assert "<dt>Sessions held</dt><dd>1</dd>" in page.text
    assert "Competency growth since the baseline" in page.text
    assert '<td class="number">+2</td>' in page.text
    # The chart above the table: the latest rating on the 1–5 scale, labelled with the start.
    chart = page.text.split('<figure class="chart">')[1].split("</figure>")[0]
    assert "Latest rating per competency in" in chart
    assert ">Giving and receiving feedback (self), from 2</text>" in chart
    assert '<rect class="bar" x="0" y="24" width="192.0"' in chart  # 4 of 5 on 240 units
    assert chart.count('class="tick"') == 6 and ">rating</text>" in chart  # a 0–5 scale
    for secret in ("a secret plan", "Draft the design pre-read"):
        assert secret not in page.text


def test_a_report_who_does_not_share_gives_the_manager_a_403(
    client: TestClient, guided: Guided
) -> None:
    log_in_page(client, MANAGER)
    page = client.get(f"/team/{_person_id(guided.mentee)}")
    assert page.status_code == 403
    assert "has not chosen to share" in page.text


@pytest.mark.parametrize("email", [MENTOR, ADMIN, MENTEE])
def test_only_the_direct_manager_may_see_a_trajectory(
    client: TestClient, guided: Guided, email: str
) -> None:
    consents.set_consent(guided.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    log_in_page(client, email)
    assert client.get(f"/team/{_person_id(guided.mentee)}").status_code == 404


def _manager_ratings(guided: Guided) -> list[tuple[str, int]]:
    return [
        (g.competency_key, g.latest)
        for g in goals.engagement_growth(guided.mentee, guided.engagement_id)
        if g.rater_role == "manager"
    ]


def _post_rating(
    client: TestClient, person_id: int, engagement_id: int, **changes: str
) -> Response:
    """Post the manager's rating form: feedback, baseline, 3, unless changed."""
    form = {
        "engagement_id": str(engagement_id),
        "competency_key": "feedback",
        "phase": "baseline",
        "rating": "3",
        **changes,
    }
    return client.post(f"/team/{person_id}/ratings", data=form, follow_redirects=False)


def test_a_manager_rates_a_consenting_report(client: TestClient, guided: Guided) -> None:
    consents.set_consent(guided.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    log_in_page(client, MANAGER)
    person_id = _person_id(guided.mentee)
    page = client.get(f"/team/{person_id}").text
    # The token the rating form itself carries, not the one of the logout form above it.
    csrf = csrf_of(page.split(f'action="/team/{person_id}/ratings"')[1])
    for phase, rating in (("baseline", "2"), ("midpoint", "3")):
        response = _post_rating(
            client, person_id, guided.engagement_id, phase=phase, rating=rating, csrf=csrf
        )
        assert response.status_code == 303
        assert response.headers["location"] == f"/team/{person_id}"
    assert _manager_ratings(guided) == [("feedback", 3)]
    assert "Your rating is saved." in client.get(f"/team/{person_id}").text


def test_the_rating_form_chooses_no_rating_in_advance(client: TestClient, guided: Guided) -> None:
    consents.set_consent(guided.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    log_in_page(client, MANAGER)
    page = client.get(f"/team/{_person_id(guided.mentee)}").text
    form = page.split('action="/team/')[1].split("</form>")[0]
    assert len(re.findall(r'type="radio" id="rating[-0-9]*" name="rating"', form)) == 5
    assert form.count(" required") >= 5
    assert "checked" not in form


def test_a_rating_left_unchosen_is_asked_for_and_nothing_saved(
    client: TestClient, guided: Guided
) -> None:
    consents.set_consent(guided.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    csrf = log_in_page(client, MANAGER)
    response = _post_rating(
        client, _person_id(guided.mentee), guided.engagement_id, csrf=csrf, rating=""
    )
    assert response.status_code == 422
    assert "choose a rating from 1 to 5" in response.text
    assert _manager_ratings(guided) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("rating", "seven"), ("rating", "9"), ("phase", "whenever"), ("competency_key", "juggling")],
)
def test_a_bad_rating_is_shown_again_with_the_field_named_and_nothing_saved(
    client: TestClient, guided: Guided, field: str, value: str
) -> None:
    consents.set_consent(guided.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    csrf = log_in_page(client, MANAGER)
    typed = {"competency_key": "delegation", "phase": "midpoint", field: value}
    response = _post_rating(
        client, _person_id(guided.mentee), guided.engagement_id, csrf=csrf, **typed
    )
    assert response.status_code == 422
    assert f'<a href="#{field}">' in response.text
    assert f'id="{field}"' in response.text and 'aria-invalid="true"' in response.text
    for kept in {"competency_key", "phase"} - {field}:  # what was typed right stays chosen
        assert f'value="{typed[kept]}" selected' in response.text
    assert _manager_ratings(guided) == []


def test_a_rating_without_the_forms_token_is_refused(client: TestClient, guided: Guided) -> None:
    consents.set_consent(guided.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    log_in_page(client, MANAGER)
    response = _post_rating(client, _person_id(guided.mentee), guided.engagement_id)
    assert response.status_code == 403
    assert _manager_ratings(guided) == []


def test_the_guide_cannot_use_the_managers_rating_form(client: TestClient, guided: Guided) -> None:
    consents.set_consent(guided.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    csrf = log_in_page(client, MENTOR)
    response = _post_rating(client, _person_id(guided.mentee), guided.engagement_id, csrf=csrf)
    assert response.status_code == 404
    assert goals.engagement_growth(guided.mentee, guided.engagement_id) == []


def test_a_manager_cannot_rate_an_engagement_that_is_not_the_reports(
    client: TestClient, guided: Guided, seeded: Growpath
) -> None:
    consents.set_consent(guided.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    other = make_account(seeded, "person14@example.com", Role.PARTICIPANT)
    consents.set_consent(other, consents.MANAGER_TRAJECTORY, granted=True)
    csrf = log_in_page(client, MANAGER)
    response = _post_rating(client, _person_id(other), guided.engagement_id, csrf=csrf)
    assert response.status_code == 404
    assert _manager_ratings(guided) == []
