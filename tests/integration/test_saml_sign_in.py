"""SAML sign-in against a real pysaml2 identity provider process, on SQLite and PostgreSQL:
the good path, and the answers that must be refused (unsigned, for another service, expired,
replayed, unsolicited, posted into another browser), each audited and none a 500."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import SamlAssertionRow, SamlRequestRow
from growpath.bootstrap import Growpath, bootstrap
from growpath.domain.audit import ALLOWED, DENIED
from growpath.entrypoints.app import create_app
from growpath.services.context import operator_context
from growpath.services.people_import import import_people
from tests.factories import RecordingMailer, csv_bytes, org_rows
from tests.saml_world import SamlWorld, saml_world, sign_in_at_idp

BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SamlWorld]:
    """The test identity provider, running for this module's tests."""
    with saml_world(tmp_path_factory.mktemp("saml"), BASE_URL) as running:
        yield running


@pytest.fixture
def saml_app(
    world: SamlWorld, engine: Engine, tmp_path: Path, clock: FixedClock, mailer: RecordingMailer
) -> Growpath:
    """growpath trusting the test provider, with a 20-person directory."""
    settings = world.settings(
        database_url=engine.url.render_as_string(hide_password=False), mail_dir=tmp_path / "mail"
    )
    app = bootstrap(settings, clock=clock, mailer=mailer, engine=engine)
    import_people(operator_context(app), csv_bytes(org_rows(20)), "people.csv")
    return app


@pytest.fixture
def browser(saml_app: Growpath) -> Iterator[TestClient]:
    """One browser (its own cookies) on growpath."""
    with TestClient(create_app(saml_app), base_url=BASE_URL) as client:
        yield client


