"""The account, login, people, error and report pages in German (Accept-Language: de)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import login_of
from tests.e2e.conftest import PARTICIPANT, log_in_page
from tests.e2e.test_mail_unsubscribe import mailed_unsubscribe_link
from tests.factories import RecordingMailer

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def _german(client: TestClient, path: str) -> str:
    page = client.get(path, headers=GERMAN)
    assert page.status_code == 200, (path, page.status_code)
    assert '<html lang="de">' in page.text
    return page.text


def test_the_login_and_password_reset_pages_speak_german(client: TestClient) -> None:
    login = _german(client, "/login")
    assert "<title>Anmelden · growpath</title>" in login
    assert ">Passwort</label>" in login and ">Passwort vergessen?</a>" in login
    forgot = _german(client, "/password-reset")
    assert "<h1>Passwort vergessen</h1>" in forgot and ">Link senden</button>" in forgot


def test_ones_own_account_pages_speak_german(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    profile = _german(client, "/account/profile")
    assert "<h1>Mein Profil</h1>" in profile and ">Aus Ihrer Personalakte</h2>" in profile
    assert ">Fähigkeiten</legend>" in profile and ">Zeitzone</label>" in profile
    assert ">Deutsch (de)</label>" in profile and ">3 — solide</option>" in profile
    availability = _german(client, "/account/availability")
    assert "<h1>Meine Verfügbarkeit</h1>" in availability and ">Montag</label>" in availability
    assert ">Arbeitszeiten speichern</button>" in availability
    assert ">private iCal-Adresse</option>" in availability
    calendar = _german(client, "/account/calendar")
    assert "<h1>Mein Kalender-Feed</h1>" in calendar
    assert "Meinen Kalender-Feed anlegen</button>" in calendar
    two_step = _german(client, "/account/two-step")
    assert "<h1>Zwei-Schritt-Anmeldung</h1>" in two_step
    assert ">Zwei-Schritt-Anmeldung einrichten</button>" in two_step
    email = _german(client, "/account/email")
    assert "<h1>Anmelde-E-Mail ändern</h1>" in email and ">Neue E-Mail</label>" in email
    password = _german(client, "/account/password")
    assert "<h1>Passwort ändern</h1>" in password and ">Aktuelles Passwort</label>" in password


def test_a_saved_profile_and_a_refused_password_are_told_in_german(client: TestClient) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    form = {"csrf": csrf, "skill_name": "", "skill_level": "", "timezone": "Europe/Berlin"}
    saved = client.post("/account/profile", data=form, headers=GERMAN)
    assert "Ihr Profil ist gespeichert." in saved.text
    refused = client.post(
        "/account/password",
        data={"csrf": csrf, "current_password": "wrong", "new_password": "short"},
        headers=GERMAN,
    )
    assert refused.status_code == 422
    assert "<h1>Passwort ändern</h1>" in refused.text
    assert re.search(r"<li>(Aktuelles|Neues) Passwort: ", refused.text), refused.text


def test_the_people_directory_and_a_person_speak_german(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    people = _german(client, "/people")
    assert "<h1>Personen</h1>" in people and '<th scope="col">Abteilung</th>' in people
    assert re.search(r"\d+ Personen\.</p>", people)
    assert re.search(r">Seite 1 von \d+</span>", people)
    found = re.search(r'href="/people/(\d+)"', people)
    assert found is not None
    person = _german(client, f"/people/{found[1]}")
    assert "<dt>Zeitzone</dt>" in person and ">Zurück zu den Personen</a>" in person


def test_an_error_page_speaks_german(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    missing = client.get("/people/999999", headers={**GERMAN, "accept": "text/html"})
    assert missing.status_code == 404
    assert "<h1>Diese Seite haben wir nicht gefunden</h1>" in missing.text
    assert "Fehler 404." in missing.text


def test_a_confirmation_speaks_german(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    asked = _german(client, "/account/two-step/recovery-codes")
    assert "<h1>Neue Wiederherstellungscodes</h1>" in asked
    assert ">Was passieren wird</h2>" in asked and ">Meine Codes behalten</a>" in asked


def test_a_program_report_speaks_german(sqlite_app: Growpath, demo: DemoOrganisation) -> None:
    client = TestClient(create_app(sqlite_app))
    log_in_page(client, login_of(demo, "org admin"), DEMO_PASSWORD)
    programs = client.get("/admin/programs").text
    found = re.search(r'href="/admin/programs/(\d+)"', programs)
    assert found is not None
    report = _german(client, f"/admin/programs/{found[1]}/report")
    assert ">Das Programm auf einen Blick</h2>" in report
    assert ">Kompetenzentwicklung</h2>" in report and "CSV herunterladen</a>" in report


def test_an_unsubscribe_link_speaks_german(
    client: TestClient, seeded: Growpath, mailer: RecordingMailer
) -> None:
    link = mailed_unsubscribe_link(seeded, mailer, "digest", "digest:de")
    assert link is not None
    shown = _german(client, link)
    assert "<h1>Ausschalten: Wochenüberblick?</h1>" in shown
    done = client.post(link, headers=GERMAN)
    assert "Sie erhalten per E-Mail nicht mehr: Wochenüberblick." in done.text
    assert ">Wieder einschalten</button>" in done.text
