"""Errors where the eye is: the form's error summary, the error page's way back, reloads of
form addresses, and problems named in the form's own words."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from growpath.entrypoints.permissions import ROUTE_RULES
from growpath.entrypoints.web.form_fields import field_label
from tests.e2e.conftest import ADMIN, PARTICIPANT, csrf_of, log_in_page

HTML = {"accept": "text/html"}
GET_PAGES = {key.split(" ", 1)[1] for key in ROUTE_RULES if key.startswith("GET ")}


def _page_pattern(path: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\{[^}]+\}", "[^/]+", path))


def _opens(path: str) -> bool:
    return any(_page_pattern(page).fullmatch(path) for page in GET_PAGES)


# Every page form's address that answers POST only (/invitations/accept is no such address:
# it reads as the invitation link /invitations/{token}): a reload after posting lands here.
POST_ONLY = sorted(
    path
    for key in ROUTE_RULES
    if key.startswith("POST ")
    and not (path := key.split(" ", 1)[1]).startswith(("/api/", "/scim/"))
    and not _opens(path)
)


def test_problems_are_named_in_the_forms_words() -> None:
    assert field_label("actions[0].due_on") == "Due date of action 1"
    assert field_label("actions[1].owner_person_id") == "Owner of action 2"
    assert field_label("preferences.timezone_window_hours") == "Time-zone window (hours)"
    assert field_label("shared_notes.goal") == "Shared notes: goal"
    assert field_label("interests") == "Interests"


def test_a_bad_profile_shows_a_focused_summary_linking_each_field_and_saves_nothing(
    client: TestClient,
) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    refused = client.post(
        "/account/profile",
        data={
            "csrf": csrf,
            "skill_name": ["go"],
            "skill_level": ["9"],
            "languages": ["en"],
            "timezone": "Mars/Base",
        },
    )
    assert refused.status_code == 422
    summary = refused.text.split('<div class="usa-alert usa-alert--error error-summary"')[1]
    summary = summary.split("</ul>")[0]
    assert 'role="alert" tabindex="-1" autofocus' in summary
    assert '<h2 class="usa-alert__heading">There is a problem</h2>' in summary
    assert '<a href="#level_of_skill_1">Level of skill 1: ' in summary
    assert '<a href="#timezone">Time zone: ' in summary
    assert re.search(
        r'id="timezone"[^>]*aria-describedby="timezone-hint timezone-error"', refused.text
    )
    assert re.search(r'id="timezone"[^>]*aria-invalid="true"', refused.text)
    # The summary comes before the form it speaks about.
    assert refused.text.index("There is a problem") < refused.text.index('id="skills"')
    assert 'value="python"' in client.get("/account/profile").text


def test_a_form_too_long_to_read_names_the_field_and_leads_back(client: TestClient) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    sent = client.post(
        "/account/password",
        data={"csrf": csrf, "current_password": "x" * 1001, "new_password": "y"},
        headers={**HTML, "referer": "http://testserver/account/password"},
    )
    assert sent.status_code == 422
    assert "Some of what you sent could not be used" in sent.text
    assert "Current password: String should have at most 1000 characters" in sent.text
    assert "current_password" not in sent.text.split("<main")[1].split("</main>")[0].replace(
        'name="current_password"', ""
    )
    assert '<a href="/account/password">Back to the page you came from</a>' in sent.text


def test_the_error_page_links_back_to_the_referring_page_of_this_site_only(
    client: TestClient,
) -> None:
    log_in_page(client, PARTICIPANT)
    came_from = client.get(
        "/people/999999", headers={**HTML, "referer": "http://testserver/people?q=ann"}
    )
    assert came_from.status_code == 404
    assert "We could not find that page" in came_from.text
    assert '<a href="/people?q=ann">Back to the page you came from</a>' in came_from.text
    elsewhere = client.get(
        "/people/999999", headers={**HTML, "referer": "https://evil.example/people"}
    )
    assert "evil.example" not in elsewhere.text
    assert '<a href="/people">Go to the page above</a>' in elsewhere.text
    nowhere = client.get("/nowhere/at/all", headers=HTML)
    assert nowhere.status_code == 404
    assert '<a href="/">Go to your start page</a>' in nowhere.text


def test_a_refused_page_names_the_status_in_plain_words(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    refused = client.get("/admin", headers=HTML)
    assert refused.status_code == 403
    assert "<h1>You do not have access to this</h1>" in refused.text
    assert "Error 403." in refused.text


@pytest.mark.parametrize("path", POST_ONLY)
def test_reloading_a_form_address_goes_to_the_page_of_the_form(
    client: TestClient, path: str
) -> None:
    log_in_page(client, ADMIN)
    address = re.sub(r"\{[^}]+\}", "1", path)
    reloaded = client.get(address, headers=HTML, follow_redirects=False)
    assert reloaded.status_code == 303, reloaded.text
    target = reloaded.headers["location"]
    assert target == "/" or _opens(target)
    assert address.startswith(target.rstrip("/") + "/")  # a page above, never elsewhere
    assert client.get(target, headers=HTML).status_code != 405


def test_a_form_address_still_answers_405_to_an_api_client(client: TestClient) -> None:
    csrf_of(client.get("/login").text)
    assert client.get("/logout", headers={"accept": "application/json"}).status_code == 405


def test_the_goal_form_of_an_engagement_reloads_to_the_engagement(client: TestClient) -> None:
    log_in_page(client, ADMIN)
    reloaded = client.get("/engagements/5/goals", headers=HTML, follow_redirects=False)
    assert reloaded.headers["location"] == "/engagements/5"
