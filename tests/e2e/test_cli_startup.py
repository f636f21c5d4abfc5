"""The command line and the web app start without the libraries only some commands need.

`growpath --help` must answer at once: every command module imports services, adapters,
settings and the optimiser in the body of the command that uses them. A new command that
imports one of them at the top of its module fails here, naming the chain that pulled it in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import growpath

# Each costs tens to hundreds of milliseconds to import, or megabytes to hold. (Pydantic is
# not among them: Typer itself coerces every command's parameters with it.)
HEAVY = (
    "alembic",
    "argon2",
    "cryptography",
    "email_validator",
    "fastapi",
    "icalendar",
    "jinja2",
    "numpy",
    "openpyxl",
    "ortools",
    "pydantic_settings",
    "saml2",
    "scipy",
    "sklearn",
    "sqlalchemy",
    "starlette",
    "uvicorn",
)
OPTIMISER = ("numpy", "ortools", "scipy", "sklearn")
# Loaded when SAML sign-in is used, not by every app that could offer it.
SIGN_IN_ONLY = ("saml2",)

_EVERY_HELP = """
import json, sys
REPORT, HEAVY = sys.argv[1], set(sys.argv[2:])
from typer.main import get_command
from growpath.entrypoints.cli_main import main

def paths(command, path):
    yield path
    for name, sub in getattr(command, "commands", {}).items():  # a group's commands
        yield from paths(sub, [*path, name])

def heavy():
    return {name.split(".")[0] for name in sys.modules} & HEAVY

from growpath.entrypoints.cli import app
loaded = {"(importing the command line)": sorted(heavy())}
for path in paths(get_command(app), []):
    before = heavy()
    sys.argv = ["growpath", *path, "--help"]
    try:
        main()
    except SystemExit as exit:
        assert exit.code in (0, None), (path, exit.code)
    loaded["growpath " + " ".join([*path, "--help"])] = sorted(heavy() - before)
with open(REPORT, "w") as out:
    json.dump(loaded, out)
"""


def _run(
    code: str, tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> dict[str, list[str]]:
    """Run code in a fresh interpreter; return what it wrote to its report file."""
    report = tmp_path / "report.json"
    subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code, str(report), *args],
        check=True,
        capture_output=True,
        cwd=tmp_path,
        env=env or _environment(),
    )
    loaded: dict[str, list[str]] = json.loads(report.read_text())
    return loaded


def test_every_commands_help_imports_none_of_the_heavy_libraries(tmp_path: Path) -> None:
    loaded = _run(_EVERY_HELP, tmp_path, *HEAVY)
    assert {
        "growpath --help",
        "growpath people import --help",
        "growpath match run --help",
        "growpath serve --help",
    } <= set(loaded)
    assert {command: heavy for command, heavy in loaded.items() if heavy} == {}


def test_a_command_that_needs_the_database_loads_it_and_says_when_it_is_unreachable(
    tmp_path: Path,
) -> None:
    # The one-line refusal of an unreachable database now looks for SQLAlchemy only once a
    # command has loaded it.
    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "growpath.entrypoints.cli_main", "db", "current"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            **_environment(),
            "GROWPATH_DATABASE_URL": "postgresql+psycopg://u:secret@127.0.0.1:9/none",
        },
    )
    assert result.returncode == 1, result.stderr
    assert "growpath cannot reach its database" in result.stderr
    assert "secret" not in result.stderr


_WEB_APP = """
import json, sys
REPORT = sys.argv[1]
from fastapi.testclient import TestClient
from growpath.adapters import migrate
from growpath.bootstrap import bootstrap
from growpath.entrypoints.app import create_app

app = bootstrap()
migrate.upgrade(app.engine)
with TestClient(create_app(app)) as client:
    for page in ("/healthz", "/login", "/api/v1/people"):
        assert client.get(page).status_code in (200, 401), page
with open(REPORT, "w") as out:
    json.dump({"modules": sorted(sys.modules)}, out)
"""


def test_the_web_app_serves_without_importing_the_optimiser_or_saml(tmp_path: Path) -> None:
    env = {**_environment(), "GROWPATH_DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}"}
    modules = _run(_WEB_APP, tmp_path, env=env)["modules"]
    assert sorted({m.split(".")[0] for m in modules} & {*OPTIMISER, *SIGN_IN_ONLY}) == []


def test_the_optimiser_is_still_reachable_by_its_public_names() -> None:
    from growpath import matching
    from growpath.matching import Mentee, assign

    assert matching.assign is assign
    assert Mentee(id="m").id == "m"


def _environment() -> dict[str, str]:
    # The growpath these tests import, wherever the child starts (PYTHONPATH may be relative).
    source = str(Path(growpath.__file__).parent.parent)
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")]),
        "GROWPATH_ENVIRONMENT": "development",
        "GROWPATH_SECRET_KEY": "startup-test-" + "0123456789abcdef" * 3,
    }
