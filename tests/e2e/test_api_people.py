"""The people API: login required, filters and pages, validation, admin-only writes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from growpath.domain.people import HRIS_FIELDS
from tests.factories import csv_bytes, org_rows, person_row

PEOPLE_ROUTES = [
    ("GET", "/api/v1/people"),
    ("GET", "/api/v1/people/1"),
    ("POST", "/api/v1/people"),
    ("PATCH", "/api/v1/people/1"),
    ("POST", "/api/v1/people/import"),
    ("GET", "/api/v1/people/export"),
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/me/data"),
]


@pytest.mark.parametrize(("method", "path"), PEOPLE_ROUTES)
def test_no_people_route_answers_without_login(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path)
    assert response.status_code == 401
    assert "log in" in response.json()["detail"]


def test_a_wrong_token_is_refused(client: TestClient) -> None:
    response = client.get("/api/v1/people", headers={"Authorization": "Bearer forged"})
    assert response.status_code == 401


def test_wrong_credentials_get_401_with_a_message(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/token", json={"email": "person0@example.com", "password": "nope-nope-123"}
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "wrong e-mail or password"


def test_people_are_listed_with_filters_and_pages(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    response = client.get(
        "/api/v1/people", params={"page_size": 5, "page": 2}, headers=participant_headers
    )
    body = response.json()
    assert response.status_code == 200
    assert (body["total"], body["pages"], len(body["items"])) == (20, 4, 5)
    data = client.get(
        "/api/v1/people", params={"department": "Data"}, headers=participant_headers
    ).json()
    assert data["total"] > 0 and {p["department"] for p in data["items"]} == {"Data"}
    found = client.get(
        "/api/v1/people", params={"q": "person13"}, headers=participant_headers
    ).json()
    assert [p["email"] for p in found["items"]] == ["person13@example.com"]


def test_the_department_filter_ignores_case(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    exact = client.get("/api/v1/people", params={"department": "Data"}, headers=participant_headers)
    lower = client.get("/api/v1/people", params={"department": "data"}, headers=participant_headers)
    assert exact.json()["total"] > 0
    assert lower.json()["items"] == exact.json()["items"]


def test_a_participant_sees_only_their_own_and_their_reports_levels(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    # person4 reports to person1 and manages persons 13 to 15.
    listed = client.get("/api/v1/people", params={"page_size": 50}, headers=participant_headers)
    levels = {p["email"]: p["seniority_level"] for p in listed.json()["items"]}
    shown = {email for email, level in levels.items() if level is not None}
    assert shown == {f"person{n}@example.com" for n in (4, 13, 14, 15)}
    boss = client.get("/api/v1/people/1", headers=participant_headers).json()
    assert boss["email"] == "person0@example.com" and boss["seniority_level"] is None


def test_an_admin_sees_every_level(client: TestClient, admin_headers: dict[str, str]) -> None:
    listed = client.get("/api/v1/people", params={"page_size": 50}, headers=admin_headers)
    assert all(p["seniority_level"] is not None for p in listed.json()["items"])


def test_a_participant_cannot_filter_by_level(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    response = client.get(
        "/api/v1/people", params={"seniority_level": 10}, headers=participant_headers
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "seniority_level"


@pytest.mark.parametrize("params", [{"page": 0}, {"page_size": 1000}, {"seniority_level": "x"}])
def test_bad_listing_parameters_answer_422_naming_the_parameter(
    client: TestClient, participant_headers: dict[str, str], params: dict[str, int | str]
) -> None:
    response = client.get("/api/v1/people", params=params, headers=participant_headers)
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"].endswith(next(iter(params)))


def test_an_admin_creates_and_updates_a_person(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    created = client.post(
        "/api/v1/people",
        headers=admin_headers,
        json={
            "email": "new@example.com",
            "name": "New Person",
            "manager_email": "person1@example.com",
            "skills": {"rust": 2},
            "timezone": "Asia/Tokyo",
        },
    )
    assert created.status_code == 201, created.text
    person = created.json()
    assert person["manager_email"] == "person1@example.com"
    updated = client.patch(
        f"/api/v1/people/{person['id']}",
        headers=admin_headers,
        json={"title": "Lead", "skills": {"rust": 4}},
    )
    assert updated.status_code == 200
    assert (updated.json()["title"], updated.json()["skills"]) == ("Lead", {"rust": 4})
    assert updated.json()["timezone"] == "Asia/Tokyo"


def test_a_bad_person_answers_422_naming_each_field_and_writes_nothing(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/people",
        headers=admin_headers,
        json={"email": "bad", "name": "X", "timezone": "Mars/Base", "manager_email": "ghost@x.io"},
    )
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["problems"]}
    assert fields == {"email", "timezone"}
    assert (
        client.get("/api/v1/people", params={"q": "Mars"}, headers=admin_headers).json()["total"]
        == 0
    )


def test_a_header_injection_in_a_name_or_own_interests_answers_422_naming_the_field(
    client: TestClient, admin_headers: dict[str, str], participant_headers: dict[str, str]
) -> None:
    response = client.patch(
        "/api/v1/people/2", headers=admin_headers, json={"name": "Eve\r\nBcc: eve@example.com"}
    )
    assert response.status_code == 422, response.text
    assert [p["field"] for p in response.json()["problems"]] == ["name"]
    response = client.patch(
        "/api/v1/me/profile", headers=participant_headers, json={"interests": ["chess\tgo"]}
    )
    assert response.status_code == 422, response.text
    assert [p["field"] for p in response.json()["problems"]] == ["interests"]


def test_a_duplicate_email_answers_409(client: TestClient, admin_headers: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/people",
        headers=admin_headers,
        json={"email": "person3@example.com", "name": "Clone"},
    )
    assert response.status_code == 409


def test_making_someone_report_to_their_own_report_is_refused(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    people = client.get("/api/v1/people", params={"q": "person0@"}, headers=admin_headers).json()
    ceo_id = people["items"][0]["id"]
    response = client.patch(
        f"/api/v1/people/{ceo_id}",
        headers=admin_headers,
        json={"manager_email": "person5@example.com"},
    )
    assert response.status_code == 422
    assert "cycle" in response.json()["detail"]


def test_an_unknown_person_answers_404(client: TestClient, admin_headers: dict[str, str]) -> None:
    assert client.get("/api/v1/people/9999", headers=admin_headers).status_code == 404
    assert (
        client.patch("/api/v1/people/9999", headers=admin_headers, json={"name": "X"}).status_code
        == 404
    )


def test_a_participant_may_read_but_not_change_people(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    assert client.get("/api/v1/people/1", headers=participant_headers).status_code == 200
    response = client.patch("/api/v1/people/1", headers=participant_headers, json={"name": "X"})
    assert response.status_code == 403
    assert client.get("/api/v1/people/export", headers=participant_headers).status_code == 403
    upload = {"file": ("people.csv", csv_bytes(org_rows(3)), "text/csv")}
    assert (
        client.post("/api/v1/people/import", headers=participant_headers, files=upload).status_code
        == 403
    )


def test_an_import_with_a_bad_row_answers_422_and_writes_nothing(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    rows = [person_row(n + 100) for n in range(50)]
    rows[30]["timezone"] = "Atlantis/Capital"
    upload = {"file": ("people.csv", csv_bytes(rows), "text/csv")}
    response = client.post("/api/v1/people/import", headers=admin_headers, files=upload)
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {
            "reason": "'Atlantis/Capital' is not an IANA time zone such as Europe/Berlin",
            "field": "timezone",
            "line": 32,
        }
    ]
    assert client.get("/api/v1/people", headers=admin_headers).json()["total"] == 20


def test_an_import_and_export_round_trip_through_the_api(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    upload = {
        "file": ("people.csv", csv_bytes([person_row(n + 100) for n in range(5)]), "text/csv")
    }
    response = client.post("/api/v1/people/import", headers=admin_headers, files=upload)
    assert response.json() == {
        "created": 5,
        "updated": 0,
        "unchanged": 0,
        "dry_run": False,
        "read_as": "CSV, UTF-8, comma-separated",
        "warnings": [],
        "leavers_closed": 0,
    }
    exported = client.get("/api/v1/people/export", headers=admin_headers)
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.text.count("\n") == 26  # header and 25 people


def test_an_import_without_a_file_answers_422(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.post("/api/v1/people/import", headers=admin_headers)
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "file"


def test_a_person_downloads_their_own_data(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    data = client.get("/api/v1/me/data", headers=participant_headers).json()
    assert data["person"]["email"] == "person4@example.com"
    assert data["account"]["roles"] == ["manager", "participant"]


def test_malformed_json_answers_422_not_500(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/people",
        headers={**admin_headers, "content-type": "application/json"},
        content=b"{nope",
    )
    assert response.status_code == 422


def test_an_import_with_a_preset_and_a_dry_run_answers_the_counts_and_writes_nothing(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    content = (
        "Employee ID;First name;Last name;Work email;Manager;Office\n"
        "R9;Rita;Ripple;rita@example.com;Person 0;Berlin\n"
    ).encode("cp1252")
    upload = {"file": ("report.csv", content, "text/csv")}
    form = {"preset": "rippling", "dry_run": "true"}
    response = client.post("/api/v1/people/import", headers=admin_headers, files=upload, data=form)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "dry_run": True,
        "read_as": "CSV, UTF-8, semicolon-separated",
        "warnings": ["ignored 1 column that no growpath field reads: Office"],
        "leavers_closed": 0,
    }
    assert client.get("/api/v1/people?q=rita", headers=admin_headers).json()["total"] == 0
    response = client.post(
        "/api/v1/people/import", headers=admin_headers, files=upload, data={"preset": "rippling"}
    )
    assert response.json()["created"] == 1
    [rita] = client.get("/api/v1/people?q=rita", headers=admin_headers).json()["items"]
    assert rita["manager_id"] is not None


def test_the_saved_mapping_is_saved_read_and_used_through_the_api(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    assert client.get("/api/v1/people/import/mapping", headers=admin_headers).json() == {
        "columns": {}
    }
    bad = client.put(
        "/api/v1/people/import/mapping",
        headers=admin_headers,
        json={"columns": {"Mail": "email", "Pay": "salary"}},
    )
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["problems"]} == {"Pay", "name"}
    columns = {"Mail": "email", "Who": "name"}
    saved = client.put(
        "/api/v1/people/import/mapping", headers=admin_headers, json={"columns": columns}
    )
    assert saved.json() == {"columns": columns}
    assert client.get("/api/v1/people/import/mapping", headers=admin_headers).json() == {
        "columns": columns
    }
    upload = {"file": ("x.csv", b"Who,Mail\nMay Map,may@example.com\n", "text/csv")}
    response = client.post(
        "/api/v1/people/import",
        headers=admin_headers,
        files=upload,
        data={"saved_mapping": "true"},
    )
    assert response.json()["created"] == 1, response.text


def test_an_unknown_preset_answers_422_naming_the_field(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    upload = {"file": ("people.csv", csv_bytes(org_rows(2)), "text/csv")}
    response = client.post(
        "/api/v1/people/import", headers=admin_headers, files=upload, data={"preset": "sap"}
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "preset"


def test_the_import_template_has_the_imports_columns_and_an_example_that_imports(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    template = client.get("/api/v1/people/import/template", headers=admin_headers)
    assert template.status_code == 200
    assert template.headers["content-type"].startswith("text/csv")
    assert "people-template.csv" in template.headers["content-disposition"]
    header, example, *rest = template.text.splitlines()
    assert header.split(",") == list(HRIS_FIELDS) and rest == []
    imported = client.post(
        "/api/v1/people/import",
        headers=admin_headers,
        files={"file": ("people-template.csv", template.content, "text/csv")},
    )
    assert imported.status_code == 200, imported.text
    assert imported.json()["created"] == 1
    found = client.get("/api/v1/people", params={"q": "ada.lovelace"}, headers=admin_headers)
    assert [p["name"] for p in found.json()["items"]] == ["Ada Lovelace"]


def test_only_an_organisation_admin_downloads_the_import_template(
    client: TestClient, participant_headers: dict[str, str]
) -> None:
    response = client.get("/api/v1/people/import/template", headers=participant_headers)
    assert response.status_code == 403
