"""`growpath backup` and `growpath restore` at the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from growpath.entrypoints.cli import app
from tests.factories import csv_bytes, org_rows

runner = CliRunner()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with a SQLite database of 12 imported people."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'live.db'}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    (tmp_path / "people.csv").write_bytes(csv_bytes(org_rows(12)))
    result = runner.invoke(app, ["people", "import", "people.csv"])
    assert result.exit_code == 0, result.output
    return tmp_path


def test_backup_then_restore_into_a_new_database_brings_the_people_back(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["backup", "nightly.db"])
    assert result.exit_code == 0, result.output
    assert "Backed up the sqlite database to nightly.db" in result.output

    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{workdir / 'restored.db'}")
    result = runner.invoke(app, ["restore", "nightly.db"])
    assert result.exit_code == 0, result.output
    assert "Restored nightly.db" in result.output
    exported = runner.invoke(app, ["people", "export"])
    assert exported.stdout.count("@example.com") >= 12


def test_restore_over_a_database_with_data_needs_force(workdir: Path) -> None:
    assert runner.invoke(app, ["backup", "nightly.db"]).exit_code == 0
    refused = runner.invoke(app, ["restore", "nightly.db"])
    assert refused.exit_code == 2
    assert "--force" in refused.output
    forced = runner.invoke(app, ["restore", "nightly.db", "--force"])
    assert forced.exit_code == 0, forced.output


def test_backup_refuses_to_overwrite_and_restore_refuses_a_stranger(workdir: Path) -> None:
    overwrite = runner.invoke(app, ["backup", "people.csv"])
    assert overwrite.exit_code == 2
    assert "exists" in overwrite.output
    stranger = runner.invoke(app, ["restore", "people.csv", "--force"])
    assert stranger.exit_code == 2
    assert "neither a SQLite database nor a pg_dump custom archive" in stranger.output
