"""The participant's pages over HTTP: home, triage, programs, proposals, check-ins, privacy."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.services import (
    accounts,
    checkins,
    consents,
    digests,
    enrolment,
    goals,
    matching,
    programs,
    sessions,
)
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from tests.conftest import PASSWORD, make_account
from tests.e2e.conftest import ADMIN, PARTICIPANT, csrf_of, log_in_page
from tests.factories import started_engagement

MENTOR = "person17@example.com"
HTML = {"accept": "text/html"}
TRIAGE_MENTORING = {
    "need": "career",
    "transition": "new_role",
    "support": "advice",
    "network": "much",
}


@dataclass(frozen=True)
class Running:
    """Person 4 in a running mentoring engagement with person 17, a check-in due."""

    app: Growpath
    engagement_id: int
    program_id: int
    checkin_id: int
    mentee: Context
    mentor: Context


def _admin(app: Growpath) -> Context:
    return Context(app, accounts.authenticate(app, ADMIN, PASSWORD), "test")


def _participant(app: Growpath) -> Context:
    return Context(app, accounts.authenticate(app, PARTICIPANT, PASSWORD), "test")


@pytest.fixture
def running(seeded: Growpath, clock: FixedClock) -> Running:
    """A held session with an action, a session ahead, ratings that grew, a check-in due."""
    ensure_catalogue(operator_context(seeded))
    mentee, mentor = _participant(seeded), make_account(seeded, MENTOR)
    engagement_id = started_engagement(_admin(seeded), mentee, mentor)
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
    goals.rate(mentee, engagement_id, "feedback", "baseline", 2)
    goals.rate(mentee, engagement_id, "feedback", "midpoint", 4)
    clock.advance(timedelta(days=31))
    sessions.schedule(mentor, engagement_id, clock.now() + timedelta(days=2), 45, "Room 4")
    checkins.schedule_checkins(seeded)
    (due,) = checkins.my_checkins(mentee)
    program_id = enrolment.list_enrolments(mentee, mine=True)[0].program_id
    return Running(seeded, engagement_id, program_id, due.id, mentee, mentor)


def form_token(html: str, action: str) -> str:
    """Return the CSRF token of the page's form that posts to action, as a browser sends it."""
    return csrf_of(html.split(f'action="{action}"', 1)[1].split("</form>", 1)[0])


def _open_program(app: Growpath, track: str, name: str, **fields: object) -> int:
    admin = _admin(app)
    made = programs.create_from_template(admin, track, name=name, overrides=fields)
    return programs.set_status(admin, made.id, "open").id


# Home


def test_home_shows_my_engagement_next_session_actions_checkin_and_growth(
    client: TestClient, running: Running
) -> None:
    log_in_page(client, PARTICIPANT)
    page = client.get("/home").text
    assert "<title>Home · growpath</title>" in page
    assert f'href="/engagements/{running.engagement_id}"' in page
    assert "Person 17" in page
    assert "Room 4" in page  # the next session
    assert "Draft the design pre-read" in page and "overdue" in page
    assert f'href="/checkins/{running.checkin_id}"' in page
    assert "Giving and receiving feedback" in page and "+2" in page  # from 2 to 4
    assert "a secret plan" not in page


def test_home_of_a_newcomer_points_to_the_self_assessment_and_the_programs(
    client: TestClient,
) -> None:
    log_in_page(client, PARTICIPANT)
    page = client.get("/home").text
    assert "No engagements yet" in page
    assert 'href="/triage"' in page and 'href="/programs"' in page


def test_the_front_door_and_the_login_form_lead_a_visitor_home(client: TestClient) -> None:
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    assert 'name="next" value=""' in client.get("/login").text
    log_in_page(client, PARTICIPANT)
    # Person 4 has reports: a manager starts on their team (tests/e2e/test_pages_landing.py
    # walks every role).
    assert client.get("/", follow_redirects=False).headers["location"] == "/team"


def test_home_sends_an_anonymous_visitor_to_log_in(client: TestClient) -> None:
    response = client.get("/home", headers=HTML, follow_redirects=False)
    assert response.headers["location"] == "/login?next=/home"


# Triage


