"""Lessons from mentors over HTTP: the API's publish, read, follow, hide and withdraw, who may
do which, markup kept as text, and the pages for each (Home, the engagement's suggestions)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.services import (
    audit,
    engagements,
    enrolment,
    lessons,
    matching,
    programs,
    sessions,
)
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from growpath.services.people_import import import_people
from tests.conftest import START, make_account
from tests.e2e.conftest import bearer, log_in_page
from tests.factories import csv_bytes, org_rows, started_engagement

MENTEE, MENTOR, ADMIN = "person13@example.com", "person17@example.com", "admin@example.com"
OTHER_MENTEE, OTHER_MENTOR = "person15@example.com", "person16@example.com"
OTHER_ADMIN, ORG_ADMIN = "other-admin@example.com", "org-admin@example.com"
TITLE = "Ask before advising"
STORY = "For a year I answered every question at once; my mentee stopped bringing me any."
LESSON: dict[str, Any] = {
    "title": TITLE,
    "story": STORY,
    "differently": "Ask what they already tried before I say anything.",
    "themes": ["feedback", "communication"],
}


@pytest.fixture
def world(sqlite_app: Growpath) -> dict[str, Any]:
    """Two running pairs in two programs, each program with its own admin, and an org admin."""
    operator = operator_context(sqlite_app)
    import_people(operator, csv_bytes(org_rows(20)), "people.csv")
    ensure_catalogue(operator)
    admin = make_account(sqlite_app, ADMIN, Role.PROGRAM_ADMIN)
    other_admin = make_account(sqlite_app, OTHER_ADMIN, Role.PROGRAM_ADMIN)
    make_account(sqlite_app, ORG_ADMIN, Role.ORG_ADMIN)
    mentee, mentor = make_account(sqlite_app, MENTEE), make_account(sqlite_app, MENTOR)
    engagement_id = started_engagement(admin, mentee, mentor)
    other = _second_pair(
        other_admin, make_account(sqlite_app, OTHER_MENTEE), make_account(sqlite_app, OTHER_MENTOR)
    )
    return {
        "engagement_id": engagement_id,
        "other_engagement_id": other,
        "mentee": mentee,
        "mentor": mentor,
    }


def _second_pair(admin: Context, mentee: Context, mentor: Context) -> int:
    """Open another mentoring program (its creator administers it), match one pair, start it."""
    made = programs.create_from_template(admin, "traditional-mentoring", name="Second program")
    program_id = programs.set_status(admin, made.id, "open").id
    goals = {"goals": "Learn how decisions really get made here."}
    enrolment.enrol(mentee, program_id, "mentee", goals)
    enrolment.enrol(mentor, program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    run = matching.approve(admin, matching.run_matching(admin, program_id).id)
    for ctx in (mentee, mentor):
        matching.respond(ctx, run.proposals[0].id, accept=True)
    (engagement,) = engagements.my_engagements(mentee)
    engagements.change_engagement(mentor, engagement.id, "start")
    return engagement.id


@pytest.fixture
def client(sqlite_app: Growpath, world: dict[str, Any]) -> Iterator[TestClient]:
    """A client on the world's app."""
    with TestClient(create_app(sqlite_app)) as test_client:
        yield test_client


def test_a_mentor_publishes_and_a_participant_reads_filters_and_follows(
    client: TestClient,
) -> None:
    mentor, mentee = bearer(client, MENTOR), bearer(client, MENTEE)
    published = client.post("/api/v1/lessons", headers=mentor, json=LESSON)
    assert published.status_code == 201, published.text
    lesson = published.json()
    assert lesson["author_name"] and lesson["status"] == "published"
    assert [t["key"] for t in lesson["themes"]] == ["communication", "feedback"]
    listed = client.get("/api/v1/lessons", headers=mentee, params={"theme": "feedback"}).json()
    assert [item["id"] for item in listed["lessons"]] == [lesson["id"]]
    assert (
        client.get("/api/v1/lessons", headers=mentee, params={"theme": "conflict"}).json()[
            "lessons"
        ]
        == []
    )
    unknown = client.get("/api/v1/lessons", headers=mentee, params={"theme": "astrology"})
    assert unknown.status_code == 422 and unknown.json()["problems"][0]["field"] == "theme"
    mentor_id = lesson["author_person_id"]
    followed = client.post(f"/api/v1/mentors/{mentor_id}/follow", headers=mentee)
    assert followed.status_code == 200, followed.text
    assert followed.json()["following"] is True and followed.json()["followers"] == 1
    again = client.post(f"/api/v1/mentors/{mentor_id}/follow", headers=mentee)
    assert again.status_code == 200 and again.json()["followers"] == 1
    mine = client.get("/api/v1/me/followed-mentors", headers=mentee).json()
    assert [m["person_id"] for m in mine] == [mentor_id]
    assert client.delete(f"/api/v1/mentors/{mentor_id}/follow", headers=mentee).status_code == 204
    assert client.get("/api/v1/me/followed-mentors", headers=mentee).json() == []
    itself = client.post(f"/api/v1/mentors/{mentor_id}/follow", headers=mentor)
    assert itself.status_code == 422, itself.text
    # Someone who published nothing is no mentor to follow.
    nobody = client.post(f"/api/v1/mentors/{mentor_id + 1000}/follow", headers=mentee)
    assert nobody.status_code == 404, nobody.text


