"""Program reports through the JSON API, the CSV download, the page and `growpath report`."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import httpx2
import pytest
import schemathesis
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from growpath.bootstrap import Growpath
from growpath.entrypoints.cli import app as cli
from growpath.services import accounts
from tests.e2e.conftest import ADMIN, PARTICIPANT, log_in_page
from tests.report_world import build_report_world, program_admin

runner = CliRunner()
REPORT = "/api/v1/programs/{program_id}/report"


@pytest.fixture
def program_id(seeded: Growpath) -> int:
    return build_report_world(seeded)


def _department_cells(body: dict[str, object], label: str) -> dict[str, object]:
    tables = {t["key"]: t for t in body["tables"]}  # type: ignore[attr-defined]
    row = next(r for r in tables["by_department"]["rows"] if r["label"] == label)
    return row["cells"]  # type: ignore[no-any-return]


def test_an_admin_reads_the_report_as_json(
    client: TestClient, admin_headers: dict[str, str], program_id: int
) -> None:
    response = client.get(f"/api/v1/programs/{program_id}/report", headers=admin_headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["min_group"] == 5
    assert body["program"] == {"id": program_id, "name": "Report world"}
    assert _department_cells(body, "Platform")["enrolled"] == {"value": 6, "people": 6}
    assert _department_cells(body, "Web")["enrolled"] == {"suppressed": True}
    overview = next(t for t in body["tables"] if t["key"] == "by_cohort")["total"]["cells"]
    assert overview["match_rate"] == {"value": 71.43, "people": 14}


def test_the_json_report_with_suppressed_and_banded_figures_fits_its_schema_in_openapi(
    client: TestClient, admin_headers: dict[str, str], program_id: int
) -> None:
    document = client.get("/openapi.json").json()
    operation = schemathesis.openapi.from_dict(document)[REPORT]["GET"]
    declared = operation.definition.raw["responses"]["200"]["content"]
    assert declared["application/json"]["schema"] == {"$ref": "#/components/schemas/ReportPublic"}
    assert declared["text/csv"]["schema"] == {"type": "string"}
    response = client.get(f"/api/v1/programs/{program_id}/report", headers=admin_headers)
    body = response.json()
    cells = [
        cell
        for table in body["tables"]
        for row in [*table["rows"], *([table["total"]] if table["total"] else [])]
        for cell in row["cells"].values()
    ]
    assert {"suppressed": True} in cells and any("band" in cell for cell in cells)
    operation.validate_response(response)
    # The schema binds: a suppressed figure that leaks its value does not fit it.
    _department_cells(body, "Web")["enrolled"] = {"suppressed": True, "value": 0.0}
    leaky = httpx2.Response(200, json=body, request=response.request)
    leaky.elapsed = response.elapsed  # schemathesis reads it; a built response has none
    assert not operation.is_valid_response(leaky)


def test_the_report_downloads_as_csv(
    client: TestClient, admin_headers: dict[str, str], program_id: int
) -> None:
    response = client.get(
        f"/api/v1/programs/{program_id}/report", params={"format": "csv"}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    web = next(r for r in rows if r["group"] == "Web" and r["figure"] == "enrolled")
    assert (web["value"], web["status"], web["people"]) == ("", "suppressed", "")
    assert not [r for r in rows if r["value"] == "0" and r["people"] in ("0", "")]
    with_bom = client.get(
        f"/api/v1/programs/{program_id}/report",
        params={"format": "csv", "bom": "true"},
        headers=admin_headers,
    )
    assert with_bom.content.startswith("\ufeffprogram,".encode())


def test_a_group_where_everyone_was_matched_reads_as_a_band_in_the_api_and_the_csv(
    client: TestClient, admin_headers: dict[str, str], program_id: int
) -> None:
    url = f"/api/v1/programs/{program_id}/report"
    body = client.get(url, headers=admin_headers).json()
    # All six of Platform were matched: "100% over 6" would tell each one's match.
    assert _department_cells(body, "Platform")["match_rate"] == {
        "band": {"from": 80.0, "to": 100.0, "text": "≥ 80"},
        "people": 6,
    }
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(url, params={"format": "csv"}, headers=admin_headers).text)
        )
    )
    platform = next(r for r in rows if r["group"] == "Platform" and r["figure"] == "match_rate")
    assert (platform["value"], platform["status"], platform["band"]) == ("", "band", "≥ 80")
    assert platform["people"] == "6"


def test_a_program_admin_of_another_program_gets_403_from_the_report_api(
    client: TestClient, seeded: Growpath, program_id: int
) -> None:
    other = program_admin(seeded, "report-admin@example.com", program_id + 1)
    token = accounts.issue_token(seeded, other.actor).token
    response = client.get(
        f"/api/v1/programs/{program_id}/report", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403
    assert "Platform" not in response.text


def test_a_participant_gets_403_from_the_report_api_and_page(
    client: TestClient, participant_headers: dict[str, str], program_id: int
) -> None:
    api = client.get(f"/api/v1/programs/{program_id}/report", headers=participant_headers)
    assert api.status_code == 403
    log_in_page(client, PARTICIPANT)
    page = client.get(f"/admin/programs/{program_id}/report")
    assert page.status_code == 403
    assert "Web" not in page.text


def test_an_unknown_program_has_no_report(
    client: TestClient, admin_headers: dict[str, str], program_id: int
) -> None:
    response = client.get(f"/api/v1/programs/{program_id + 99}/report", headers=admin_headers)
    assert response.status_code == 404


def test_the_report_page_draws_charts_each_with_its_table(
    client: TestClient, program_id: int
) -> None:
    log_in_page(client, ADMIN)
    page = client.get(f"/admin/programs/{program_id}/report")
    assert page.status_code == 200, page.text
    html = page.text
    assert "<title>Report: Report world · growpath</title>" in html
    assert html.count("<h1>") == 1
    charts = html.split('<figure class="chart">')[1:]
    assert len(charts) >= 10
    assert all("<svg" in c and '<table class="usa-table' in c for c in charts)
    # A change of rating is signed and says its unit, so it is not read as a rating.
    assert "<dt>Competency growth</dt><dd>+1.5 levels</dd>" in html
    web_row = html.split('<th scope="row">Web</th>')[1].split("</tr>")[0]
    assert "hidden" in web_row and ">0<" not in web_row
    assert "hidden to protect them" in html.split('<th scope="row">Web</th>')[1]
    # Figures are rounded: no long decimals anywhere in the page's text.
    assert not re.search(r">[^<]*\d\.\d\d[^<]*<", html.split("<main")[1])
    # Charts carry a scale: tick marks and what the axis measures.
    assert 'class="tick"' in charts[0] and ">people</text>" in charts[0]
    assert "docs/" not in html
    assert f"/api/v1/programs/{program_id}/report?format=csv" in html


def test_the_report_opens_with_a_summary_in_words_of_the_published_figures(
    client: TestClient, program_id: int
) -> None:
    log_in_page(client, ADMIN)
    html = client.get(f"/admin/programs/{program_id}/report").text
    summary = html.split('<p class="lead report-summary">')[1].split("</p>")[0]
    glance = html.split('<dl class="report-overview">')[1].split("</dl>")[0]
    enrolled = glance.split("<dt>Enrolled</dt><dd>")[1].split("</dd>")[0]
    assert summary.startswith(f"{enrolled} people enrolled")
    # A figure hidden at a glance is never said in words.
    for label, words in (("Goals met", "of goals are met"), ("Satisfaction (1–5)", "out of 5")):
        shown = glance.split(f"<dt>{label}</dt><dd>")[1].split("</dd>")[0]
        assert (words in summary) == (shown != "hidden"), (label, shown, summary)


def test_growpath_report_writes_json_csv_and_html(
    seeded: Growpath, program_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROWPATH_DATABASE_URL", seeded.settings.database_url)
    monkeypatch.setenv("GROWPATH_ENVIRONMENT", "development")
    as_json = runner.invoke(cli, ["report", str(program_id)])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)["program"]["name"] == "Report world"
    as_csv = runner.invoke(cli, ["report", "Report world", "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    assert ",by_department,department,Web,enrolled,people,,suppressed,,," in as_csv.output
    target = tmp_path / "report.html"
    as_html = runner.invoke(cli, ["report", str(program_id), "--format", "html", "-o", str(target)])
    assert as_html.exit_code == 0, as_html.output
    page = target.read_text()
    assert page.startswith("<!doctype html>") and "<style>" in page and "hidden to protect" in page
    missing = runner.invoke(cli, ["report", "No such program"])
    assert missing.exit_code == 2
    assert "no program named" in missing.output
