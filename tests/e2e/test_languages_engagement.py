"""The pair's pages in German: the engagement, a session, finding a time, preparing, the
guide's caseload and the manager's coaching practice, with what their forms say back."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.services.demo import DemoOrganisation
from tests.e2e.conftest import log_in_page

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}
ENGAGEMENT = r'/engagements/(\d+)"'
SESSION = r'/sessions/(\d+)"'


def _german(app: Growpath, demo: DemoOrganisation, role: str) -> tuple[TestClient, str]:
    """A browser asking for German, logged in as the demo's login of a role; its CSRF token."""
    login = next(login for login in demo.logins if login.role == role)
    client = TestClient(create_app(app), headers=GERMAN)
    return client, log_in_page(client, login.email, login.password)


def _first(pattern: str, html: str) -> str:
    found = re.search(pattern, html)
    assert found is not None, pattern
    return found.group(1)


def test_the_mentor_reads_the_caseload_and_the_engagement_in_german(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client, _ = _german(sqlite_app, demo, "mentor")
    caseload = client.get("/mentoring").text
    assert '<html lang="de">' in caseload
    assert "<h1>Meine Mentees und Coachees</h1>" in caseload
    assert '<h2 id="pairs">Paare, die ich begleite</h2>' in caseload
    assert '<h2 id="capacity">Meine Kapazität</h2>' in caseload
    assert re.search(r"\d+ laufendes? Paare?, \d+ Sitzung(?:en)? festzuhalten", caseload)
    assert "My mentees and coachees" not in caseload

    engagement = client.get(f"/engagements/{_first(ENGAGEMENT, caseload)}").text
    assert "<h1>Mentoring mit " in engagement
    for heading in ("Nächste Sitzung", "Offene Aufgaben", "Ziele", "Sitzungen"):
        assert f'-heading">{heading}</h2>' in engagement, heading
    assert '<h2 id="status-heading">Status der Begleitung</h2>' in engagement
    assert '<h2 id="growth-heading">Kompetenzentwicklung</h2>' in engagement
    assert 'aria-label="Entwicklung je Kompetenz"' in engagement
    assert ">Einen Termin finden, der Ihnen beiden passt</a>" in engagement
    assert '<label class="usa-label" for="timezone">Zeitzone</label>' in engagement
    assert "Next session" not in engagement and "Engagement status" not in engagement


def test_a_session_finding_a_time_and_preparing_read_in_german(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client, _ = _german(sqlite_app, demo, "participant")
    home = client.get("/home").text
    engagement_id = _first(ENGAGEMENT, home)
    engagement = client.get(f"/engagements/{engagement_id}").text

    session = client.get(f"/sessions/{_first(SESSION, engagement)}").text
    assert "<h1>Sitzung vom " in session
    assert '<h2 id="about-heading">Zu dieser Sitzung</h2>' in session
    assert "<dt>Dauer</dt><dd>" in session and " Minuten</dd>" in session
    assert "About this session" not in session

    finding = client.get(f"/engagements/{engagement_id}/find-a-time").text
    assert "<h1>Einen Termin mit " in finding and " finden</h1>" in finding
    assert ">Zurück zur Begleitung</a>" in finding
    assert "Back to the engagement" not in finding

    preparing = client.get(f"/engagements/{engagement_id}/prepare").text
    assert "<h1>Ihre nächste Sitzung mit " in preparing
    assert '<h2 id="questions-heading">Fragen zum Mitbringen</h2>' in preparing
    assert '<h2 id="reflections-heading">Ihre Reflexionen</h2>' in preparing


def test_a_rating_saved_says_so_in_german_and_a_bad_one_names_the_form_in_german(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client, csrf = _german(sqlite_app, demo, "mentor")
    engagement_id = _first(ENGAGEMENT, client.get("/mentoring").text)
    page = client.get(f"/engagements/{engagement_id}").text
    competency = _first(r'<select[^>]* name="competency_key"[^>]*>\s*<option value="([^"]+)"', page)
    form = {"csrf": csrf, "competency_key": competency, "phase": "baseline"}

    refused = client.post(f"/engagements/{engagement_id}/ratings", data={**form, "rating": "x"})
    assert refused.status_code == 422
    assert '<h3 id="rating-heading">Bewertung hinzufügen</h3>' in refused.text
    assert '<option value="baseline" selected>Ausgangswert</option>' in refused.text

    saved = client.post(f"/engagements/{engagement_id}/ratings", data={**form, "rating": "3"})
    assert saved.status_code == 200 and "Bewertung gespeichert." in saved.text


def test_the_manager_practises_coaching_in_german(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client, _ = _german(sqlite_app, demo, "manager")
    page = client.get("/practice").text
    assert "<h1>Coaching-Praxis</h1>" in page
    assert '<h2 id="streak-heading">Ihre Serie</h2>' in page
    assert " in Folge mit einem Coaching-Gespräch.</p>" in page
    assert '<h2 id="log-heading">Gespräch festhalten</h2>' in page
    assert '<option value="" selected>Teammitglied auswählen</option>' in page
    assert ">Ziel: was die Person will</label>" in page
    assert "„Fühlte sich das eher wie gefragt oder wie gesagt bekommen an?“" in page
    assert "Coaching practice" not in page


def test_the_report_answers_the_one_question_in_german(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    client, _ = _german(sqlite_app, demo, "participant")
    asked = _first(r'(/practice/conversations/\d+/answer)"', client.get("/home").text)
    page = client.get(asked).text
    assert "<h1>Eine Frage</h1>" in page
    assert "Fühlte sich das eher wie gefragt oder wie gesagt bekommen an?" in page
    assert ">1 · gefragt</label>" in page and ">5 · gesagt bekommen</label>" in page
    assert ">Meine Antwort senden</button>" in page


def test_ending_the_engagement_asks_in_german(sqlite_app: Growpath, demo: DemoOrganisation) -> None:
    client, _ = _german(sqlite_app, demo, "mentor")
    engagement_id = _first(ENGAGEMENT, client.get("/mentoring").text)
    asked = client.get(f"/engagements/{engagement_id}/complete").text
    assert "Das Mentoring abschließen?" in asked
    assert "Das Abschließen beendet das Mentoring heute (" in asked and ") für Sie beide." in asked
    assert (
        "Der Platz, den dieses Paar in der Kapazität der Begleitperson belegt, wird frei." in asked
    )
    assert "Complete the mentoring relationship?" not in asked
