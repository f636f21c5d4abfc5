"""Outcome comparison through the JSON API, its CSV, the report page and `growpath report`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from growpath.bootstrap import Growpath
from growpath.entrypoints.cli import app as cli
from tests.e2e.conftest import ADMIN, log_in_page
from tests.outcome_world import build_outcome_world

runner = CliRunner()


@pytest.fixture
def program_id(seeded: Growpath) -> int:
    return build_outcome_world(seeded)


def test_json_and_csv_give_the_same_outcome_figures(
    client: TestClient, admin_headers: dict[str, str], program_id: int
) -> None:
    url = f"/api/v1/programs/{program_id}/outcomes"
    body = client.get(url, headers=admin_headers).json()
    assert body["status"] == "published", body
    assert "not proof of cause" in body["caveat"]
    twelve = next(o for o in body["outcomes"] if o["measure"] == "retention" and o["months"] == 12)
    lines = list(
        csv.DictReader(io.StringIO(client.get(f"{url}?format=csv", headers=admin_headers).text))
    )
    difference = next(
        r
        for r in lines
        if r["figure"] == "retention" and r["months"] == "12" and r["group"] == "difference"
    )
    assert float(difference["ci_low"]) == twelve["difference"]["ci_low"]
    assert float(difference["ci_high"]) == twelve["difference"]["ci_high"]
    assert body["turnover"]["source"].startswith("Boushey & Glynn (2012)")
    assert len(body["curve"]) == 12


def test_the_turnover_assumption_is_editable_and_bad_values_are_named(
    client: TestClient, admin_headers: dict[str, str], program_id: int
) -> None:
    url = f"/api/v1/programs/{program_id}/outcomes"
    body = client.get(f"{url}?salary=50000&share=40", headers=admin_headers).json()
    assert body["turnover"]["cost_per_leaver"] == 20000
    refused = client.get(f"{url}?salary=nothing", headers=admin_headers)
    assert refused.status_code == 422
    assert "salary" in refused.text and "must be a number" in refused.text


def test_a_participant_cannot_read_outcomes(
    client: TestClient, participant_headers: dict[str, str], program_id: int
) -> None:
    response = client.get(f"/api/v1/programs/{program_id}/outcomes", headers=participant_headers)
    assert response.status_code == 403


def test_the_report_page_shows_the_outcome_panel_with_its_caveat_and_range(
    client: TestClient, program_id: int
) -> None:
    log_in_page(client, ADMIN)
    page = client.get(f"/admin/programs/{program_id}/report?salary=90000&share=25")
    assert page.status_code == 200, page.text
    html = page.text
    assert "Outcomes: retention and promotion against a comparison group" in html
    assert "not proof of cause" in html
    assert "Still employed after 12 months" in html
    assert "Still employed, months after the program started" in html
    assert 'value="90,000"' in html and "22,500 per leaver" in html


def test_growpath_report_includes_the_outcomes_in_json_csv_and_html(
    seeded: Growpath, program_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROWPATH_DATABASE_URL", seeded.settings.database_url)
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    as_json = runner.invoke(cli, ["report", str(program_id)])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)["outcomes"]["status"] == "published"
    as_csv = runner.invoke(cli, ["report", str(program_id), "--format", "csv", "--share", "30"])
    assert as_csv.exit_code == 0, as_csv.output
    assert ",outcomes,months,12,retention_difference_ci_low,points," in as_csv.output
    target = tmp_path / "report.html"
    as_html = runner.invoke(cli, ["report", str(program_id), "--format", "html", "-o", str(target)])
    assert as_html.exit_code == 0, as_html.output
    page = target.read_text()
    assert "Turnover cost avoided" in page and "<form" not in page
    bad = runner.invoke(cli, ["report", str(program_id), "--share", "-1"])
    assert bad.exit_code != 0 and "share" in bad.output


def test_a_german_page_reads_the_assumption_as_german_numbers(
    client: TestClient, program_id: int
) -> None:
    log_in_page(client, ADMIN)
    german = {"Accept-Language": "de-DE,de;q=0.9"}
    url = f"/admin/programs/{program_id}/report"
    # Sixty thousand and one and a half per cent, as a German writes them; read as 60 and 15
    # before. The form shows them back the same way, so sending it again changes nothing.
    page = client.get(f"{url}?salary=60.000&share=1,5", headers=german).text
    assert 'value="60.000"' in page and 'value="1,5"' in page
    again = client.get(f"{url}?salary=60.000&share=1,5", headers=german).text
    assert again.count('value="60.000"') == 1
    english = client.get(f"{url}?salary=60,000&share=1.5").text
    assert 'value="60,000"' in english and 'value="1.5"' in english
    # The downloads' links keep plain numbers, which the API reads.
    assert "salary=60000&amp;share=1.5" in page
