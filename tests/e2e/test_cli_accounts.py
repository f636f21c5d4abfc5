"""`growpath users list|deactivate|reactivate`: the operator's view of accounts."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from growpath.domain.accounts import Role
from growpath.domain.errors import AuthenticationFailed
from growpath.entrypoints.cli import app
from growpath.entrypoints.cli_support import growpath_app
from growpath.services import accounts
from tests.conftest import PASSWORD
from tests.second_factor import has_totp, set_up_totp

runner = CliRunner()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated database with an organisation admin and a participant."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    monkeypatch.setenv("COLUMNS", "200")  # the table keeps each e-mail on one line
    result = runner.invoke(app, ["init", "--admin-email", "admin@example.com"])
    assert result.exit_code == 0, result.output
    accounts.create_account(growpath_app(), "member@example.com", {Role.PARTICIPANT}, PASSWORD)
    return tmp_path


def test_users_deactivate_and_reactivate_an_account_by_email(workdir: Path) -> None:
    listed = runner.invoke(app, ["users", "list", "--email-contains", "member"])
    assert listed.exit_code == 0, listed.output
    assert "member@example.com" in listed.output and "admin@example.com" not in listed.output
    assert "active" in listed.output and "never" in listed.output

    done = runner.invoke(app, ["users", "deactivate", "Member@Example.com"])

    assert done.exit_code == 0, done.output
    assert "member@example.com is deactivated" in done.output
    assert "deactivated" in runner.invoke(app, ["users", "list"]).output
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(growpath_app(), "member@example.com", PASSWORD)
    again = runner.invoke(app, ["users", "deactivate", "member@example.com"])
    assert again.exit_code == 0 and "already deactivated" in again.output
    back = runner.invoke(app, ["users", "reactivate", "member@example.com"])
    assert back.exit_code == 0 and "is active again" in back.output
    assert accounts.authenticate(growpath_app(), "member@example.com", PASSWORD).user_id


def test_users_deactivate_refuses_the_last_org_admin_and_an_unknown_email(
    workdir: Path,
) -> None:
    last = runner.invoke(app, ["users", "deactivate", "admin@example.com"])
    assert last.exit_code == 2 and "last active organisation admin" in last.output
    unknown = runner.invoke(app, ["users", "reactivate", "nobody@example.com"])
    assert unknown.exit_code == 2 and "no account has the e-mail" in unknown.output


def test_users_two_step_off_lets_someone_who_lost_their_phone_set_it_up_again(
    workdir: Path,
) -> None:
    growpath = growpath_app()
    accounts.create_account(growpath, "boss@example.com", {Role.ORG_ADMIN}, PASSWORD)
    set_up_totp(growpath, "boss@example.com")
    token = accounts.issue_token(
        growpath, accounts.authenticate(growpath, "boss@example.com", PASSWORD)
    )

    done = runner.invoke(app, ["users", "two-step-off", "boss@example.com"])

    assert done.exit_code == 0, done.output
    assert "Two-step login is off for boss@example.com" in done.output
    assert not has_totp(growpath, "boss@example.com")
    assert accounts.actor_for_token(growpath, token.token) is None
    again = runner.invoke(app, ["users", "two-step-off", "boss@example.com"])
    assert again.exit_code == 0 and "was not on" in again.output
    unknown = runner.invoke(app, ["users", "two-step-off", "nobody@example.com"])
    assert unknown.exit_code == 2 and "no account has the e-mail" in unknown.output
