"""Defaults (threat model attack 10): no deployment starts with a public secret or derives
keys from one."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import itsdangerous
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from growpath.adapters.crypto import kek_from_settings, key_id
from growpath.bootstrap import bootstrap
from growpath.domain.accounts import Role
from growpath.entrypoints import cli
from growpath.entrypoints.app import create_app
from growpath.services import accounts
from growpath.settings import DEVELOPMENT_SECRET_KEY
from tests.conftest import PASSWORD

runner = CliRunner()
NOTES_KEY_INFO = b"growpath notes key-encryption key"


@pytest.fixture
def fresh_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with no GROWPATH_* settings at all, its database migrated."""
    monkeypatch.chdir(tmp_path)
    for name in ("SECRET_KEY", "NOTES_KEY", "ENVIRONMENT", "DATABASE_URL"):
        monkeypatch.delenv(f"GROWPATH_{name}", raising=False)
    result = runner.invoke(cli.app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return tmp_path


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the addresses `growpath serve` would listen on, instead of serving."""
    hosts: list[str] = []
    monkeypatch.setattr(cli, "_serve", lambda growpath, host, *args, **kwargs: hosts.append(host))
    return hosts


def _forged_cookie(secret: str, session: dict[str, object]) -> str:
    # Starlette's SessionMiddleware: base64 JSON signed with itsdangerous' TimestampSigner.
    payload = base64.b64encode(json.dumps(session).encode())
    return itsdangerous.TimestampSigner(secret).sign(payload).decode()


def test_serve_refuses_the_public_development_secret_on_a_public_address(
    fresh_machine: Path, served: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROWPATH_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    monkeypatch.setenv("GROWPATH_NOTES_KEY", base64.urlsafe_b64encode(b"k" * 32).decode())
    result = runner.invoke(cli.app, ["serve", "--host", "0.0.0.0"])  # noqa: S104 - the attack
    assert result.exit_code == 2, result.output
    assert "GROWPATH_SECRET_KEY" in result.output
    assert served == []
    loopback = runner.invoke(cli.app, ["serve", "--host", "127.0.0.1"])
    assert loopback.exit_code == 0, loopback.output
    assert "development secret" in loopback.output
    assert served == ["127.0.0.1"]


def test_serve_with_no_settings_signs_nothing_with_the_public_secret(
    fresh_machine: Path, served: list[str]
) -> None:
    assert runner.invoke(cli.app, ["serve", "--host", "0.0.0.0"]).exit_code == 0  # noqa: S104
    growpath = bootstrap()
    assert growpath.settings.secret_key != DEVELOPMENT_SECRET_KEY
    accounts.create_account(growpath, "admin@example.com", {Role.ORG_ADMIN}, PASSWORD)
    with TestClient(create_app(growpath)) as client:
        client.cookies.set(
            "growpath_session", _forged_cookie(DEVELOPMENT_SECRET_KEY, {"user_id": 1, "epoch": 0})
        )
        assert client.get("/api/v1/me").status_code == 401


def test_the_notes_key_never_derives_from_the_public_development_secret(
    fresh_machine: Path,
) -> None:
    with pytest.raises(ValueError, match="GROWPATH_NOTES_KEY"):
        kek_from_settings(None, DEVELOPMENT_SECRET_KEY)
    public = key_id(
        HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=NOTES_KEY_INFO).derive(
            DEVELOPMENT_SECRET_KEY.encode()
        )
    )
    first, again = bootstrap(), bootstrap()
    assert first.cipher.kek_id == again.cipher.kek_id != public
    assert (fresh_machine / "growpath-secret.key").stat().st_mode & 0o077 == 0


def test_the_demo_runs_on_a_fresh_machine_with_no_settings(fresh_machine: Path) -> None:
    result = runner.invoke(cli.app, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "Demo logins" in result.output