def test_triage_recommends_mentoring_with_reasons_and_the_programs_that_fit(
    client: TestClient, seeded: Growpath
) -> None:
    program_id = _open_program(seeded, "traditional-mentoring", "Mentoring for all")
    _open_program(seeded, "first-time-managers", "Managers")
    log_in_page(client, PARTICIPANT)
    form = client.get("/triage").text
    assert "What is your most pressing development need?" in form
    csrf = form_token(form, "/triage")
    page = client.post("/triage", data={**TRIAGE_MENTORING, "csrf": csrf}).text
    assert "We recommend mentoring" in page
    assert "Career paths are best explored with a mentor" in page
    assert f'href="/programs/{program_id}"' in page
    assert "Managers" not in page


def test_a_triage_answer_left_out_is_named_and_the_others_stay_chosen(
    client: TestClient,
) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    answers = {k: v for k, v in TRIAGE_MENTORING.items() if k != "support"}
    response = client.post("/triage", data={**answers, "csrf": csrf})
    assert response.status_code == 422
    assert '<a href="#support">' in response.text and "needs an answer" in response.text
    assert 'value="career" checked' in response.text


# Programs and enrolment


def test_the_programs_page_lists_open_programs_and_my_enrolments(
    client: TestClient, running: Running
) -> None:
    other = _open_program(running.app, "flash-mentoring", "Flash")
    log_in_page(client, PARTICIPANT)
    page = client.get("/programs").text
    assert f'href="/programs/{other}"' in page
    assert "you are in, as mentee" in page


def test_a_participant_enrols_as_mentee_with_goals_competencies_and_preferences(
    client: TestClient, seeded: Growpath
) -> None:
    ensure_catalogue(operator_context(seeded))
    program_id = _open_program(seeded, "traditional-mentoring", "Mentoring for all")
    log_in_page(client, PARTICIPANT)
    form = client.get(f"/programs/{program_id}").text
    assert "Join as mentee" in form
    assert '<option value="de">German (de)</option>' in form  # a language by name, not a code
    csrf = form_token(form, f"/programs/{program_id}/enrol")
    response = client.post(
        f"/programs/{program_id}/enrol",
        data={
            "csrf": csrf,
            "role": "mentee",
            "goals": "Grow into a staff engineer this year.",
            "desired_competencies": ["feedback", "system-design"],
            "preferences.language": "de",
            "preferences.department": "other",
            "preferences.timezone_window_hours": "3",
        },
    )
    assert response.status_code == 200
    assert "You are enrolled in Mentoring for all as mentee." in response.text
    assert "Next: your recommended mentors are ready to choose from" in response.text
    assert "See recommended mentors" in response.text
    (made,) = enrolment.list_enrolments(_participant(seeded), mine=True)
    assert made.desired_competencies == ("feedback", "system-design")
    assert made.preferences == {"language": "de", "department": "other", "timezone_window_hours": 3}


def test_enrolling_with_too_short_goals_names_the_field_keeps_the_values_and_enrols_nobody(
    client: TestClient, seeded: Growpath
) -> None:
    ensure_catalogue(operator_context(seeded))
    program_id = _open_program(seeded, "traditional-mentoring", "Mentoring for all")
    csrf = log_in_page(client, PARTICIPANT)
    response = client.post(
        f"/programs/{program_id}/enrol",
        data={
            "csrf": csrf,
            "role": "mentee",
            "goals": "Grow",
            "desired_competencies": ["feedback"],
            "preferences.timezone_window_hours": "99",
        },
    )
    assert response.status_code == 422
    assert 'id="goals-error"' in response.text
    assert (
        '<a href="#preferences.timezone_window_hours">Time-zone window (hours): must be a whole'
        in response.text
    )
    assert 'aria-invalid="true"' in response.text
    assert 'value="feedback" checked' in response.text and ">Grow</textarea>" in response.text
    assert enrolment.list_enrolments(_participant(seeded), mine=True) == []


def test_offering_to_mentor_with_a_bad_capacity_names_the_capacity(
    client: TestClient, seeded: Growpath
) -> None:
    program_id = _open_program(seeded, "traditional-mentoring", "Mentoring for all")
    csrf = log_in_page(client, PARTICIPANT)
    response = client.post(
        f"/programs/{program_id}/enrol",
        data={"csrf": csrf, "role": "mentor", "capacity": "lots", "expertise": "go, sql"},
    )
    assert response.status_code == 422
    assert 'id="capacity-error"' in response.text and 'value="go, sql"' in response.text
    response = client.post(
        f"/programs/{program_id}/enrol",
        data={"csrf": csrf, "role": "mentor", "capacity": "2", "expertise": "go, sql"},
    )
    (made,) = enrolment.list_enrolments(_participant(seeded), mine=True)
    assert (made.role, made.capacity, made.expertise) == ("mentor", 2, ("go", "sql"))


