"""A participant's, a manager's and a mentor's pages in German (Accept-Language: de): home,
programs, recommendations, proposals, triage, check-in, journal, privacy, team, learning and
lessons, with the messages their forms leave."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.services.demo import DemoOrganisation
from tests.e2e.conftest import csrf_of, log_in_page

GERMAN = {"Accept-Language": "de"}


def _client(app: Growpath, demo: DemoOrganisation, role: str) -> TestClient:
    """A client logged in as the demo's login for a role, asking for German."""
    login = next(login for login in demo.logins if login.role == role)
    client = TestClient(create_app(app), headers=GERMAN)
    log_in_page(client, login.email, login.password)
    return client


def _page(client: TestClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    assert '<html lang="de">' in response.text, path
    return response.text


def _first_link(page: str, pattern: str) -> str:
    found = re.search(rf'href="({pattern})"', page)
    assert found, pattern
    return found.group(1)


@pytest.fixture
def participant(sqlite_app: Growpath, demo: DemoOrganisation) -> TestClient:
    return _client(sqlite_app, demo, "participant")


def test_the_participants_home_programs_and_proposals_are_in_german(
    participant: TestClient,
) -> None:
    home = _page(participant, "/home")
    for german in ("Meine Begleitungen", "Nächste Sitzungen", "Fällige Aufgaben"):
        assert german in home
    assert "Meine Kompetenzentwicklung" in home and "My engagements" not in home
    programs = _page(participant, "/programs")
    assert "Offen für Anmeldungen" in programs and "Meine Anmeldungen" in programs
    program = _page(participant, _first_link(programs, r"/programs/\d+"))
    assert "<dt>Dauer</dt>" in program and "<dt>Treffen</dt>" in program
    proposals = _page(participant, "/proposals")
    assert "Alle meine Vorschläge" in proposals and "Warum dieses Matching: die Gründe" in proposals


def test_recommendations_give_their_reasons_in_german(participant: TestClient) -> None:
    program = _first_link(_page(participant, "/programs"), r"/programs/\d+")
    page = _page(participant, f"{program}/recommendations")
    assert "Empfohlene Mentoren für" in page and "Passungswert" in page
    assert re.search(r"Warum .+ zu Ihnen passt", page)
    assert "Gemeinsame Arbeitszeit" in page and "Sie sprechen beide" in page
    assert "You both speak" not in page and "Why this match" not in page
    # The languages of a card and of its reasons are named in German too.
    assert re.search(r"<dd>[^<]*Englisch[^<]*</dd>", page) and "Sie sprechen beide Englisch" in page


def test_triage_checkin_journal_and_privacy_are_in_german(participant: TestClient) -> None:
    assert "Coaching, Mentoring oder beides?" in _page(participant, "/triage")
    checkin = _page(participant, _first_link(_page(participant, "/home"), r"/checkins/\d+"))
    assert "Check-in für" in checkin and "Haben Sie sich seit dem letzten Check-in" in checkin
    assert ">Check-in senden</button>" in checkin
    journal = _page(participant, "/journal")
    assert "<h1>Mein Journal</h1>" in journal and "Fragen zum Nachdenken" in journal
    privacy = _page(participant, "/me/privacy")
    assert "<h1>Datenschutz und meine Daten</h1>" in privacy
    assert "Meine Führungskraft sieht meine Entwicklung" in privacy
    assert ">Überall abmelden</button>" in privacy


def test_triage_reasons_start_with_a_capital_and_keep_the_german_nouns(
    participant: TestClient,
) -> None:
    form = _page(participant, "/triage")
    answers = {"need": "career", "transition": "new_role", "support": "advice", "network": "much"}
    page = participant.post("/triage", data={**answers, "csrf": csrf_of(form)}).text
    # Only the first letter is raised: "Mentor", "Kontext" and "Netzwerk" keep theirs.
    assert "<li>Karrierewege erkundet man am besten mit einem Mentor, der" in page
    assert "<li>Wer neu in einer Rolle ist, profitiert am meisten vom Kontext und Netzwerk" in page
    assert "<li>Ein Mentor öffnet Ihnen sein Netzwerk.</li>" in page
    assert "einem mentor" not in page


def test_a_form_on_the_privacy_page_leaves_its_message_in_german(
    participant: TestClient,
) -> None:
    privacy = _page(participant, "/me/privacy")
    form = privacy.split('action="/me/digest"')[1]
    turned = participant.post(
        "/me/digest",
        data={"csrf": csrf_of(form), "opt_out": "yes"},
        follow_redirects=True,
    )
    assert "Die wöchentliche Übersicht ist aus." in turned.text
    assert "Sie ist <strong>aus</strong>." in turned.text


def test_learning_and_lessons_are_in_german(participant: TestClient) -> None:
    learn = _page(participant, "/learn")
    assert "Ressourcenbibliothek" in learn and "Mentees und Coachees: Einführung" in learn
    module = _page(participant, _first_link(learn, r"/learn/[a-z0-9-]+"))
    assert '<a href="/learn">Lernen</a> · ' in module and " Min." in module
    lessons = _page(participant, "/lessons")
    assert "<h1>Erkenntnisse von Mentoren</h1>" in lessons and ">Alle Themen</option>" in lessons
    lesson = _page(participant, _first_link(lessons, r"/lessons/\d+"))
    assert "Was passiert ist" in lesson and "Was ich anders machen würde" in lesson


def test_the_managers_team_and_the_mentors_new_lesson_are_in_german(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    team = _page(_client(sqlite_app, demo, "manager"), "/team")
    assert "<h1>Mein Team</h1>" in team and "teilen ihre Entwicklung mit Ihnen" in team
    mentor = _client(sqlite_app, demo, "mentor")
    new = _page(mentor, "/lessons/new")
    assert "<h1>Erkenntnis schreiben</h1>" in new and ">Erkenntnis veröffentlichen</button>" in new
