"""The `growpath` command: init, people import/export, demo, db."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from growpath.bootstrap import bootstrap
from growpath.entrypoints.cli import app
from growpath.services import nudges
from growpath.services.demo import DEMO_TOTP_SECRET
from tests.factories import csv_bytes, org_rows

runner = CliRunner()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory whose default SQLite database the commands use."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return tmp_path


def test_init_prints_a_one_time_password_and_refuses_a_second_run(workdir: Path) -> None:
    result = runner.invoke(app, ["init", "--admin-email", "admin@example.com"])
    assert result.exit_code == 0, result.output
    assert "One-time password" in result.output
    again = runner.invoke(app, ["init", "--admin-email", "admin@example.com"])
    assert again.exit_code == 2
    assert "already initialised" in again.output


def test_init_refuses_a_bad_e_mail_before_touching_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the development secret file goes there, not in the checkout
    database = tmp_path / "untouched.db"
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    result = runner.invoke(app, ["init", "--admin-email", "not-an-address"])
    assert result.exit_code == 2
    assert "email" in result.output
    assert "not a valid e-mail address" in result.output
    assert not database.exists() or database.stat().st_size == 0


def test_import_then_export_to_standard_output(workdir: Path) -> None:
    (workdir / "people.csv").write_bytes(csv_bytes(org_rows(12)))
    result = runner.invoke(app, ["people", "import", "people.csv"])
    assert result.exit_code == 0, result.output
    assert "Imported 12 people: 12 created, 0 updated, 0 unchanged." in result.output
    exported = runner.invoke(app, ["people", "export"])
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.startswith("email,name,title")
    assert exported.stdout.count("@example.com") >= 12


def test_export_to_a_file(workdir: Path) -> None:
    (workdir / "people.csv").write_bytes(csv_bytes(org_rows(3)))
    runner.invoke(app, ["people", "import", "people.csv"])
    result = runner.invoke(app, ["people", "export", "out.csv"])
    assert result.exit_code == 0, result.output
    assert (workdir / "out.csv").read_text().count("\n") == 4


def test_a_bad_row_exits_2_lists_the_row_and_writes_nothing(workdir: Path) -> None:
    rows = org_rows(30)
    rows[17]["manager_email"] = "nobody@example.com"
    rows[25]["email"] = "broken"
    (workdir / "people.csv").write_bytes(csv_bytes(rows))
    result = runner.invoke(app, ["people", "import", "people.csv"])
    assert result.exit_code == 2
    assert "line 19, manager_email: manager 'nobody@example.com'" in result.output
    assert "line 27, email: 'broken' is not a valid e-mail address" in result.output
    exported = runner.invoke(app, ["people", "export"])
    assert exported.stdout.strip().count("\n") == 0


def test_a_missing_file_is_refused_clearly(workdir: Path) -> None:
    result = runner.invoke(app, ["people", "import", "missing.csv"])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_demo_without_serving_seeds_people_and_prints_logins(workdir: Path) -> None:
    result = runner.invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "300 people (300 new)" in result.output
    for role in ("org admin", "program admin", "manager", "participant", "mentor", "coach"):
        assert role in result.output
    assert DEMO_TOTP_SECRET in result.output  # the admins log in with two steps
    again = runner.invoke(app, ["demo", "--no-serve"])
    assert again.exit_code == 0, again.output
    assert "(0 new)" in again.output


def test_the_demo_on_another_port_links_e_mails_to_that_port(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Set, then unset, so that the test's end removes what the command sets.
    monkeypatch.setenv("GROWPATH_BASE_URL", "http://unset.example")
    monkeypatch.delenv("GROWPATH_BASE_URL")
    result = runner.invoke(app, ["demo", "--no-serve", "--port", "8080"])
    assert result.exit_code == 0, result.output
    assert bootstrap().settings.page_url("/home") == "http://127.0.0.1:8080/home"


def test_a_set_base_url_wins_over_the_served_port(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROWPATH_BASE_URL", "https://growpath.example.com")
    result = runner.invoke(app, ["demo", "--no-serve", "--port", "8080"])
    assert result.exit_code == 0, result.output
    assert bootstrap().settings.page_url("/home") == "https://growpath.example.com/home"


def test_serve_refuses_a_database_that_is_not_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "growpath db upgrade" in result.output


def test_a_default_secret_in_production_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "production")
    monkeypatch.delenv("GROWPATH_SECRET_KEY", raising=False)
    result = runner.invoke(app, ["db", "current"])
    assert result.exit_code == 2
    assert "GROWPATH_SECRET_KEY" in result.output


def test_db_downgrade_and_upgrade(workdir: Path) -> None:
    down = runner.invoke(app, ["db", "downgrade", "base"])
    assert down.exit_code == 0, down.output
    assert "revision None" in down.output
    up = runner.invoke(app, ["db", "upgrade"])
    assert up.exit_code == 0, up.output
    current = runner.invoke(app, ["db", "current"])
    revision, newest = current.output.strip().removeprefix("current: ").split("; newest: ")
    assert revision == newest != "None"


def test_the_demo_refuses_to_run_in_production(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "production")
    monkeypatch.setenv("GROWPATH_SECRET_KEY", "x" * 40)
    result = runner.invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 2
    assert "published password" in result.output


def test_users_invite_prints_no_password_or_link_and_the_invitation_can_be_revoked(
    workdir: Path,
) -> None:
    result = runner.invoke(
        app, ["users", "invite", "someone@example.com", "--role", "program_admin"]
    )
    assert result.exit_code == 0, result.output
    assert "queued for someone@example.com" in result.output
    assert "/invitations/" not in result.output and "password" not in result.output.lower()
    listed = runner.invoke(app, ["users", "invitations"])
    assert listed.exit_code == 0 and "someone@example.com" in listed.output
    assert "pending" in listed.output
    resent = runner.invoke(app, ["users", "resend", "1"])
    assert resent.exit_code == 0, resent.output
    revoked = runner.invoke(app, ["users", "revoke", "1"])
    assert revoked.exit_code == 0 and "withdrawn" in revoked.output
    unknown = runner.invoke(app, ["users", "revoke", "99"])
    assert unknown.exit_code == 2 and "no invitation" in unknown.output
    runner.invoke(app, ["init", "--admin-email", "admin@example.com"])
    bad = runner.invoke(app, ["users", "invite", "admin@example.com"])
    assert bad.exit_code == 2 and "already exists" in bad.output


def test_audit_shows_the_trail(workdir: Path) -> None:
    (workdir / "people.csv").write_bytes(csv_bytes(org_rows(3)))
    runner.invoke(app, ["people", "import", "people.csv"])
    result = runner.invoke(app, ["audit", "--action", "people"])
    assert result.exit_code == 0, result.output
    assert "people.import" in result.output


def test_nudges_run_reports_what_it_did(workdir: Path) -> None:
    result = runner.invoke(app, ["nudges", "run"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # the console wraps long lines
    assert "Scheduled 0 check-in(s), lapsed 0 unanswered proposal(s)" in said
    assert "sent 0 nudge(s)" in said


def test_nudges_run_exits_1_when_a_nudge_with_an_injected_header_failed_for_good(
    workdir: Path,
) -> None:
    growpath = bootstrap()
    now = growpath.clock.now()
    with growpath.uow() as uow:
        for key, subject in (("injected", "Hi\r\nBcc: eve@example.com"), ("fine", "Hi")):
            nudges.queue_nudge(
                uow,
                dedupe_key=key,
                kind="checkin",
                recipient_email="ada@example.com",
                subject=subject,
                body="Time for your check-in.",
                due_at=now,
                now=now,
            )
        uow.commit()
    growpath.engine.dispose()
    result = runner.invoke(app, ["nudges", "run"])
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "sent 1 nudge(s), 1 failed for good" in said
    assert "nudge 1 (checkin) to an address of no person on record: cannot be written" in said
    assert "caught up the report facts" in said


def test_people_erase_needs_confirmation_and_a_known_valid_e_mail(workdir: Path) -> None:
    (workdir / "people.csv").write_bytes(csv_bytes(org_rows(6)))
    assert runner.invoke(app, ["people", "import", "people.csv"]).exit_code == 0
    unconfirmed = runner.invoke(app, ["people", "erase", "person3@example.com"])
    assert unconfirmed.exit_code == 2
    assert "--yes" in unconfirmed.output
    unknown = runner.invoke(app, ["people", "erase", "nobody@example.com", "--yes"])
    assert unknown.exit_code == 2
    assert "no person with e-mail nobody@example.com" in unknown.output
    bad = runner.invoke(app, ["people", "erase", "not-an-address", "--yes"])
    assert bad.exit_code == 2
    assert "not a valid e-mail address" in bad.output
    erased = runner.invoke(app, ["people", "erase", " Person3@Example.com ", "--yes"])
    assert erased.exit_code == 0, erased.output
    assert "Erased" in erased.output
    again = runner.invoke(app, ["people", "erase", "person3@example.com", "--yes"])
    assert again.exit_code == 2