def test_a_person_outside_the_eligibility_is_told_why_instead_of_a_form(
    client: TestClient, seeded: Growpath
) -> None:
    program_id = _open_program(
        seeded, "first-time-managers", "Managers", eligibility={"levels": [7]}
    )
    log_in_page(client, PARTICIPANT)
    page = client.get(f"/programs/{program_id}").text
    assert "You cannot join as coachee: the program is open to seniority levels 7" in page
    assert 'value="coachee"' not in page and 'value="coach"' in page


def test_a_participant_withdraws_and_nobody_else_can_withdraw_for_them(
    client: TestClient, running: Running
) -> None:
    (mine,) = enrolment.list_enrolments(running.mentee, mine=True)
    csrf = log_in_page(client, MENTOR)
    response = client.post(f"/enrolments/{mine.id}/withdraw", data={"csrf": csrf}, headers=HTML)
    assert response.status_code == 404
    client.post("/logout", data={"csrf": csrf})
    log_in_page(client, PARTICIPANT)
    page = client.get(f"/programs/{running.program_id}").text
    assert f'href="/enrolments/{mine.id}/withdraw"' in page
    asked = client.get(f"/enrolments/{mine.id}/withdraw").text
    csrf = form_token(asked, f"/enrolments/{mine.id}/withdraw")
    response = client.post(f"/enrolments/{mine.id}/withdraw", data={"csrf": csrf, "confirm": "yes"})
    assert "Your enrolment as mentee is withdrawn." in response.text
    assert enrolment.list_enrolments(running.mentee, mine=True)[0].status == "withdrawn"


def test_a_draft_program_is_not_found_for_a_participant(
    client: TestClient, seeded: Growpath
) -> None:
    draft = programs.create_from_template(_admin(seeded), "flash-mentoring", name="Draft")
    log_in_page(client, PARTICIPANT)
    assert client.get(f"/programs/{draft.id}", headers=HTML).status_code == 404


# Recommendations and proposals


@pytest.fixture
def self_service(seeded: Growpath) -> int:
    """An open mentoring program where person 4 is a mentee and persons 17 and 18 mentor."""
    ensure_catalogue(operator_context(seeded))
    program_id = _open_program(seeded, "traditional-mentoring", "Mentoring for all")
    goals_text = {"goals": "Grow into a staff engineer this year.", "desired_competencies": []}
    enrolment.enrol(_participant(seeded), program_id, "mentee", goals_text)
    for email in (MENTOR, "person18@example.com"):
        guide = make_account(seeded, email)
        enrolment.enrol(guide, program_id, "mentor", {"capacity": 1, "expertise": ["python"]})
    return program_id


def test_recommendations_show_each_mentor_with_reasons_and_a_request_that_waits_for_them(
    client: TestClient, seeded: Growpath, self_service: int
) -> None:
    log_in_page(client, PARTICIPANT)
    page = client.get(f"/programs/{self_service}/recommendations").text
    csrf = form_token(page, f"/programs/{self_service}/requests")
    assert "Person 17" in page and "Person 18" in page
    assert "Why this match: the reasons" in page and "Rules checked and met" in page
    guide_id = page.split('name="mentor_enrolment_id" value="')[1].split('"')[0]
    response = client.post(
        f"/programs/{self_service}/requests",
        data={"csrf": csrf, "mentor_enrolment_id": guide_id},
    )
    assert "Your request went to" in response.text
    assert "<title>My match proposals · growpath</title>" in response.text
    assert "waiting for" in response.text
    again = client.get(f"/programs/{self_service}/recommendations").text
    assert "You already asked" in again and 'name="mentor_enrolment_id"' not in again
    second = client.post(
        f"/programs/{self_service}/requests",
        data={"csrf": csrf, "mentor_enrolment_id": guide_id},
        headers=HTML,
    )
    assert second.status_code == 409


def test_recommendations_before_enrolling_point_to_the_enrolment_form(
    client: TestClient, seeded: Growpath
) -> None:
    program_id = _open_program(seeded, "traditional-mentoring", "Mentoring for all")
    log_in_page(client, PARTICIPANT)
    response = client.get(f"/programs/{program_id}/recommendations")
    assert response.status_code == 409
    assert f'href="/programs/{program_id}#join-participant"' in response.text


