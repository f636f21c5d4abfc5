"""Real calendar servers for tests: Radicale (CalDAV) and a local HTTP server of .ics files.

Use them as pytest fixtures: `from tests.calendar_servers import radicale, ics_server`
in a test module (or a conftest) makes `radicale` and `ics_server` available.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from caldav.collection import Calendar, Principal
from caldav.davclient import DAVClient

RADICALE_USER = "robin"
RADICALE_PASSWORD = "radicale-test-password-7"


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Radicale stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("Radicale did not start within 30 seconds")


def event_ics(
    starts: datetime,
    ends: datetime,
    *,
    summary: str = "Busy",
    extra: str = "",
    uid: str | None = None,
) -> str:
    """Return a VCALENDAR with one event (times in UTC; extra lines such as an RRULE)."""
    stamp = "%Y%m%dT%H%M%SZ"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//growpath tests//EN",
        "BEGIN:VEVENT",
        f"UID:{uid or uuid.uuid4()}",
        f"DTSTAMP:{datetime(2026, 1, 1, tzinfo=UTC).strftime(stamp)}",
        f"DTSTART:{starts.astimezone(UTC).strftime(stamp)}",
        f"DTEND:{ends.astimezone(UTC).strftime(stamp)}",
        f"SUMMARY:{summary}",
        *[line for line in extra.splitlines() if line.strip()],
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


@dataclass
class RadicaleServer:
    """A running Radicale with one user and one calendar, `work`."""

    port: int
    username: str
    password: str
    root: str = field(init=False)

    def __post_init__(self) -> None:
        self.root = f"http://127.0.0.1:{self.port}/"

    @property
    def calendar_url(self) -> str:
        """The address of the user's calendar, as a person would paste it."""
        return f"{self.root}{self.username}/work/"

    def _client(self) -> DAVClient:
        return DAVClient(url=self.root, username=self.username, password=self.password)

    def make_calendar(self) -> None:
        """Create the `work` calendar."""
        with self._client() as client:
            Principal(client).make_calendar(name="work", cal_id="work")

    def add_event(self, ics: str) -> None:
        """Store one event (a VCALENDAR text, see event_ics) in the `work` calendar."""
        with self._client() as client:
            Calendar(client=client, url=self.calendar_url).save_event(ics)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    """A real Radicale on a free port, with a throw-away folder and an htpasswd user."""
    folder = tmp_path / "radicale"
    folder.mkdir()
    users = folder / "users"
    users.write_text(f"{RADICALE_USER}:{RADICALE_PASSWORD}\n")
    port = free_port()
    log = folder / "radicale.log"
    command = [
        sys.executable,
        "-m",
        "radicale",
        "--config",
        "",
        "--server-hosts",
        f"127.0.0.1:{port}",
        "--storage-filesystem-folder",
        str(folder / "collections"),
        "--auth-type",
        "htpasswd",
        "--auth-htpasswd-filename",
        str(users),
        "--auth-htpasswd-encryption",
        "plain",
        "--rights-type",
        "owner_only",
        "--logging-level",
        "warning",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            command, stdout=output, stderr=subprocess.STDOUT, env={**os.environ}
        )
    try:
        _wait_for(port, process, log)
        server = RadicaleServer(port, RADICALE_USER, RADICALE_PASSWORD)
        server.make_calendar()
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class IcsServer:
    """A local HTTP server: files by path, redirects, and slow or huge answers."""

    port: int
    files: dict[str, bytes] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    slow: set[str] = field(default_factory=set)
    unannounced: set[str] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """Return the address of a path on this server, by the host name given."""
        return f"http://{host}:{self.port}{path}"


def ics_handler(state: IcsServer) -> type[BaseHTTPRequestHandler]:
    """Return the request handler class that serves what the state holds."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            state.requests.append(self.path)
            state.hosts.append(self.headers.get("Host", ""))
            if self.path in state.redirects:
                self.send_response(302)
                self.send_header("Location", state.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path in state.slow:
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.end_headers()
                for _ in range(50):
                    time.sleep(0.1)
                    try:
                        self.wfile.write(b"B")
                        self.wfile.flush()
                    except OSError:
                        return
                return
            body = state.files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            if self.path in state.unannounced:
                # No length: the reader learns the size only by reading until the end.
                self.send_header("Connection", "close")
                self.end_headers()
                for start in range(0, len(body), 4096):
                    try:
                        self.wfile.write(body[start : start + 4096])
                    except OSError:
                        return
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        # A CalDAV client starts with PROPFIND: answered the same way, so redirects work.
        do_PROPFIND = do_GET  # noqa: N815
        do_REPORT = do_GET  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Keep test output quiet."""

    return Handler


@pytest.fixture
def ics_server() -> Iterator[IcsServer]:
    """A stdlib HTTP server in a thread on a free port, serving what the test puts in it."""
    state = IcsServer(port=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), ics_handler(state))
    server.daemon_threads = True
    state.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
