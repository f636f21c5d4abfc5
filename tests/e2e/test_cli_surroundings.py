"""The `growpath` command meets its surroundings: a database that is down, a port in use."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.factories import free_port

GROWPATH = str(Path(sys.executable).parent / "growpath")


def _run(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "GROWPATH_DATABASE_URL": url,
        "GROWPATH_ENVIRONMENT": "development",
        "GROWPATH_MAIL_DIR": str(tmp_path / "mail"),
    }
    return subprocess.run(  # noqa: S603 - our own command line
        [GROWPATH, *args], env=environment, capture_output=True, text=True, timeout=60
    )


def test_an_unreachable_database_is_one_line_and_exit_1(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://postgres:hunter2-secret@127.0.0.1:{free_port()}/growpath"
    done = _run(tmp_path, url, "db", "current")
    assert done.returncode == 1
    said = done.stderr
    assert "cannot reach its database" in said and "Connection refused" in said
    assert "Traceback" not in said and len(said.splitlines()) <= 6
    assert "hunter2-secret" not in said + done.stdout


def test_debug_shows_the_trace_of_an_unreachable_database(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/growpath"
    done = _run(tmp_path, url, "--debug", "db", "current")
    assert done.returncode == 1 and "Traceback" in done.stderr


def test_a_port_in_use_says_how_to_pick_another(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _run(tmp_path, f"sqlite:///{tmp_path / 'demo.db'}", "demo", "--port", str(port))
    assert done.returncode == 1
    assert f"Cannot serve on 127.0.0.1:{port}" in done.stderr
    assert "make demo PORT=8080" in done.stderr
    assert not (tmp_path / "demo.db").exists() or "Demo organisation ready" not in done.stdout