def test_a_bad_lesson_is_refused_naming_every_field_and_nothing_is_published(
    client: TestClient,
) -> None:
    mentor = bearer(client, MENTOR)
    refused = client.post(
        "/api/v1/lessons",
        headers=mentor,
        json={"title": "Two\nlines", "story": "Too short.", "differently": " ", "themes": ["x"]},
    )
    assert refused.status_code == 422, refused.text
    fields = {p["field"]: p["reason"] for p in refused.json()["problems"]}
    assert set(fields) == {"title", "story", "differently", "themes"}
    assert "control characters" in fields["title"] and "40 characters" in fields["story"]
    assert "not in the theme catalogue: x" in fields["themes"]
    assert client.get("/api/v1/lessons", headers=mentor).json()["lessons"] == []


def test_only_mentors_publish_only_the_author_withdraws_only_the_programs_admins_hide(
    sqlite_app: Growpath, client: TestClient
) -> None:
    mentor, mentee = bearer(client, MENTOR), bearer(client, MENTEE)
    other_mentor = bearer(client, OTHER_MENTOR)
    admin, other_admin = bearer(client, ADMIN), bearer(client, OTHER_ADMIN)
    refused = client.post("/api/v1/lessons", headers=mentee, json=LESSON)
    assert refused.status_code == 403, refused.text
    lesson_id = client.post("/api/v1/lessons", headers=mentor, json=LESSON).json()["id"]
    hide = {"reason": "It names a colleague."}
    for who in (mentee, mentor, other_mentor, other_admin):
        answer = client.post(f"/api/v1/lessons/{lesson_id}/hide", headers=who, json=hide)
        assert answer.status_code == 403, answer.text
    for who in (mentee, other_mentor, admin, other_admin):
        answer = client.post(f"/api/v1/lessons/{lesson_id}/withdraw", headers=who)
        assert answer.status_code == 403, answer.text
    blank = client.post(f"/api/v1/lessons/{lesson_id}/hide", headers=admin, json={"reason": " "})
    assert blank.status_code == 422 and blank.json()["problems"][0]["field"] == "reason"
    hidden = client.post(f"/api/v1/lessons/{lesson_id}/hide", headers=admin, json=hide)
    assert hidden.status_code == 200, hidden.text
    assert hidden.json()["status"] == "hidden"
    twice = client.post(f"/api/v1/lessons/{lesson_id}/hide", headers=admin, json=hide)
    assert twice.status_code == 409, twice.text
    # Hidden: gone for readers, and for the admins of other programs; the author sees why.
    assert client.get(f"/api/v1/lessons/{lesson_id}", headers=mentee).status_code == 404
    assert client.get(f"/api/v1/lessons/{lesson_id}", headers=other_admin).status_code == 404
    assert client.get("/api/v1/lessons", headers=mentee).json()["lessons"] == []
    own = client.get(f"/api/v1/lessons/{lesson_id}", headers=mentor).json()
    assert (own["status"], own["hidden_reason"]) == ("hidden", "It names a colleague.")
    org_admin = Context(
        sqlite_app, make_account(sqlite_app, "auditor@example.com", Role.ORG_ADMIN).actor
    )
    (event,) = audit.query_audit(org_admin, action="lesson.hidden")
    assert event.target_id == str(lesson_id)
    withdrawn = client.post(f"/api/v1/lessons/{lesson_id}/withdraw", headers=mentor)
    assert withdrawn.status_code == 204, withdrawn.text
    assert client.get(f"/api/v1/lessons/{lesson_id}", headers=mentor).status_code == 404


def test_an_organisation_admin_hides_a_lesson_of_any_program(client: TestClient) -> None:
    lesson_id = client.post("/api/v1/lessons", headers=bearer(client, MENTOR), json=LESSON).json()[
        "id"
    ]
    answer = client.post(
        f"/api/v1/lessons/{lesson_id}/hide",
        headers=bearer(client, ORG_ADMIN),
        json={"reason": "Off topic."},
    )
    assert answer.status_code == 200, answer.text


