"""GROWPATH_AUTH=sso over HTTP and the CLI: password logins, resets and invitations are off with
a clear answer, the pages hide them, and the one break-glass way in works once, for an hour."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.errors import Conflict, PermissionDenied
from growpath.entrypoints.app import create_app
from growpath.entrypoints.cli import app as cli
from growpath.entrypoints.cli_support import growpath_app
from growpath.services import accounts, break_glass
from growpath.services.sign_in_methods import PASSWORDS_OFF
from tests.conftest import PASSWORD
from tests.e2e.conftest import ADMIN, PARTICIPANT, csrf_of, second_step

SSO_ONLY = {"auth": "sso", "oidc_issuer": "https://idp.example", "oidc_client_id": "growpath"}
runner = CliRunner()


@pytest.fixture
def sso_only(seeded: Growpath) -> Growpath:
    """The seeded organisation, with single sign-on the only way in."""
    return replace(seeded, settings=seeded.settings.model_copy(update=SSO_ONLY))


@pytest.fixture
def sso_client(sso_only: Growpath) -> Iterator[TestClient]:
    """A client of the app where only single sign-on logs in."""
    with TestClient(create_app(sso_only)) as client:
        yield client


def _admin_token(seeded: Growpath) -> dict[str, str]:
    # Issued as an earlier single sign-on would have: tokens outlive the way one logged in.
    actor = accounts.authenticate(seeded, ADMIN, PASSWORD)
    return {"Authorization": f"Bearer {accounts.issue_token(seeded, actor).token}"}


def test_with_sso_only_a_password_never_logs_in_and_says_why(sso_client: TestClient) -> None:
    right = sso_client.post("/api/v1/auth/token", json={"email": ADMIN, "password": PASSWORD})
    wrong = sso_client.post("/api/v1/auth/token", json={"email": ADMIN, "password": "x" * 14})
    unknown = sso_client.post(
        "/api/v1/auth/token", json={"email": "nobody@example.com", "password": PASSWORD}
    )
    # The same answer whether the password is right, wrong or the account unknown.
    assert right.status_code == wrong.status_code == unknown.status_code == 403
    assert right.json()["detail"] == wrong.json()["detail"] == PASSWORDS_OFF
    csrf = csrf_of(sso_client.get("/login").text)
    page = sso_client.post(
        "/login", data={"email": PARTICIPANT, "password": PASSWORD, "csrf": csrf}
    )
    assert page.status_code == 403 and "password login is off" in page.text


def test_with_sso_only_resets_and_invitations_are_off_and_hidden(
    seeded: Growpath, sso_client: TestClient
) -> None:
    login = sso_client.get("/login").text
    assert "Sign in with single sign-on" in login and "Forgot your password" not in login
    assert "Break-glass login" in login
    reset = sso_client.post("/api/v1/auth/password-reset", json={"email": PARTICIPANT})
    assert reset.status_code == 403 and "resetting a password is off" in reset.json()["detail"]
    assert sso_client.get("/password-reset").status_code == 403
    invited = sso_client.post(
        "/api/v1/invitations", headers=_admin_token(seeded), json={"email": "person9@example.com"}
    )
    assert invited.status_code == 409 and "invitations are off" in invited.json()["detail"]
    accepted = sso_client.post(
        "/api/v1/auth/invitation", json={"token": "x" * 43, "password": "my-own-choice-42"}
    )
    assert accepted.status_code == 409


def test_break_glass_logs_an_org_admin_in_once_and_hides_the_invitations(
    sso_only: Growpath, sso_client: TestClient
) -> None:
    password = break_glass.break_glass(sso_only, ADMIN)
    form = {"email": ADMIN, "password": password, "csrf": csrf_of(sso_client.get("/login").text)}
    first = sso_client.post("/login", data=form, follow_redirects=False)
    # The admin set up two-step login earlier: break-glass is a password, so the code is asked.
    assert first.status_code == 303 and first.headers["location"].endswith("/login/code")
    second = second_step(sso_client, ADMIN, sso_only)
    assert second.status_code == 303 and second.headers["location"].endswith("/account/password")
    new = {"current_password": password, "new_password": "a-new-own-choice-77"}
    csrf = csrf_of(sso_client.get("/account/password").text)
    assert sso_client.post("/account/password", data={**new, "csrf": csrf}).status_code == 200
    accounts_page = sso_client.get("/admin/accounts")
    assert accounts_page.status_code == 200
    assert "Invitations are off" in accounts_page.text
    assert "Send the invitation" not in accounts_page.text
    # The one-time password is spent, and the new one is no way in while only SSO is on.
    with pytest.raises(PermissionDenied):
        accounts.authenticate(sso_only, ADMIN, password)
    with pytest.raises(PermissionDenied):
        accounts.authenticate(sso_only, ADMIN, "a-new-own-choice-77")


def test_a_break_glass_password_expires_after_an_hour(sso_only: Growpath) -> None:
    password = break_glass.break_glass(sso_only, ADMIN)
    assert isinstance(sso_only.clock, FixedClock)
    sso_only.clock.advance(timedelta(minutes=61))
    with pytest.raises(PermissionDenied):
        accounts.authenticate(sso_only, ADMIN, password)


def test_break_glass_is_for_org_admins_only(sso_only: Growpath) -> None:
    with pytest.raises(Conflict, match="not an organisation admin"):
        break_glass.break_glass(sso_only, PARTICIPANT)


@pytest.fixture
def sso_workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated database with an organisation admin, served with single sign-on only."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    result = runner.invoke(cli, ["init", "--admin-email", "admin@example.com"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("GROWPATH_AUTH", "sso")
    monkeypatch.setenv("GROWPATH_OIDC_ISSUER", "https://idp.example")
    monkeypatch.setenv("GROWPATH_OIDC_CLIENT_ID", "growpath")
    return tmp_path


def test_the_break_glass_command_prints_a_one_time_password_and_audits_it(
    sso_workdir: Path,
) -> None:
    done = runner.invoke(cli, ["users", "break-glass", "Admin@Example.com"])
    assert done.exit_code == 0, done.output
    password = done.output.split("One-time password for Admin@Example.com: ")[1].split()[0]
    actor = accounts.authenticate(growpath_app(), "admin@example.com", password)
    assert actor.must_change_password
    with growpath_app().uow() as uow:
        [(event, _)] = uow.audit.events(limit=5, action="account.break_glass")
        assert event.source_address == "cli" and password not in str(event.detail)
    refused = runner.invoke(cli, ["users", "break-glass", "nobody@example.com"])
    assert refused.exit_code != 0 and "no account" in refused.output
