"""OpenID Connect sign-in against a real provider process, on SQLite and PostgreSQL: a person
in the directory comes in; a wrong state, a replayed code, a wrong audience, issuer or nonce,
a bad signature and an expired token are refused with a page saying why, and audited."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from pydantic import SecretStr

from growpath.adapters.clock import FixedClock, SystemClock
from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.services.context import operator_context
from growpath.services.people_import import import_people
from tests.e2e.conftest import csrf_of
from tests.factories import csv_bytes, org_rows
from tests.oidc_provider import RunningProvider, running_provider

MEMBER = "person4@example.com"


@pytest.fixture
def provider() -> Iterator[RunningProvider]:
    """The OpenID Connect provider, running on a free port."""
    with running_provider() as running:
        running.set_user("sub-4", {"email": MEMBER, "email_verified": True, "name": "Person 4"})
        yield running


def _sso_app(app: Growpath, provider: RunningProvider, **settings: object) -> Growpath:
    """The app with single sign-on through the provider, on the wall clock its tokens use."""
    import_people(operator_context(app), csv_bytes(org_rows(8)), "people.csv")
    configured = app.settings.model_copy(
        update={
            "auth": "both",
            "oidc_issuer": provider.issuer,
            "oidc_client_id": "growpath",
            "oidc_client_secret": SecretStr("a-client-secret-of-growpath"),
            "oidc_name": "Example IdP",
            **settings,
        }
    )
    return replace(app, settings=configured, clock=SystemClock())


@pytest.fixture
def sso(app: Growpath, provider: RunningProvider) -> Growpath:
    """An organisation of 8 whose login page offers the provider."""
    return _sso_app(app, provider)


@pytest.fixture
def client(sso: Growpath) -> Iterator[TestClient]:
    """A browser-like client of the app."""
    with TestClient(create_app(sso)) as test_client:
        yield test_client


def _leave_for_provider(client: TestClient) -> str:
    started = client.get("/auth/oidc/login", follow_redirects=False)
    assert started.status_code == 303, started.text
    return str(started.headers["location"])


def _back_from_provider(client: TestClient, redirect: str, **changes: str) -> Response:
    parts = urlsplit(redirect)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changes
    return client.get(parts.path, params=query, follow_redirects=False)


def _sign_in(client: TestClient, provider: RunningProvider, subject: str = "sub-4") -> Response:
    return _back_from_provider(client, provider.sign_in(_leave_for_provider(client), subject))


def _logged_in(client: TestClient) -> bool:
    return client.get("/home", follow_redirects=False).status_code == 200


def _sso_audit(app: Growpath) -> list[tuple[str, dict[str, object]]]:
    with app.uow() as uow:
        return [
            (row.outcome, row.detail)
            for row, _ in reversed(uow.audit.events(limit=50, action="login.sso"))
        ]


def test_a_person_in_the_directory_signs_in_through_the_provider_and_lands_home(
    sso: Growpath, client: TestClient, provider: RunningProvider
) -> None:
    login_page = client.get("/login")
    assert "Sign in with Example IdP" in login_page.text
    assert 'name="password"' in login_page.text  # both: the password form stays
    authorize = urlsplit(_leave_for_provider(client))
    asked = parse_qs(authorize.query)
    assert asked["code_challenge_method"] == ["S256"] and len(asked["code_challenge"][0]) == 43
    assert asked["state"][0] and asked["nonce"][0] and asked["scope"] == ["openid email profile"]
    back = _sign_in(client, provider)
    assert back.status_code == 303 and back.headers["location"].endswith("/home")
    home = client.get("/home")
    assert home.status_code == 200 and MEMBER in home.text
    [(outcome, detail)] = _sso_audit(sso)
    assert outcome == "allowed" and detail["provider"] == "oidc" and detail["subject"] == "sub-4"
    # No token, code or nonce of the exchange is kept in the audit trail.
    assert set(detail) == {"provider", "subject", "matched_by"}


def test_logging_out_ends_the_session_at_the_provider_too(
    client: TestClient, provider: RunningProvider
) -> None:
    _sign_in(client, provider)
    csrf = csrf_of(client.get("/account/password").text)
    out = client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303
    location = urlsplit(out.headers["location"])
    assert f"{location.scheme}://{location.netloc}" == provider.issuer
    assert location.path == "/oauth2/end_session"
    sent = parse_qs(location.query)
    assert sent["client_id"] == ["growpath"] and sent["id_token_hint"][0].count(".") == 2
    assert sent["post_logout_redirect_uri"][0].endswith("/login")
    assert not _logged_in(client)


def test_a_wrong_state_is_refused_before_any_exchange(
    sso: Growpath, client: TestClient, provider: RunningProvider
) -> None:
    redirect = provider.sign_in(_leave_for_provider(client), "sub-4")
    refused = _back_from_provider(client, redirect, state="forged-state")
    assert refused.status_code == 401
    assert "started elsewhere or has expired" in refused.text
    assert not _logged_in(client)
    assert _sso_audit(sso)[-1][0] == "denied"


def test_a_replayed_answer_or_code_is_refused(
    sso: Growpath, client: TestClient, provider: RunningProvider
) -> None:
    redirect = provider.sign_in(_leave_for_provider(client), "sub-4")
    assert _back_from_provider(client, redirect).status_code == 303
    # The same answer again: the session's pending sign-in was used up.
    again = _back_from_provider(client, redirect)
    assert again.status_code == 401 and "started elsewhere" in again.text
    # The old code with a fresh state: the provider refuses to exchange it twice.
    client.cookies.clear()
    fresh_state = parse_qs(urlsplit(_leave_for_provider(client)).query)["state"][0]
    replayed = _back_from_provider(client, redirect, state=fresh_state)
    assert replayed.status_code == 401
    assert "refused the sign-in code" in replayed.text
    assert not _logged_in(client)
    assert [outcome for outcome, _ in _sso_audit(sso)] == ["allowed", "denied", "denied"]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"aud": "another-client"}, "audience is not right"),
        ({"iss": "https://impostor.example"}, "issuer is not right"),
        ({"nonce": "a-nonce-of-another-sign-in"}, "nonce is not right"),
    ],
)
def test_an_id_token_with_a_wrong_claim_is_refused(
    sso: Growpath,
    client: TestClient,
    provider: RunningProvider,
    override: dict[str, str],
    message: str,
) -> None:
    provider.claims_override = override
    refused = _sign_in(client, provider)
    assert refused.status_code == 401 and message in refused.text
    assert not _logged_in(client)
    outcome, detail = _sso_audit(sso)[-1]
    assert outcome == "denied" and message in str(detail["reason"])


def test_an_id_token_signed_by_another_key_is_refused(
    client: TestClient, provider: RunningProvider
) -> None:
    provider.sign_with_stranger_key = True
    refused = _sign_in(client, provider)
    assert refused.status_code == 401 and "signature does not verify" in refused.text
    assert not _logged_in(client)


def test_an_expired_id_token_is_refused(app: Growpath, provider: RunningProvider) -> None:
    later = replace(
        _sso_app(app, provider), clock=FixedClock(datetime.now(UTC) + timedelta(hours=2))
    )
    with TestClient(create_app(later)) as client:
        refused = _sign_in(client, provider)
    assert refused.status_code == 401 and "has expired" in refused.text


def test_someone_the_directory_does_not_know_is_refused_with_a_page(
    sso: Growpath, client: TestClient, provider: RunningProvider
) -> None:
    provider.set_user("sub-x", {"email": "stranger@example.com", "email_verified": True})
    refused = _sign_in(client, provider, "sub-x")
    assert refused.status_code == 401
    assert "not in growpath&#39;s directory" in refused.text
    assert not _logged_in(client)


def test_an_address_the_provider_has_not_verified_matches_nobody(
    client: TestClient, provider: RunningProvider
) -> None:
    provider.set_user("sub-u", {"email": MEMBER, "email_verified": False})
    assert _sign_in(client, provider, "sub-u").status_code == 401
    assert not _logged_in(client)


def test_the_provider_refusing_the_person_shows_a_page_not_an_error(
    client: TestClient,
) -> None:
    _leave_for_provider(client)
    refused = client.get("/auth/oidc/callback", params={"error": "access_denied"})
    assert refused.status_code == 401 and "did not sign you in (access_denied)" in refused.text


def test_an_unreachable_provider_shows_a_page_not_an_error(app: Growpath) -> None:
    with running_provider() as gone:
        issuer = gone.issuer
    import_people(operator_context(app), csv_bytes(org_rows(3)), "people.csv")
    settings = app.settings.model_copy(
        update={"auth": "both", "oidc_issuer": issuer, "oidc_client_id": "growpath"}
    )
    with TestClient(create_app(replace(app, settings=settings))) as client:
        answer = client.get("/auth/oidc/login")
    assert answer.status_code == 503 and "not answering" in answer.text


def test_with_local_logins_single_sign_on_is_not_offered(
    app: Growpath, provider: RunningProvider
) -> None:
    local = _sso_app(app, provider, auth="local")
    with TestClient(create_app(local)) as client:
        assert "Sign in with" not in client.get("/login").text
        off = client.get("/auth/oidc/login")
        assert off.status_code == 200 and "Single sign-on is not turned on here" in off.text