def test_markup_in_a_lesson_is_shown_as_text(client: TestClient) -> None:
    attack = "<script>alert('lesson')</script><img src=x onerror=alert(1)>"
    body = {**LESSON, "title": attack[:100], "story": f"{attack} {STORY}"}
    lesson_id = client.post("/api/v1/lessons", headers=bearer(client, MENTOR), json=body).json()[
        "id"
    ]
    log_in_page(client, MENTEE)
    for path in ("/lessons", f"/lessons/{lesson_id}"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert html.escape("<script>alert(") in page or "&lt;script&gt;alert(" in page


def test_the_pages_publish_follow_show_on_home_and_withdraw_after_asking(
    client: TestClient,
) -> None:
    csrf = log_in_page(client, MENTOR)
    form = client.get("/lessons/new")
    assert form.status_code == 200 and "Write a lesson" in form.text
    bad = client.post("/lessons", data={"csrf": csrf, "title": "", "story": "short"})
    assert bad.status_code == 422 and "There is a problem" in bad.text
    assert 'href="#title"' in bad.text and 'href="#themes"' in bad.text
    data = {**LESSON, "csrf": csrf}
    made = client.post("/lessons", data=data, follow_redirects=False)
    assert made.status_code == 303, made.text
    lesson_path = made.headers["location"]
    assert "Your lesson is published." in client.get(lesson_path).text
    client.post("/logout", data={"csrf": csrf})
    csrf = log_in_page(client, MENTEE)
    assert client.get("/lessons/new").status_code == 403
    lesson = client.get(lesson_path).text
    actions = [part.split('"')[0] for part in lesson.split('action="')[1:]]
    (follow_action,) = [a for a in actions if a.startswith("/mentors/")]
    assert follow_action.endswith("/follow")
    followed = client.post(follow_action, data={"csrf": csrf}, follow_redirects=True)
    assert followed.status_code == 200 and "Stop following" in followed.text
    home = client.get("/home").text
    assert "New lessons from mentors you follow" in home and TITLE in home
    assert client.get(f"{lesson_path}/withdraw").status_code == 403
    client.post("/logout", data={"csrf": csrf})
    csrf = log_in_page(client, MENTOR)
    asked = client.get(f"{lesson_path}/withdraw")
    assert asked.status_code == 200 and "Withdraw the lesson" in asked.text
    unconfirmed = client.post(f"{lesson_path}/withdraw", data={"csrf": csrf})
    assert unconfirmed.status_code == 200 and "Withdraw the lesson" in unconfirmed.text
    assert client.get(lesson_path).status_code == 200
    done = client.post(
        f"{lesson_path}/withdraw", data={"csrf": csrf, "confirm": "yes"}, follow_redirects=False
    )
    assert done.status_code == 303
    assert client.get(lesson_path).status_code == 404


def test_a_program_admin_hides_a_lesson_from_its_page_and_the_author_sees_why(
    client: TestClient,
) -> None:
    lesson_id = client.post("/api/v1/lessons", headers=bearer(client, MENTOR), json=LESSON).json()[
        "id"
    ]
    csrf = log_in_page(client, ADMIN)
    page = client.get(f"/lessons/{lesson_id}").text
    assert "Hide this lesson" in page
    empty = client.post(f"/lessons/{lesson_id}/hide", data={"csrf": csrf, "reason": ""})
    assert empty.status_code == 422 and 'href="#reason"' in empty.text
    hidden = client.post(
        f"/lessons/{lesson_id}/hide",
        data={"csrf": csrf, "reason": "It names a colleague."},
        follow_redirects=False,
    )
    assert hidden.status_code == 303
    client.post("/logout", data={"csrf": csrf})
    log_in_page(client, MENTOR)
    own = client.get(f"/lessons/{lesson_id}").text
    assert "A program admin hid this lesson" in own and "It names a colleague." in own


def test_the_engagement_page_suggests_lessons_on_the_pairs_themes(
    sqlite_app: Growpath, client: TestClient, world: dict[str, Any]
) -> None:
    # Another program's mentor wrote on feedback; the pair's session was about feedback.
    on_feedback = client.post(
        "/api/v1/lessons", headers=bearer(client, OTHER_MENTOR), json=LESSON
    ).json()
    elsewhere = {**LESSON, "title": "Planning a quarter", "themes": ["prioritisation"]}
    client.post("/api/v1/lessons", headers=bearer(client, OTHER_MENTOR), json=elsewhere)
    mentor = world["mentor"]
    held = sessions.schedule(mentor, world["engagement_id"], START + timedelta(hours=2))
    sessions.hold(mentor, held.id, themes=["feedback"])
    suggested = lessons.suggested_lessons(world["mentee"], world["engagement_id"])
    assert [lesson.id for lesson in suggested] == [on_feedback["id"]]
    log_in_page(client, MENTEE)
    page = client.get(f"/engagements/{world['engagement_id']}").text
    assert "Lessons from mentors on your themes" in page and TITLE in page
    assert "Planning a quarter" not in page