def test_both_sides_accepting_a_proposal_start_the_match(
    client: TestClient, seeded: Growpath, self_service: int
) -> None:
    admin = _admin(seeded)
    run = matching.approve(admin, matching.run_matching(admin, self_service).id)
    proposal = next(p for p in run.proposals if p.mentee_name == "Person 4")
    log_in_page(client, PARTICIPANT)
    page = client.get("/proposals").text
    csrf = form_token(page, f"/proposals/{proposal.id}/response")
    assert "Rules checked and met" in page
    response = client.post(
        f"/proposals/{proposal.id}/response", data={"csrf": csrf, "answer": "accept"}
    )
    assert f"You accepted; {proposal.mentor_name} has yet to answer" in response.text
    assert "Once they accept, the engagement is ready for either of you to start." in response.text
    guide = Context(seeded, accounts.authenticate(seeded, MENTOR, PASSWORD), "test")
    if proposal.mentor_name != "Person 17":
        guide = Context(
            seeded, accounts.authenticate(seeded, "person18@example.com", PASSWORD), "test"
        )
    matching.respond(guide, proposal.id, accept=True)
    assert "accepted" in client.get("/proposals").text
    assert "No engagements yet" not in client.get("/home").text


def test_home_lists_an_offer_for_each_side_until_that_side_answers(
    client: TestClient, seeded: Growpath, self_service: int
) -> None:
    admin = _admin(seeded)
    run = matching.approve(admin, matching.run_matching(admin, self_service).id)
    proposal = next(p for p in run.proposals if p.mentee_name == "Person 4")
    mentor_email = MENTOR if proposal.mentor_name == "Person 17" else "person18@example.com"
    csrf = log_in_page(client, PARTICIPANT)
    home = client.get("/home").text
    assert f'<a href="/proposals">Match proposal: {proposal.mentor_name}</a>' in home
    assert proposal.expires_at is not None and "· answer by <time" in home
    matching.respond(_participant(seeded), proposal.id, accept=True)
    assert "Match proposal:" not in client.get("/home").text
    client.post("/logout", data={"csrf": csrf})
    log_in_page(client, mentor_email)
    assert '<a href="/proposals">Match proposal: Person 4</a>' in client.get("/home").text


def test_declining_a_proposal_and_a_bad_answer_and_a_strangers_answer(
    client: TestClient, seeded: Growpath, self_service: int
) -> None:
    admin = _admin(seeded)
    run = matching.approve(admin, matching.run_matching(admin, self_service).id)
    proposal = next(p for p in run.proposals if p.mentee_name == "Person 4")
    stranger = make_account(seeded, "person9@example.com")
    assert stranger.actor.person_id not in (proposal.mentee_person_id, proposal.mentor_person_id)
    csrf = log_in_page(client, "person9@example.com")
    response = client.post(
        f"/proposals/{proposal.id}/response",
        data={"csrf": csrf, "answer": "accept"},
        headers=HTML,
    )
    assert response.status_code == 404
    client.post("/logout", data={"csrf": csrf})
    csrf = log_in_page(client, PARTICIPANT)
    bad = client.post(
        f"/proposals/{proposal.id}/response", data={"csrf": csrf, "answer": "maybe"}, headers=HTML
    )
    assert bad.status_code == 422 and "choose accept or decline" in bad.text
    response = client.post(
        f"/proposals/{proposal.id}/response", data={"csrf": csrf, "answer": "decline"}
    )
    assert f"You declined the match with {proposal.mentor_name}." in response.text
    (answered,) = [p for p in matching.my_proposals(_participant(seeded)) if p.id == proposal.id]
    assert answered.status == "declined"


# Check-ins


def test_answering_a_checkin_saves_it_and_thanks_the_participant(
    client: TestClient, running: Running
) -> None:
    log_in_page(client, PARTICIPANT)
    form = client.get(f"/checkins/{running.checkin_id}").text
    assert "Did you meet since the last check-in?" in form
    csrf = form_token(form, f"/checkins/{running.checkin_id}")
    response = client.post(
        f"/checkins/{running.checkin_id}",
        data={
            "csrf": csrf,
            "met_since_last": "yes",
            "satisfaction": "4",
            "progress": "3",
            "comment": "Going well",
        },
    )
    assert "Thank you: your check-in is saved." in response.text
    assert f'href="/checkins/{running.checkin_id}"' not in response.text
    assert "You answered this check-in" in client.get(f"/checkins/{running.checkin_id}").text


