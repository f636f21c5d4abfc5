"""`growpath scim token create|list|revoke`, and the account commands refusing a person the
identity provider deprovisioned."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from growpath.adapters.orm import ScimTokenRow
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.entrypoints.cli import app
from growpath.entrypoints.cli_support import growpath_app
from growpath.services import accounts, provisioning, scim_tokens
from tests.conftest import PASSWORD
from tests.factories import csv_bytes, org_rows

runner = CliRunner()
WHY = "deprovisioned by the identity provider"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated SQLite database of 10 people, no account yet."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    monkeypatch.setenv("COLUMNS", "200")  # the table keeps each row on one line
    (tmp_path / "people.csv").write_bytes(csv_bytes(org_rows(10)))
    for command in (["db", "upgrade"], ["people", "import", "people.csv"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
    return tmp_path


def _users_status(token: str) -> int:
    with TestClient(create_app(growpath_app())) as client:
        answer = client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {token}"})
        return answer.status_code


def test_a_scim_token_is_printed_once_kept_as_a_digest_and_revoked_at_once(
    workdir: Path,
) -> None:
    made = runner.invoke(app, ["scim", "token", "create", "--label", "okta"])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    assert token.startswith("scim_") and len(token) > 40
    assert "not shown again" in made.stderr
    with growpath_app().uow() as uow:
        (row,) = uow.session.scalars(select(ScimTokenRow))
        assert row.token_digest == hashlib.sha256(token.encode()).hexdigest()
        assert row.label == "okta"
        token_id = row.id
    assert token.encode() not in (workdir / "cli.db").read_bytes()
    assert _users_status(token) == 200

    listed = runner.invoke(app, ["scim", "token", "list"])
    assert listed.exit_code == 0, listed.output
    assert "okta" in listed.output and "live" in listed.output
    assert token not in listed.output and token[5:20] not in listed.output

    revoked = runner.invoke(app, ["scim", "token", "revoke", str(token_id)])
    assert revoked.exit_code == 0, revoked.output
    assert f"SCIM token {token_id} revoked" in revoked.output
    assert _users_status(token) == 401
    assert "revoked" in runner.invoke(app, ["scim", "token", "list"]).output
    again = runner.invoke(app, ["scim", "token", "revoke", str(token_id)])
    assert again.exit_code == 0 and "was revoked already" in again.output


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["scim", "token", "revoke", "999"], "no SCIM token with id 999"),
        (["scim", "token", "revoke", "abc"], "Invalid value for 'token_id'"),
        (["scim", "token", "revoke"], "Missing argument"),
        (["scim", "token", "create", "--label", "two\nlines"], "label"),
        (["scim", "token", "create", "--label", "x" * 121], "at most 120 characters"),
    ],
)
def test_bad_token_commands_exit_2_saying_why_and_change_nothing(
    workdir: Path, command: list[str], says: str
) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert scim_tokens.list_tokens(growpath_app()) == []


def test_account_commands_refuse_a_person_the_identity_provider_deprovisioned(
    workdir: Path,
) -> None:
    growpath = growpath_app()
    provider = scim_tokens.scim_context(growpath, scim_tokens.create_token(growpath).token, "t")
    assert provider is not None

    def deprovision(email: str) -> None:
        with growpath.uow() as uow:
            person = uow.people.by_email(email)
            assert person is not None
            person_id = person.id
        provisioning.change_person(provider, person_id, lambda p: replace(p.wanted(), active=False))

    # The first administrator's account: refused for a deprovisioned person, nothing made.
    deprovision("person0@example.com")
    first = runner.invoke(app, ["init", "--admin-email", "person0@example.com"])
    assert first.exit_code == 2 and WHY in first.output
    assert runner.invoke(app, ["init", "--admin-email", "admin@example.com"]).exit_code == 0

    accounts.create_account(growpath, "person3@example.com", {Role.PARTICIPANT}, PASSWORD)
    deprovision("person3@example.com")
    back = runner.invoke(app, ["users", "reactivate", "person3@example.com"])
    assert back.exit_code == 2, back.output
    assert "cannot reactivate the account" in back.output and WHY in back.output
    assert "deactivated" in runner.invoke(app, ["users", "list", "--email-contains", "3"]).output

    deprovision("person4@example.com")
    invited = runner.invoke(app, ["users", "invite", "person4@example.com"])
    assert invited.exit_code == 2 and WHY in invited.output
    assert "person4" not in runner.invoke(app, ["users", "invitations"]).output
