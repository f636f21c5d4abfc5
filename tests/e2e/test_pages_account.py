"""One's own profile: the page form and the API, the HR record kept out of reach."""

from __future__ import annotations

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Actor
from growpath.services import accounts, people
from growpath.services.context import Context
from tests.conftest import PASSWORD
from tests.e2e.conftest import PARTICIPANT, csrf_of, log_in_page


def _profile(seeded: Growpath) -> people.PersonView:
    actor: Actor = accounts.authenticate(seeded, PARTICIPANT, PASSWORD)
    return people.get_person(Context(seeded, actor, "test"), actor.person_id or 0)


def test_a_participant_fills_in_skills_and_languages_on_the_profile_page(
    client: TestClient, seeded: Growpath
) -> None:
    log_in_page(client, PARTICIPANT)
    page = client.get("/account/profile")
    assert page.status_code == 200
    csrf = csrf_of(page.text)  # the form's own token, so an empty one would be caught
    assert "<title>My profile · growpath</title>" in page.text
    # Each skill is a row of its own, its level chosen; three empty rows follow.
    assert 'id="skill_1" name="skill_name" type="text" list="known-skills"' in page.text
    assert 'value="python"' in page.text and 'value="sql"' in page.text
    assert '<label class="usa-label" for="level_of_skill_2">Level of skill 2</label>' in page.text
    assert 'id="skill_5"' in page.text and 'id="skill_6"' not in page.text
    assert '<option value="Europe/Berlin"></option>' in page.text
    assert 'for="languages-de">German (de)</label>' in page.text
    unticked_french = 'value="fr"><label class="usa-checkbox__label" for="languages-fr">French (fr)'
    assert unticked_french in page.text
    saved = client.post(
        "/account/profile",
        data={
            "csrf": csrf,
            "skill_name": ["Go", "public speaking", ""],
            "skill_level": ["4", "2", ""],
            "languages": ["en", "pt"],
            "timezone": "Europe/Lisbon",
            "interests": "climbing",
            "bio": "Platform engineer.",
        },
    )
    assert saved.status_code == 200 and "Your profile is saved." in saved.text
    profile = _profile(seeded)
    assert profile.skills == {"go": 4, "public speaking": 2}  # stored as before: name → level
    assert profile.languages == ("en", "pt") and profile.timezone == "Europe/Lisbon"
    assert (
        'value="en" checked><label class="usa-checkbox__label" for="languages-en">English (en)'
        in saved.text
    )
    assert 'value="Europe/Lisbon"' in saved.text


def test_a_bad_skill_level_is_named_by_its_row_and_nothing_is_saved(
    client: TestClient, seeded: Growpath
) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    before = _profile(seeded)
    refused = client.post(
        "/account/profile",
        data={
            "csrf": csrf,
            "skill_name": ["go", "rust", "", "go"],
            "skill_level": ["3", "9", "2", "1"],
            "languages": ["en", "xx"],
            "timezone": "Mars/Base",
        },
    )
    assert refused.status_code == 422
    assert '<a href="#level_of_skill_2">Level of skill 2: must be 1–5</a>' in refused.text
    assert '<a href="#skill_3">Skill 3: is missing' in refused.text
    assert '<a href="#skill_4">Skill 4: repeats skill 1</a>' in refused.text
    assert "xx: not a language on the list" in refused.text
    german = client.post(
        "/account/profile",
        data={"csrf": csrf, "skill_name": ["go", "go"], "skill_level": ["3", ""]},
        headers={"Accept-Language": "de"},
    )
    assert "Fähigkeit 2: wiederholt Fähigkeit 1" in german.text
    assert "Stufe der Fähigkeit 2: fehlt: wählen Sie 1–5" in german.text
    assert 'id="timezone-error"' in refused.text
    assert 'value="Mars/Base"' in refused.text  # what was typed is kept, in its own row
    assert (
        'id="skill_2" name="skill_name" type="text" list="known-skills" autocomplete="off" '
        'value="rust"' in refused.text
    )
    assert _profile(seeded) == before


def test_more_rows_adds_empty_skill_rows_and_saves_nothing(
    client: TestClient, seeded: Growpath
) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    before = _profile(seeded)
    more = client.post(
        "/account/profile",
        data={
            "csrf": csrf,
            "skill_name": ["python", "sql", "kotlin", "", ""],
            "skill_level": ["3", "2", "", "", ""],
            "timezone": "Europe/Berlin",
            "more_rows": "yes",
        },
    )
    assert more.status_code == 200 and "Your profile is saved." not in more.text
    assert 'value="kotlin"' in more.text  # what was typed comes back
    assert 'id="skill_8"' in more.text and 'id="skill_9"' not in more.text
    assert _profile(seeded) == before


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