def test_a_checkin_without_a_satisfaction_names_it_keeps_the_rest_and_saves_nothing(
    client: TestClient, running: Running
) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    response = client.post(
        f"/checkins/{running.checkin_id}",
        data={"csrf": csrf, "met_since_last": "no", "progress": "2", "comment": "Kept text"},
    )
    assert response.status_code == 422
    assert '<a href="#satisfaction">' in response.text
    assert 'value="no" checked' in response.text and "Kept text</textarea>" in response.text
    (still,) = checkins.my_checkins(running.mentee)
    assert still.answered_at is None


def test_someone_elses_checkin_is_not_found(client: TestClient, running: Running) -> None:
    csrf = log_in_page(client, MENTOR)
    assert client.get(f"/checkins/{running.checkin_id}", headers=HTML).status_code == 404
    response = client.post(
        f"/checkins/{running.checkin_id}",
        data={"csrf": csrf, "met_since_last": "yes", "satisfaction": "5", "progress": "5"},
        headers=HTML,
    )
    assert response.status_code == 404


def test_the_checkin_link_in_the_email_takes_a_logged_out_visitor_through_login_and_back(
    client: TestClient, running: Running
) -> None:
    path = f"/checkins/{running.checkin_id}"
    response = client.get(path, headers=HTML, follow_redirects=False)
    assert response.headers["location"] == f"/login?next={path}"
    login = client.get(response.headers["location"]).text
    response = client.post(
        "/login",
        data={"email": PARTICIPANT, "password": PASSWORD, "csrf": csrf_of(login), "next": path},
        follow_redirects=False,
    )
    assert response.headers["location"] == path


# Privacy and my data


def test_the_privacy_page_shows_each_consent_and_the_digest_setting(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    page = client.get("/me/privacy").text
    assert "my manager sees my trajectory" in page.lower()
    assert 'action="/me/consents/manager_trajectory"' in page
    assert 'action="/me/consents/layering"' in page
    assert "Turn the weekly digest off" in page


def test_sharing_works_as_a_plain_form_and_as_an_htmx_swap(
    client: TestClient, seeded: Growpath
) -> None:
    log_in_page(client, PARTICIPANT)
    csrf = form_token(client.get("/me/privacy").text, "/me/consents/manager_trajectory")
    response = client.post("/me/consents/manager_trajectory", data={"csrf": csrf, "granted": "yes"})
    assert "Given: my manager sees my trajectory" in response.text
    assert "Stop sharing" in response.text
    fragment = client.post(
        "/me/consents/manager_trajectory",
        data={"csrf": csrf, "granted": "no"},
        headers={"HX-Request": "true"},
    )
    assert fragment.text.lstrip().startswith('<li id="consent-manager_trajectory"')
    assert "Withdrawn:" in fragment.text
    shared = {c.kind: c.granted for c in consents.my_consents(_participant(seeded))}
    assert shared == {"manager_trajectory": False, "layering": False}


def test_an_unknown_consent_is_refused_and_nothing_changes(
    client: TestClient, seeded: Growpath
) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    response = client.post(
        "/me/consents/everything", data={"csrf": csrf, "granted": "yes"}, headers=HTML
    )
    assert response.status_code == 422
    assert not any(c.granted for c in consents.my_consents(_participant(seeded)))


def test_turning_the_weekly_digest_off(client: TestClient, seeded: Growpath) -> None:
    log_in_page(client, PARTICIPANT)
    csrf = form_token(client.get("/me/privacy").text, "/me/digest")
    response = client.post("/me/digest", data={"csrf": csrf, "opt_out": "yes"})
    assert "The weekly digest is off." in response.text
    assert "Turn the weekly digest on" in response.text
    assert digests.digest_opt_out(_participant(seeded)) is True


def test_my_data_downloads_as_a_json_file(client: TestClient, running: Running) -> None:
    log_in_page(client, PARTICIPANT)
    response = client.get("/me/data")
    assert response.headers["content-disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == PARTICIPANT
    assert data["engagements"][0]["id"] == running.engagement_id


def test_logging_out_everywhere_ends_this_session_and_the_api_tokens(
    client: TestClient, seeded: Growpath
) -> None:
    token = accounts.issue_token(seeded, _participant(seeded).actor).token
    log_in_page(client, PARTICIPANT)
    csrf = form_token(client.get("/me/privacy").text, "/me/logout-everywhere")
    response = client.post("/me/logout-everywhere", data={"csrf": csrf})
    assert "You are logged out everywhere and revoked 1 API token." in response.text
    assert "<title>Log in · growpath</title>" in response.text
    assert client.get("/home", headers=HTML, follow_redirects=False).status_code == 303
    assert accounts.actor_for_token(seeded, token) is None
