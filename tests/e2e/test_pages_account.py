"""One's own profile: the page form and the API, the HR record kept out of reach."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.conftest import PARTICIPANT, csrf_of, log_in_page


def test_a_participant_fills_in_skills_and_languages_on_the_profile_page(
    client: TestClient,
) -> None:
    log_in_page(client, PARTICIPANT)
    page = client.get("/account/profile")
    assert page.status_code == 200
    csrf = csrf_of(page.text)  # the form's own token, so an empty one would be caught
    assert "<title>My profile · growpath</title>" in page.text
    assert 'value="python:3; sql:2"' in page.text
    saved = client.post(
        "/account/profile",
        data={
            "csrf": csrf,
            "skills": "go:4; public speaking:2",
            "languages": "en; pt",
            "timezone": "Europe/Lisbon",
            "interests": "climbing",
            "bio": "Platform engineer.",
        },
    )
    assert saved.status_code == 200 and "Your profile is saved." in saved.text
    assert 'value="go:4; public speaking:2"' in saved.text
    assert 'value="Europe/Lisbon"' in saved.text


def test_a_bad_skill_level_is_shown_at_its_field_and_nothing_is_saved(client: TestClient) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    refused = client.post(
        "/account/profile",
        data={"csrf": csrf, "skills": "go:9", "languages": "en", "timezone": "Mars/Base"},
    )
    assert refused.status_code == 422
    assert 'id="skills-error"' in refused.text and 'id="timezone-error"' in refused.text
    assert 'value="go:9"' in refused.text  # what was typed is kept
    assert 'value="python:3; sql:2"' in client.get("/account/profile").text


def test_the_api_changes_the_own_profile_and_refuses_hr_fields(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    changed = client.patch(
        "/api/v1/me/profile", headers=participant_headers, json={"bio": "I like queues."}
    )
    assert changed.status_code == 200 and changed.json()["bio"] == "I like queues."
    refused = client.patch(
        "/api/v1/me/profile", headers=participant_headers, json={"department": "Sales"}
    )
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "department"


def test_a_page_write_takes_its_csrf_token_from_the_form_or_an_htmx_header(
    client: TestClient,
) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    html = {"accept": "text/html"}
    assert client.post("/me/digest", data={"opt_out": "yes"}, headers=html).status_code == 403
    odd = client.post("/me/digest", data={"opt_out": "yes", "csrf": "é" * 8}, headers=html)
    assert odd.status_code == 403, odd.text  # a token with non-ASCII text is refused, no crash
    by_header = client.post(
        "/me/digest",
        data={"opt_out": "yes"},
        headers={**html, "X-CSRF-Token": csrf},
        follow_redirects=False,
    )
    assert by_header.status_code == 303
    by_form = client.post(
        "/me/digest", data={"opt_out": "no", "csrf": csrf}, headers=html, follow_redirects=False
    )
    assert by_form.status_code == 303
