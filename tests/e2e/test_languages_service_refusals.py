"""A service's refusal in the reader's language: the reason with its values filled in after
translation, for a German reader; the English reader keeps the English text."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.e2e.conftest import ADMIN

GERMAN = {"Accept-Language": "de"}


def _reasons(answer: Any) -> dict[str, str]:
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid_input"
    return {p["field"]: p["reason"] for p in answer.json()["problems"]}


def test_a_number_out_of_bounds_names_its_limit_in_german(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    path = "/api/v1/programs/1/outcomes?share=600"
    english = _reasons(client.get(path, headers=admin_headers))
    assert english == {"share": "must be more than 0 and at most 500"}
    german = client.get(path, headers={**admin_headers, **GERMAN})
    assert _reasons(german) == {"share": "muss größer als 0 und höchstens 500 sein"}
    assert (
        german.json()["detail"] == "1 Problem(e): share: muss größer als 0 und höchstens 500 sein"
    )


def test_a_missing_name_and_a_choice_out_of_the_list_are_german(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    change = {"name": "", "category": "cooking", "key": "other"}
    path = "/api/v1/competencies/no-such-key"
    english = _reasons(client.patch(path, json=change, headers=admin_headers))
    assert english["name"] == "is missing"
    assert english["key"] == "cannot be changed"
    assert english["category"].startswith("must be one of ")
    choices = english["category"].removeprefix("must be one of ")
    german = _reasons(client.patch(path, json=change, headers={**admin_headers, **GERMAN}))
    assert german == {
        "name": "fehlt",
        "key": "kann nicht geändert werden",
        "category": f"muss einer dieser Werte sein: {choices}",
    }


def test_a_conflict_names_the_e_mail_it_clashes_with_in_german(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    person = {"email": ADMIN, "name": "Ada Twice"}
    english = client.post("/api/v1/people", json=person, headers=admin_headers)
    assert english.status_code == 409
    assert english.json()["detail"] == f"a person with e-mail {ADMIN} already exists"
    german = client.post("/api/v1/people", json=person, headers={**admin_headers, **GERMAN})
    assert german.status_code == 409 and german.json()["code"] == "conflict"
    assert german.json()["detail"] == f"eine Person mit der E-Mail {ADMIN} gibt es bereits"


def test_a_missing_thing_is_named_in_the_language_the_reader_chose(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    path = "/api/v1/me/busy-calendars/999999"
    english = client.delete(path, headers=participant_headers)
    assert english.status_code == 404
    assert english.json()["detail"] == "you have no busy calendar with id 999999"
    chosen = client.patch("/api/v1/me/profile", json={"locale": "de"}, headers=participant_headers)
    assert chosen.status_code == 200, chosen.text
    # No Accept-Language: the language saved on the account decides.
    german = client.delete(path, headers=participant_headers)
    assert german.status_code == 404 and german.json()["code"] == "not_found"
    assert german.json()["detail"] == "Sie haben keinen belegten Kalender mit der ID 999999"


def test_a_language_growpath_does_not_offer_lists_the_offered_ones_in_french(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    body = {"locale": "tlh"}
    english = _reasons(client.patch("/api/v1/me/profile", json=body, headers=participant_headers))
    offered = english["locale"].removeprefix("is not a language growpath offers ")
    french = client.patch(
        "/api/v1/me/profile", json=body, headers={**participant_headers, "Accept-Language": "fr"}
    )
    assert _reasons(french) == {"locale": f"n'est pas une langue proposée par growpath {offered}"}


def test_a_refusal_for_a_non_administrator_says_what_was_refused_in_german(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    english = client.get("/api/v1/audit", headers=participant_headers)
    assert english.status_code == 403
    assert english.json()["detail"] == "only an organisation administrator may read the audit trail"
    german = client.get("/api/v1/audit", headers={**participant_headers, **GERMAN})
    assert german.status_code == 403 and german.json()["code"] == "forbidden"
    assert (
        german.json()["detail"]
        == "nur ein Organisations-Administrator darf das Prüfprotokoll lesen"
    )


def test_a_request_the_framework_refuses_is_german_too(client: TestClient) -> None:
    body = {"email": "ada@example.com"}
    english = client.post("/api/v1/auth/token", json=body).json()
    assert english["problems"] == [{"reason": "Field required", "field": "password"}]
    assert english["detail"] == "invalid request: password: Field required"
    german = client.post("/api/v1/auth/token", json=body, headers=GERMAN).json()
    assert german["problems"] == [{"reason": "Pflichtfeld", "field": "password"}]
    assert german["detail"] == "ungültige Anfrage: password: Pflichtfeld"
    assert german["code"] == english["code"] == "invalid_input"
