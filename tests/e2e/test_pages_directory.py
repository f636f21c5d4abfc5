"""The people directory pages: case-insensitive filters, levels only for those who may see them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.conftest import ADMIN, PARTICIPANT, log_in_page


def _person_id(client: TestClient, email: str) -> int:
    page = client.get("/people", params={"q": email}).text
    return int(page.split('href="/people/')[1].split('"')[0])


def test_the_directory_filters_department_and_name_in_any_case(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    exact = client.get("/people", params={"department": "Data"}).text
    lower = client.get("/people", params={"department": "dATA"}).text
    assert "7 people match." in exact and "7 people match." in lower
    assert "1 person matches." in client.get("/people", params={"q": "PERSON 13"}).text


def test_a_participant_sees_no_level_column_for_strangers(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    stranger = client.get("/people", params={"q": "person2@"}).text
    assert "Person 2" in stranger and ">Level</th>" not in stranger
    boss = client.get(f"/people/{_person_id(client, 'person1@example.com')}").text
    assert "Person 1" in boss and "Seniority level" not in boss


def test_a_participant_sees_their_own_level_and_their_reports(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    own = client.get(f"/people/{_person_id(client, PARTICIPANT)}").text
    assert "<dt>Seniority level</dt><dd>5</dd>" in own
    report = client.get(f"/people/{_person_id(client, 'person13@example.com')}").text
    assert "<dt>Seniority level</dt><dd>2</dd>" in report


def test_an_admin_sees_every_level(client: TestClient) -> None:
    log_in_page(client, ADMIN)
    page = client.get("/people", params={"q": "person2@"}).text
    assert ">Level</th>" in page and "<td>3</td>" in page
    boss = client.get(f"/people/{_person_id(client, 'person1@example.com')}").text
    assert "<dt>Seniority level</dt><dd>2</dd>" in boss
