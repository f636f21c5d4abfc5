"""A client generated from /openapi.json by openapi-python-client works against a live server.

It reads the JSON report into typed models (tables, rows, published, banded and suppressed
cells), so the report's schema in /openapi.json is one a generator can use.

openapi-python-client pins typer below growpath's own pin, so it lives in a venv of its own
(`make test` builds .venv-openapi-client); the journey script runs in that venv, as a
customer's code would, against uvicorn serving the demo organisation.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.services.demo import DemoOrganisation
from tests.factories import csv_bytes, org_rows
from tests.second_factor import next_code

ROOT = Path(__file__).resolve().parents[2]
CLIENT_VENV = Path(os.environ.get("GROWPATH_OPENAPI_CLIENT_VENV", ROOT / ".venv-openapi-client"))
JOURNEY = Path(__file__).parent / "clients" / "generated_journey.py"


@pytest.fixture
def generator() -> Path:
    """The openapi-python-client command of its own venv."""
    command = CLIENT_VENV / "bin" / "openapi-python-client"
    if not command.exists():
        message = f"{command} is missing; `make test` installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return command


def test_a_generated_client_logs_in_imports_reads_a_report_and_gets_an_invite(
    generator: Path, demo_server: str, demo: DemoOrganisation, sqlite_app: Growpath, tmp_path: Path
) -> None:
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(create_app(sqlite_app).openapi()))
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatter run over the generated code
    package = tmp_path / "client" / "growpath_client"
    generate: list[str | Path] = [
        generator,
        "generate",
        "--path",
        document,
        "--output-path",
        package,
    ]
    subprocess.run(  # noqa: S603 - the generator of our own venv, fixed arguments
        [*generate, "--meta", "none", "--config", config],
        check=True,
        capture_output=True,
    )
    people = tmp_path / "people.csv"
    people.write_bytes(csv_bytes(org_rows(5)))
    logins = {login.role: login for login in demo.logins}
    admin, participant = logins["org admin"], logins["participant"]
    arguments: list[str | Path] = [JOURNEY, package.parent, demo_server, admin.email]
    arguments += [participant.email, participant.password, people]
    arguments.append(next_code(sqlite_app, admin.email))  # admins log in with two steps
    done = subprocess.run(  # noqa: S603 - our own script in the client's venv
        [CLIENT_VENV / "bin" / "python", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["imported"] == 5
    assert seen["report_status"] == 200 and "tables" in seen["report_keys"]
    # The client parsed the report into its typed models: every cell is one of the three.
    assert seen["report_as_of"] == "datetime"
    assert seen["report_tables"] == [
        "by_cohort",
        "by_department",
        "by_level",
        "by_support",
        "competency_growth",
        "themes",
        "paying_it_forward",
        "lineage_generations",
        "practice_adoption",
    ]
    assert seen["report_units"] == ["%", "NPS", "days", "levels", "people", "score"]
    cells, published, banded, suppressed = seen["report_cells"]
    assert cells == published + banded + suppressed and min(published, banded, suppressed) > 0
    assert (seen["report_value"], seen["report_withheld"]) == ("float", True)
    low, high = seen["report_band"]
    assert low < high
    enrolled = seen["report_enrolled"]
    assert enrolled["value"] == enrolled["people"] > 0
    assert (seen["invite_status"], seen["invite"]) == (200, "BEGIN:VCALENDAR")
