"""`growpath people import` with --preset, --mapping and --dry-run, as an operator runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from growpath.entrypoints.cli import app
from tests.factories import csv_bytes, org_rows

runner = CliRunner()
BAMBOOHR = (
    "Employee #,First Name,Last Name,Work Email,Job Title,Reports To,Location\n"
    "1,Grace,Hopper,grace@example.com,VP,,Berlin\n"
    '2,Ada,Lovelace,ada@example.com,Engineer,"Hopper, Grace",Berlin\n'
)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory whose default SQLite database the commands use."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWPATH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return tmp_path


def _exported() -> str:
    result = runner.invoke(app, ["people", "export"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_bamboohr_file_imports_with_its_preset(workdir: Path) -> None:
    (workdir / "bamboo.csv").write_text(BAMBOOHR, encoding="cp1252")
    result = runner.invoke(app, ["people", "import", "bamboo.csv", "--preset", "bamboohr"])
    assert result.exit_code == 0, result.output
    assert "Read bamboo.csv as CSV, UTF-8, comma-separated." in result.output
    assert "ignored 1 column that no growpath field reads: Location" in result.output
    assert "Imported 2 people: 2 created, 0 updated, 0 unchanged." in result.output
    assert "ada@example.com,Ada Lovelace,Engineer,,grace@example.com" in _exported()


def test_without_the_preset_the_same_file_is_refused_naming_the_columns_looked_for(
    workdir: Path,
) -> None:
    (workdir / "bamboo.csv").write_text(BAMBOOHR)
    result = runner.invoke(app, ["people", "import", "bamboo.csv"])
    assert result.exit_code == 2
    assert "the header row has no column for email" in result.output


def test_an_unknown_preset_exits_2_naming_the_presets(workdir: Path) -> None:
    (workdir / "bamboo.csv").write_text(BAMBOOHR)
    result = runner.invoke(app, ["people", "import", "bamboo.csv", "--preset", "sap"])
    assert result.exit_code == 2
    assert "expected one of bamboohr, workday, hibob, personio, rippling" in result.output


def test_a_dry_run_prints_the_counts_and_writes_nothing(workdir: Path) -> None:
    (workdir / "people.csv").write_bytes(csv_bytes(org_rows(5)))
    assert runner.invoke(app, ["people", "import", "people.csv"]).exit_code == 0
    before = _exported()
    rows = org_rows(7)
    rows[2]["title"] = "Director"
    (workdir / "people.csv").write_bytes(csv_bytes(rows))
    result = runner.invoke(app, ["people", "import", "people.csv", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert (
        "Dry run, nothing written: 7 people would be 2 created, 1 updated, 4 unchanged."
        in result.output
    )
    assert _exported() == before


def test_a_dry_run_with_bad_rows_lists_them_all_and_exits_2(workdir: Path) -> None:
    rows = org_rows(6)
    rows[1]["seniority_level"] = "2.5"
    rows[4]["timezone"] = "europe/nowhere"
    (workdir / "people.csv").write_bytes(csv_bytes(rows))
    result = runner.invoke(app, ["people", "import", "people.csv", "--dry-run"])
    assert result.exit_code == 2
    assert "line 3, seniority_level: seniority level '2.5' is not a whole number" in result.output
    assert "line 6, timezone: 'europe/nowhere' is not an IANA time zone" in result.output


def test_a_mapping_file_reads_a_file_no_preset_fits(workdir: Path) -> None:
    mapping = {"columns": {"Mail": "email", "Full": "name", "Zone": "timezone"}}
    (workdir / "mapping.json").write_text(json.dumps(mapping))
    (workdir / "odd.csv").write_text("Full\tMail\tZone\nMo\tmo@example.com\teurope/paris\n")
    result = runner.invoke(app, ["people", "import", "odd.csv", "--mapping", "mapping.json"])
    assert result.exit_code == 0, result.output
    assert "tab-separated" in result.output
    assert "mo@example.com,Mo,,,,,,Europe/Paris" in _exported()


def test_a_bad_mapping_file_exits_2_naming_every_problem(workdir: Path) -> None:
    (workdir / "mapping.json").write_text(json.dumps({"Mail": "email", "Pay": "salary"}))
    (workdir / "people.csv").write_bytes(csv_bytes(org_rows(2)))
    result = runner.invoke(app, ["people", "import", "people.csv", "--mapping", "mapping.json"])
    assert result.exit_code == 2
    assert "'salary' is not a growpath field" in result.output
    assert "the mapping has no column for name" in result.output
    (workdir / "mapping.json").write_text("{not json")
    result = runner.invoke(app, ["people", "import", "people.csv", "--mapping", "mapping.json"])
    assert result.exit_code == 2
    assert "mapping.json is not JSON" in result.output
