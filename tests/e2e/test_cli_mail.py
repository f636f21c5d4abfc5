"""`growpath nudges run` against a real relay: what failed, and why, in its exit code and words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from growpath.bootstrap import bootstrap
from growpath.entrypoints.cli import EXIT_NUDGES_FAILED, EXIT_RELAY_REFUSED, app
from growpath.services import nudges
from tests.relay import RELAY_PASSWORD, RELAY_USER, Relay, make_certificates, running_relay

runner = CliRunner()


@pytest.fixture
def relay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Relay]:
    """A relay requiring AUTH over STARTTLS, and a migrated database, both in the environment."""
    certificates = make_certificates(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    monkeypatch.setenv("GROWPATH_MAIL_BACKEND", "smtp")
    monkeypatch.setenv("GROWPATH_SMTP_SECURITY", "starttls")
    monkeypatch.setenv("GROWPATH_SMTP_CA_FILE", str(certificates.ca))
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("GROWPATH_SMTP_USERNAME", RELAY_USER)  # each test sets the password
    with running_relay(certificates) as running:
        monkeypatch.setenv("GROWPATH_SMTP_PORT", str(running.port))
        yield running


def _queue(*recipients: str) -> None:
    growpath = bootstrap()
    now = growpath.clock.now()
    with growpath.uow() as uow:
        for n, recipient in enumerate(recipients):
            nudges.queue_nudge(
                uow,
                dedupe_key=f"nudge-{n}",
                kind="checkin",
                recipient_email=recipient,
                subject="Check-in",
                body="Time for your check-in.",
                due_at=now,
                now=now,
            )
        uow.commit()
    growpath.engine.dispose()


def test_nudges_run_with_a_wrong_smtp_password_exits_3_as_a_configuration_error(
    relay: Relay, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROWPATH_SMTP_PASSWORD", "wrong-password-1234")
    _queue("ada@example.com", "grace@example.com")
    result = runner.invoke(app, ["nudges", "run"])
    assert result.exit_code == EXIT_RELAY_REFUSED, result.output
    said = " ".join(result.output.split())
    assert "relay refuses growpath's set-up" in said and "configuration error" in said
    assert "535" in said and "GROWPATH_SMTP_PASSWORD" in said
    assert "wrong-password-1234" not in result.output
    monkeypatch.setenv("GROWPATH_SMTP_PASSWORD", RELAY_PASSWORD)
    again = runner.invoke(app, ["nudges", "run"])
    assert again.exit_code == 0, again.output
    assert "sent 2 nudge(s)" in " ".join(again.output.split())
    assert len(relay.received) == 2


def test_nudges_run_exits_1_naming_the_nudge_the_relay_rejected_for_good(
    relay: Relay, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROWPATH_SMTP_PASSWORD", RELAY_PASSWORD)
    _queue("ada@example.com", relay.rejected_recipient)
    result = runner.invoke(app, ["nudges", "run"])
    assert result.exit_code == EXIT_NUDGES_FAILED, result.output
    said = " ".join(result.output.split())
    assert "1 nudge(s) failed for good" in said
    assert "nudge 2 (checkin) to an address of no person on record: rejected: 550" in said
    assert len(relay.received) == 1


def test_an_unreadable_smtp_password_file_stops_the_command_naming_the_file(
    relay: Relay, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GROWPATH_SMTP_PASSWORD_FILE", str(tmp_path / "no-such-secret"))
    result = runner.invoke(app, ["nudges", "run"])
    assert result.exit_code == 2, result.output
    assert "GROWPATH_SMTP_PASSWORD_FILE" in result.output and "cannot be read" in result.output
