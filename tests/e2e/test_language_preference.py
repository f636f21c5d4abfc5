"""A person's own language: chosen on the profile page, the API or the footer's switcher; a
visitor's choice kept in a cookie; dates and numbers written as the language writes them."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from growpath.adapters.orm import AuditEventRow, UserRow
from growpath.bootstrap import Growpath
from growpath.services import enrolment
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from tests.conftest import make_account
from tests.e2e.conftest import PARTICIPANT, bearer, csrf_of, log_in_page
from tests.e2e.test_pages_participant import _open_program, _participant
from tests.e2e.test_pages_times import IN_BERLIN, MENTOR, _pair_with_a_session

SKIP_DE = ">Zum Inhalt springen</a>"
SKIP_EN = ">Skip to content</a>"
SKIP_FR = ">Aller au contenu</a>"


def _locale_of(app: Growpath, email: str) -> str | None:
    with app.uow() as uow:
        return uow.session.scalar(select(UserRow.locale).where(UserRow.email == email))


def _actions(app: Growpath, action: str) -> list[dict[str, object]]:
    with app.uow() as uow:
        rows = uow.session.scalars(select(AuditEventRow).where(AuditEventRow.action == action))
        return [dict(row.detail or {}) for row in rows]


def _save_profile_language(client: TestClient, csrf: str, locale: str) -> None:
    page = client.get("/account/profile").text
    zone = page.split('id="timezone" name="timezone"')[1].split('value="')[1].split('"')[0]
    answer = client.post(
        "/account/profile",
        data={"csrf": csrf, "timezone": zone, "locale": locale},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def test_the_persons_language_beats_the_browsers(client: TestClient, seeded: Growpath) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    _save_profile_language(client, csrf, "de")
    assert _locale_of(seeded, PARTICIPANT) == "de"
    page = client.get("/home", headers={"Accept-Language": "fr"}).text
    assert '<html lang="de">' in page and SKIP_DE in page
    profile = client.get("/account/profile", headers={"Accept-Language": "fr"}).text
    assert '<option value="de" lang="de" selected>Deutsch</option>' in profile
    assert ">Sprache für Seiten und E-Mails</label>" in profile
    assert ">Sprache des Browsers</option>" in profile and ">Sprache wechseln</button>" in profile
    # "Browser's language" gives the choice back to Accept-Language.
    _save_profile_language(client, csrf, "")
    assert _locale_of(seeded, PARTICIPANT) is None
    assert SKIP_FR in client.get("/home", headers={"Accept-Language": "fr"}).text
    assert _actions(seeded, "account.locale") == [{"locale": "de"}, {"locale": "browser"}]


def test_the_profile_refuses_a_language_not_offered_and_keeps_the_old_one(
    client: TestClient, seeded: Growpath
) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    _save_profile_language(client, csrf, "fr")
    answer = client.post(
        "/account/profile",
        data={"csrf": csrf, "timezone": "Europe/Berlin", "locale": "klingon"},
    )
    assert answer.status_code == 422
    # Refused in the language the page is in: the account's French, kept.
    assert "n&#39;est pas une langue proposée par growpath" in answer.text
    assert 'id="locale" name="locale" aria-describedby="locale-error"' in answer.text
    assert _locale_of(seeded, PARTICIPANT) == "fr"


def test_the_api_sets_reads_and_refuses_the_language(client: TestClient, seeded: Growpath) -> None:
    headers = bearer(client, PARTICIPANT)
    saved = client.patch("/api/v1/me/profile", json={"locale": "pt_BR"}, headers=headers)
    assert saved.status_code == 200, saved.text
    assert client.get("/api/v1/me", headers=headers).json()["locale"] == "pt_BR"
    refused = client.patch(
        "/api/v1/me/profile", json={"locale": "xx", "bio": "Hi"}, headers=headers
    )
    assert refused.status_code == 422
    assert [p["field"] for p in refused.json()["problems"]] == ["locale"]
    # Nothing of the refused change was kept, the bio neither.
    assert _locale_of(seeded, PARTICIPANT) == "pt_BR"
    assert client.get("/api/v1/me", headers=headers).json()["locale"] == "pt_BR"
    cleared = client.patch("/api/v1/me/profile", json={"locale": None}, headers=headers)
    assert cleared.status_code == 200 and cleared.json()["bio"] == "Bio of person 4"
    assert client.get("/api/v1/me", headers=headers).json()["locale"] is None


def test_a_visitors_switch_is_kept_in_a_cookie_before_the_browsers_language(
    client: TestClient,
) -> None:
    login = client.get("/login", headers={"Accept-Language": "de"}).text
    assert '<form class="language-switcher" method="post" action="/language">' in login
    assert '<option value="de" lang="de" selected>Deutsch</option>' in login
    switched = client.post(
        "/language",
        data={"csrf": csrf_of(login), "locale": "fr", "back": "/login?next=/home"},
        follow_redirects=False,
    )
    assert switched.status_code == 303
    assert switched.headers["location"] == "/login?next=/home"
    assert client.cookies["growpath_locale"] == "fr"
    assert SKIP_FR in client.get("/login", headers={"Accept-Language": "de"}).text
    back_to_browser = client.post(
        "/language", data={"csrf": csrf_of(login), "locale": ""}, follow_redirects=False
    )
    assert back_to_browser.headers["location"] == "/"
    assert "growpath_locale" not in client.cookies
    assert SKIP_DE in client.get("/login", headers={"Accept-Language": "de"}).text


def test_the_switcher_refuses_without_csrf_a_strange_language_or_another_site(
    client: TestClient,
) -> None:
    csrf = csrf_of(client.get("/login").text)
    assert client.post("/language", data={"locale": "de"}).status_code == 403
    refused = client.post("/language", data={"csrf": csrf, "locale": "tlh"})
    assert refused.status_code == 422 and "is not a language growpath offers" in refused.text
    assert "growpath_locale" not in client.cookies
    for elsewhere in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        answer = client.post(
            "/language",
            data={"csrf": csrf, "locale": "es", "back": elsewhere},
            follow_redirects=False,
        )
        assert answer.headers["location"] == "/", elsewhere


def test_the_switcher_saves_a_logged_in_persons_choice_and_shows_the_page_again(
    client: TestClient, seeded: Growpath
) -> None:
    csrf = log_in_page(client, PARTICIPANT)
    page = client.get("/people").text
    assert '<input type="hidden" name="back" value="/people">' in page
    switched = client.post(
        "/language",
        data={"csrf": csrf, "locale": "es", "back": "/people"},
        follow_redirects=False,
    )
    assert switched.headers["location"] == "/people"
    assert _locale_of(seeded, PARTICIPANT) == "es"
    assert _actions(seeded, "account.locale") == [{"locale": "es"}]
    # The preference, not the cookie, follows the person into another browser.
    elsewhere = TestClient(client.app)
    log_in_page(elsewhere, PARTICIPANT)
    assert ">Saltar al contenido</a>" in elsewhere.get("/people").text


def test_dates_and_times_read_as_german_writes_them(client: TestClient, seeded: Growpath) -> None:
    engagement_id, session_id = _pair_with_a_session(seeded, "Europe/Berlin")
    csrf = log_in_page(client, MENTOR)
    english = client.get(f"/sessions/{session_id}").text
    assert IN_BERLIN in english
    client.post("/language", data={"csrf": csrf, "locale": "de", "back": "/"})
    german = client.get(f"/sessions/{session_id}").text
    assert "Di., 6. Jan. 2026, 10:00 Europe/Berlin" in german
    assert IN_BERLIN not in german
    assert (
        "Di., 6. Jan. 2026, 10:00 Europe/Berlin" in client.get(f"/engagements/{engagement_id}").text
    )


def test_scores_and_percentages_read_as_german_writes_them(
    client: TestClient, seeded: Growpath
) -> None:
    ensure_catalogue(operator_context(seeded))
    program_id = _open_program(seeded, "traditional-mentoring", "Mentoring for all")
    goals = {"goals": "Grow into a staff engineer this year.", "desired_competencies": []}
    enrolment.enrol(_participant(seeded), program_id, "mentee", goals)
    guide = make_account(seeded, MENTOR)
    enrolment.enrol(guide, program_id, "mentor", {"capacity": 1, "expertise": ["python"]})
    csrf = log_in_page(client, PARTICIPANT)
    english = client.get(f"/programs/{program_id}/recommendations").text
    score = english.split('<p class="muted">Fit score ')[1].split("<")[0]
    share = english.split('<td class="number">')[1].split("<")[0]
    assert "." in score and share.endswith("%") and " " not in share
    client.post("/language", data={"csrf": csrf, "locale": "de", "back": "/"})
    german = client.get(f"/programs/{program_id}/recommendations").text
    assert f'<p class="muted">Passungswert {score.replace(".", ",")}<' in german
    assert f'<td class="number">{share[:-1]}\u00a0%</td>' in german
