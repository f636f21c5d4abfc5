"""The program report in German: its summary, column headings, figures and the reason a cell
is hidden are written in the reader's language; the CSV keeps its English column names."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from tests.e2e.conftest import ADMIN, log_in_page
from tests.report_world import build_report_world

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


@pytest.fixture
def program_id(seeded: Growpath) -> int:
    return build_report_world(seeded)


def test_the_program_report_speaks_german(client: TestClient, program_id: int) -> None:
    log_in_page(client, ADMIN)
    page = client.get(f"/admin/programs/{program_id}/report", headers=GERMAN)
    assert page.status_code == 200, page.text
    html = page.text
    assert '<html lang="de">' in html
    summary = html.split('<p class="lead report-summary">')[1].split("</p>")[0]
    glance = html.split('<dl class="report-overview">')[1].split("</dl>")[0]
    enrolled = glance.split("<dt>Angemeldet</dt><dd>")[1].split("</dd>")[0]
    assert summary.startswith(f"{enrolled} Personen sind angemeldet, ")
    assert "Matching-Quote von" in summary and "people" not in summary
    # A change of rating: signed, German decimals, its unit in German.
    assert "<dt>Kompetenzentwicklung</dt><dd>+1,5 Stufen</dd>" in glance
    # Column headings: the groups, and each figure.
    assert '<h2 id="by_department-heading">Nach Abteilung</h2>' in html
    assert '<th scope="col">Abteilung</th>' in html
    assert '<th scope="col" class="number">Matching-Quote</th>' in html
    # A hidden cell reads in German, and the table says why under it.
    web = html.split('<th scope="row">Web</th>')[1]
    assert "ausgeblendet" in web.split("</tr>")[0] and ">hidden<" not in html
    assert (
        "„ausgeblendet“: weniger als 5 Personen oder eine Zahl, aus der sich eine solche "
        "Gruppe errechnen ließe — zu ihrem Schutz verborgen." in web
    )
    assert "Gematcht" in html and "Ein beobachtender Vergleich, kein Nachweis" in html


def test_the_report_csv_keeps_its_english_columns_for_a_german_reader(
    client: TestClient, program_id: int
) -> None:
    log_in_page(client, ADMIN)
    url = f"/api/v1/programs/{program_id}/report"
    answer = client.get(url, params={"format": "csv"}, headers=GERMAN)
    assert answer.status_code == 200, answer.text
    header = answer.text.lstrip("\ufeff").splitlines()[0]
    assert header == "program,table,dimension,group,figure,unit,value,status,band,people,as_of"
    assert ",by_department,department,Web,enrolled,people,,suppressed,,," in answer.text
