"""Mentoring lineage through every face of the report: the API's JSON, the page, the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from growpath.bootstrap import Growpath
from growpath.entrypoints.cli import app as cli
from tests.e2e.conftest import ADMIN, log_in_page
from tests.lineage_world import build_lineage_world

runner = CliRunner()


@pytest.fixture
def program_id(seeded: Growpath) -> int:
    return build_lineage_world(seeded)["Lineage 2025"]


def _tables(report: dict[str, Any]) -> dict[str, Any]:
    return {t["key"]: t for t in report["tables"]}


def test_the_api_page_and_cli_show_the_lineage_under_the_threshold(
    client: TestClient,
    admin_headers: dict[str, str],
    seeded: Growpath,
    program_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer = client.get(f"/api/v1/programs/{program_id}/report", headers=admin_headers)
    assert answer.status_code == 200, answer.text
    tables = _tables(answer.json())
    generations = tables["lineage_generations"]
    assert generations["total"]["cells"]["people"] == {"value": 12.0, "people": 12}
    # k = 5: the rate would tell the hidden "not guiding" group of 4.
    forward = tables["paying_it_forward"]["total"]["cells"]
    assert forward["pay_it_forward_rate"] == {"suppressed": True}
    log_in_page(client, ADMIN)
    page = client.get(f"/admin/programs/{program_id}/report").text
    assert "Mentoring lineage" in page and "Paying it forward" in page
    monkeypatch.setenv("GROWPATH_DATABASE_URL", seeded.settings.database_url)
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    as_csv = runner.invoke(cli, ["report", str(program_id), "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    assert (
        "Lineage 2025,lineage_generations,generations,All former mentees,people," in as_csv.output
    )
    as_json = runner.invoke(cli, ["report", str(program_id)])
    assert "paying_it_forward" in _tables(json.loads(as_json.output))
    target = tmp_path / "report.html"
    as_html = runner.invoke(cli, ["report", str(program_id), "--format", "html", "-o", str(target)])
    assert as_html.exit_code == 0 and "Mentoring lineage" in target.read_text()
