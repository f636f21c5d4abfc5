"""The admin pages and the practice triads in German: the demo organisation's admin and
participant read them with Accept-Language: de; English stays the default."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from growpath.services.demo import DemoOrganisation
from tests.e2e.conftest import log_in_page

GERMAN = {"Accept-Language": "de"}


def _log_in_as(client: TestClient, demo: DemoOrganisation, role: str) -> str:
    login = next(login for login in demo.logins if login.role == role)
    return log_in_page(client, login.email, login.password)


def _first(pattern: str, page: str) -> str:
    found = re.search(pattern, page)
    assert found is not None, pattern
    return found.group(1)


@pytest.fixture
def org_admin(client: TestClient, demo: DemoOrganisation) -> str:
    """The client logged in as the demo's organisation admin; the session's CSRF token."""
    return _log_in_as(client, demo, "org admin")


def _german(client: TestClient, path: str) -> str:
    response = client.get(path, headers=GERMAN)
    assert response.status_code == 200, response.text
    assert '<html lang="de">' in response.text
    return response.text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/admin", ["<h1>Verwaltung</h1>", "Programme auf einen Blick", ">Werkzeuge</h2>"]),
        ("/admin/programs", ["Neues Programm aus einer Vorlage", ">Teilnehmende</th>"]),
        ("/admin/programs/new", ["<h1>Neues Programm</h1>", "Programmentwurf anlegen"]),
        ("/admin/accounts", ["<h1>Personen einladen</h1>", ">Einladung senden</button>"]),
        ("/admin/audit", ["<h1>Prüfprotokoll</h1>", 'aria-label="Protokolleinträge"']),
        ("/admin/people/import", ["<h1>Personen importieren</h1>", ">HRIS-Datei</label>"]),
        ("/admin/people/import/mapping", ["Spaltenzuordnung für Personenimporte"]),
        ("/admin/modules", ["<h1>Lernmodule</h1>", ">Modul hinzufügen</button>"]),
    ],
)
def test_the_admin_pages_speak_german(
    client: TestClient, org_admin: str, path: str, expected: list[str]
) -> None:
    page = _german(client, path)
    for text in expected:
        assert text in page, text


def test_a_program_its_health_board_questions_triads_and_match_run_speak_german(
    client: TestClient, org_admin: str
) -> None:
    program = _first(r'href="/admin/programs/(\d+)"', _german(client, "/admin/programs"))
    page = _german(client, f"/admin/programs/{program}")
    assert ">Matching starten</button>" in page and ">Einstellungen speichern</button>" in page
    # The rule labels and the mode choices come from the page module, translated there.
    assert "Ein Vorschlag verfällt nach (Tage)" in page
    assert "Optimal: die höchste Gesamtpunktzahl" in page
    health = _german(client, f"/admin/programs/{program}/health")
    assert "Gesundheitsübersicht: " in health and ">Ins Stocken geraten</span>" in health
    questions = _german(client, f"/admin/programs/{program}/questions")
    assert ">Frage hinzufügen</h2>" in questions and ">Skala (1–5)</option>" in questions
    triads = _german(client, f"/admin/programs/{program}/triads")
    assert ">Vorschau neuer Triaden</a>" in triads
    run = _first(r'href="/admin/match-runs/(\d+)"', page)
    review = _german(client, f"/admin/match-runs/{run}")
    assert ">Summen</h2>" in review and ">Vorschläge</h2>" in review


def test_a_flash_and_a_refusal_of_an_admin_page_module_are_german(
    client: TestClient, org_admin: str
) -> None:
    program = _first(r'href="/admin/programs/(\d+)"', _german(client, "/admin/programs"))
    saved = client.post(
        f"/admin/programs/{program}/rules", data={"csrf": org_admin}, headers=GERMAN
    )
    assert "Gesundheitsregeln gespeichert." in saved.text
    health = _german(client, f"/admin/programs/{program}/health")
    engagement = _first(r'action="/admin/engagements/(\d+)/rematch"', health)
    refused = client.post(
        f"/admin/engagements/{engagement}/rematch", data={"csrf": org_admin}, headers=GERMAN
    )
    assert refused.status_code == 422
    assert "kreuzen Sie das Kästchen an" in refused.text and "Nichts wurde" not in refused.text
    assert "Noch wurde nichts gesendet oder geändert." in refused.text


def test_the_participants_practice_triad_speaks_german(
    client: TestClient, demo: DemoOrganisation
) -> None:
    _log_in_as(client, demo, "participant")
    listing = _german(client, "/triads")
    assert "<h1>Übungstriaden</h1>" in listing and "Runde 2 von 3" in listing
    triad = _german(client, "/triads/" + _first(r'href="/triads/(\d+)"', listing))
    assert "Runde 2 von 3." in triad and ">Die Runden</h2>" in triad
    assert ">Bisheriges Feedback</h2>" in triad


def test_english_stays_the_admin_pages_default(client: TestClient, org_admin: str) -> None:
    page = client.get("/admin").text
    assert '<html lang="en">' in page and "<h1>Admin</h1>" in page
    assert "Programs at a glance, and the tools to run them." in page


def _upload(client: TestClient, csrf: str, csv: str, headers: dict[str, str]) -> str:
    response = client.post(
        "/admin/people/import",
        data={"csrf": csrf},
        files={"file": ("people.csv", csv.encode(), "text/csv")},
        headers=headers,
    )
    assert response.status_code == 422, response.text
    return response.text


def test_the_problems_of_an_imported_file_are_german(client: TestClient, org_admin: str) -> None:
    doubled = "email,name\nada@example.com,Ada\nada@example.com,Ada Again\n"
    english = _upload(client, org_admin, doubled, {})
    assert "duplicate e-mail &#39;ada@example.com&#39;, first seen on line 2" in english
    german = _upload(client, org_admin, doubled, GERMAN)
    assert ">Nichts wurde importiert</h2>" in german
    assert "<td>doppelte E-Mail „ada@example.com“, zuerst in Zeile 2</td>" in german
    no_email = _upload(client, org_admin, "name,title\nAda,Engineer\n", GERMAN)
    assert (
        "die Kopfzeile hat keine Spalte für email: nach den Spaltennamen von growpath" in no_email
    )


def test_a_column_mapping_refused_on_its_page_is_german(client: TestClient, org_admin: str) -> None:
    refused = client.post(
        "/admin/people/import/mapping",
        data={"csrf": org_admin, "mapping": "Mail = email\nPay = salary"},
        headers=GERMAN,
    )
    assert refused.status_code == 422, refused.text
    assert "„salary“ ist kein Feld von growpath; erwartet wird eines von " in refused.text
    assert "die Zuordnung hat keine Spalte für name (oder first_name und last_name)" in refused.text


def test_inviting_someone_who_has_an_account_names_them_in_german(
    client: TestClient, demo: DemoOrganisation, org_admin: str
) -> None:
    taken = next(login.email for login in demo.logins if login.role == "participant")
    refused = client.post(
        "/admin/accounts",
        data={"csrf": org_admin, "email": taken, "roles": "participant"},
        headers=GERMAN,
    )
    assert refused.status_code == 409, refused.text
    assert f"ein Konto für {taken} gibt es bereits" in refused.text