def _start(client: TestClient) -> str:
    response = client.get("/auth/saml/login?next=/people", follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def _post_answer(client: TestClient, form: dict[str, str]) -> Any:
    assert form["action"] == f"{BASE_URL}/auth/saml/acs"
    return client.post(
        "/auth/saml/acs",
        data={"SAMLResponse": form["SAMLResponse"], "RelayState": form.get("RelayState", "")},
        headers={"accept": "text/html"},
        follow_redirects=False,
    )


def _signed_in(client: TestClient) -> bool:
    page = client.get("/people", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code in (200, 303), page.text  # 303: to the login page
    return page.status_code == 200


def _saml_audit(app: Growpath, outcome: str) -> list[dict[str, Any]]:
    with app.uow() as uow:
        events = uow.audit.events(limit=50, action="sso.saml", outcome=outcome)
        return [dict(event.detail) for event, _ in events]


def _refused(app: Growpath, response: Any, reason: str) -> None:
    assert response.status_code == 401, response.text
    assert reason in response.text
    assert reason in str(_saml_audit(app, DENIED))


def test_a_person_signs_in_at_the_identity_provider_and_lands_where_they_were_going(
    saml_app: Growpath, browser: TestClient
) -> None:
    form = sign_in_at_idp(_start(browser), "person4")
    answered = _post_answer(browser, form)
    assert answered.status_code == 303, answered.text
    assert answered.headers["location"].endswith("/auth/saml/acs")
    arrived = browser.get("/auth/saml/acs", follow_redirects=False)
    assert arrived.status_code == 303, arrived.text
    assert arrived.headers["location"].endswith("/people")
    assert _signed_in(browser)
    assert [d.get("subject") for d in _saml_audit(saml_app, ALLOWED)] == ["idp-subject-4"]
    with saml_app.uow() as uow:
        # The sign-in is used up (the identity went with it); the assertion is remembered.
        assert uow.session.scalar(select(func.count()).select_from(SamlRequestRow)) == 0
        assert uow.session.scalar(select(func.count()).select_from(SamlAssertionRow)) == 1


def test_an_unsigned_assertion_is_refused_and_audited(
    saml_app: Growpath, browser: TestClient
) -> None:
    form = sign_in_at_idp(_start(browser), "person4", variant="unsigned")
    _refused(saml_app, _post_answer(browser, form), "not signed by the identity provider")
    assert browser.get("/auth/saml/acs", follow_redirects=False).status_code == 401
    assert not _signed_in(browser)


def test_an_assertion_meant_for_another_service_is_refused_and_audited(
    saml_app: Growpath, browser: TestClient
) -> None:
    form = sign_in_at_idp(_start(browser), "person4", variant="wrong-audience")
    _refused(saml_app, _post_answer(browser, form), "meant for another service")
    assert browser.get("/auth/saml/acs", follow_redirects=False).status_code == 401


def test_an_assertion_addressed_to_another_services_acs_is_refused_and_audited(
    saml_app: Growpath, browser: TestClient
) -> None:
    form = sign_in_at_idp(_start(browser), "person4", variant="wrong-recipient")
    _refused(saml_app, _post_answer(browser, form), "addressed to another service")
    assert browser.get("/auth/saml/acs", follow_redirects=False).status_code == 401


def test_an_expired_assertion_is_refused_and_audited(
    saml_app: Growpath, browser: TestClient
) -> None:
    form = sign_in_at_idp(_start(browser), "person4", variant="expired")
    _refused(saml_app, _post_answer(browser, form), "the assertion has expired")
    assert browser.get("/auth/saml/acs", follow_redirects=False).status_code == 401


def test_a_replayed_answer_is_refused_and_audited(saml_app: Growpath, browser: TestClient) -> None:
    form = sign_in_at_idp(_start(browser), "person4")
    assert _post_answer(browser, form).status_code == 303
    # Again before the browser came back, and again after it signed in.
    _refused(saml_app, _post_answer(browser, form), "used already")
    assert browser.get("/auth/saml/acs", follow_redirects=False).status_code == 303
    browser.cookies.clear()
    _refused(saml_app, _post_answer(browser, form), "used already")
    assert browser.get("/auth/saml/acs", follow_redirects=False).status_code == 401


def test_the_used_assertion_ids_are_shared_by_every_worker(saml_app: Growpath) -> None:
    # In the database, not in a process: a second worker sees the first one's assertion.
    later = saml_app.clock.now() + timedelta(hours=1)
    with saml_app.uow() as uow:
        assert uow.saml.remember_assertion("id-one", later)
        uow.commit()
    with saml_app.uow() as uow:
        assert not uow.saml.remember_assertion("id-one", later)
        assert uow.saml.remember_assertion("id-two", later)


def test_an_answer_posted_into_another_browser_signs_nobody_in(
    saml_app: Growpath, browser: TestClient
) -> None:
    # Login CSRF: the attacker signs in at the provider and has the victim's browser post it.
    with TestClient(create_app(saml_app), base_url=BASE_URL) as attacker:
        form = sign_in_at_idp(_start(attacker), "person7")
    browser.get("/auth/saml/login", follow_redirects=False)  # the victim's own, unanswered
    assert _post_answer(browser, form).status_code == 303
    _refused(saml_app, browser.get("/auth/saml/acs", follow_redirects=False), "no SAML sign-in")
    assert not _signed_in(browser)


def test_an_answer_to_no_request_of_growpath_is_refused(
    saml_app: Growpath, browser: TestClient
) -> None:
    form = sign_in_at_idp(_start(browser), "person4")
    with saml_app.uow() as uow:
        uow.saml.remove_expired(saml_app.clock.now() + timedelta(days=1))
        uow.commit()
    _refused(saml_app, _post_answer(browser, form), "does not belong to a sign-in under way")


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "not base64 at all!",
        base64.b64encode(b"<not-saml/>").decode(),
        base64.b64encode(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>').decode(),
    ],
)
def test_garbage_in_place_of_an_answer_is_refused_without_a_500(
    saml_app: Growpath, browser: TestClient, garbage: str
) -> None:
    response = browser.post(
        "/auth/saml/acs", data={"SAMLResponse": garbage}, headers={"accept": "text/html"}
    )
    assert response.status_code in (401, 422), response.text


def test_the_metadata_names_the_acs_and_growpaths_signing_certificate(
    browser: TestClient, world: SamlWorld
) -> None:
    response = browser.get("/auth/saml/metadata")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/samlmetadata+xml")
    assert f'entityID="{BASE_URL}/auth/saml/metadata"' in response.text
    assert f'Location="{BASE_URL}/auth/saml/acs"' in response.text
    assert 'AuthnRequestsSigned="true"' in response.text
    assert 'WantAssertionsSigned="true"' in response.text
    cert = Path(world.saml_settings["saml_sp_cert_file"]).read_text()
    body = "".join(cert.strip().splitlines()[1:-1])
    assert body in response.text.replace("\n", "")


def test_the_login_page_offers_saml_sign_in_by_its_name(browser: TestClient) -> None:
    page = browser.get("/login?next=/people")
    assert "Sign in with Test IdP" in page.text
    assert 'href="/auth/saml/login?next=/people"' in page.text


def test_someone_the_directory_does_not_know_is_refused_by_the_admission(
    saml_app: Growpath, browser: TestClient
) -> None:
    form = sign_in_at_idp(_start(browser), "stranger")
    assert _post_answer(browser, form).status_code == 303
    arrived = browser.get("/auth/saml/acs", headers={"accept": "text/html"})
    assert arrived.status_code == 401, arrived.text
    assert not _signed_in(browser)


def test_unusable_metadata_is_a_clear_page_and_a_log_line_never_a_500(
    world: SamlWorld, sqlite_engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "idp-metadata.xml"
    broken.write_text("<not-metadata/>")
    settings = world.settings(
        database_url=sqlite_engine.url.render_as_string(hide_password=False),
        saml_idp_metadata=str(broken),
    )
    app = bootstrap(settings, engine=sqlite_engine)
    with TestClient(create_app(app), base_url=BASE_URL) as client:
        for path in ("/auth/saml/login", "/auth/saml/metadata"):
            page = client.get(path, headers={"accept": "text/html"}, follow_redirects=False)
            assert page.status_code == 503, page.text
            assert "SAML sign-in is unavailable" in page.text
            assert str(broken) not in page.text
    assert "SAML sign-in is unavailable" in caplog.text


def test_without_saml_set_up_the_login_page_offers_none_and_its_addresses_lead_back(
    sqlite_app: Growpath,
) -> None:
    with TestClient(create_app(sqlite_app)) as client:
        assert "Sign in with" not in client.get("/login").text
        for method, path in (("GET", "/auth/saml/login"), ("POST", "/auth/saml/acs")):
            response = client.request(
                method, path, data={"SAMLResponse": "x"}, follow_redirects=False
            )
            assert response.status_code == 303, response.text
            assert response.headers["location"] == "/login"
        assert "SAML sign-in is not set up here." in client.get("/login").text


def test_a_refused_cross_site_post_leaves_the_browsers_session_alone(
    saml_app: Growpath,
) -> None:
    # The provider's post comes without growpath's cookie (SameSite=Lax); answering it with a
    # new cookie would replace the visitor's session: a logout anyone could trigger.
    with TestClient(create_app(saml_app), base_url=BASE_URL) as cross_site:
        refused = cross_site.post(
            "/auth/saml/acs", data={"SAMLResponse": "garbage"}, headers={"accept": "text/html"}
        )
        assert refused.status_code == 401, refused.text
        assert "set-cookie" not in refused.headers
