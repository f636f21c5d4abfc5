"""Shipped content in the reader's language: a German reader reads German modules, triad
scenarios and triage; a reader whose language growpath does not ship reads English."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.scenarios import scenario
from growpath.entrypoints.app import create_app
from growpath.services import triads
from tests.conftest import make_account
from tests.e2e.conftest import PARTICIPANT, bearer, log_in_page
from tests.integration.test_triads import cohort

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def test_a_german_reader_reads_a_module_in_german(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    page = html.unescape(client.get("/learn/grow-model", headers=GERMAN).text)
    assert "Das GROW-Modell" in page and "<h2>R – Reality (Realität)</h2>" in page
    assert "Eine häufige Falle" in page and "A common trap" not in page
    listing = html.unescape(client.get("/learn", headers=GERMAN).text)
    assert "Wirkungsvolle Fragen" in listing and "Powerful questions" not in listing
    french = html.unescape(client.get("/learn/grow-model", headers={"Accept-Language": "fr"}).text)
    assert "Le modèle GROW" in french
    # A language growpath does not ship reads the English module.
    japanese = client.get("/learn/grow-model", headers={"Accept-Language": "ja"}).text
    assert "The GROW model" in japanese and "<h2>R — Reality</h2>" in japanese


def test_a_german_reader_answers_the_triage_in_german(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    page = html.unescape(client.get("/triage", headers=GERMAN).text)
    assert "Was ist Ihr dringendster Entwicklungsbedarf?" in page
    assert "Eine bestimmte Fähigkeit, die ich aufbauen muss" in page
    assert 'value="skill"' in page


def test_a_german_triad_member_reads_the_scenario_in_german(sqlite_app: Growpath) -> None:
    group = cohort(sqlite_app, range(2, 5))
    make_account(sqlite_app, "person10@example.com")
    formed = triads.form_triads(group.admin, group.program_id)
    played = triads.get_triad(group.people[2], formed[0].id).rounds[0].scenario_key
    with TestClient(create_app(sqlite_app)) as client:
        log_in_page(client, "person2@example.com")
        german = html.unescape(client.get(f"/triads/{formed[0].id}", headers=GERMAN).text)
        english = html.unescape(client.get(f"/triads/{formed[0].id}").text)

    in_german, in_english = scenario(played, "de"), scenario(played)
    assert in_german.title in german and in_german.summary in german
    assert in_german.situation[0].text in german and in_english.situation[0].text not in german
    assert in_english.title in english and in_german.title not in english


def test_the_api_answers_the_questionnaire_and_tracks_in_the_callers_language(
    client: TestClient,
) -> None:
    headers = {**bearer(client, PARTICIPANT), **GERMAN}
    triage = client.get("/api/v1/triage", headers=headers).json()
    assert triage["title"] == "Was würde Ihnen gerade am meisten helfen?"
    assert [q["key"] for q in triage["questions"]] == ["need", "transition", "support", "network"]
    english = client.get("/api/v1/triage", headers=bearer(client, PARTICIPANT)).json()
    assert english["title"] == "What would help you most right now?"
    tracks = client.get("/api/v1/tracks", headers=headers).json()
    assert tracks[0]["key"] == "first-time-managers" and tracks[0]["name"] == "Neue Führungskräfte"
