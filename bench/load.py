"""Benchmark: `growpath serve` under 50 concurrent users on PostgreSQL, 10,000 people.

Run with `make bench-load` (or `python -m bench.load`). It creates its own database on the
PostgreSQL at 127.0.0.1:5432 (user postgres), seeds the demo organisation at 10,000 people
and scales its mentoring program to the company (bench/load_data.py), starts `growpath serve`
with several workers on a free port, logs in half guides and half participants, and drives
them in a closed loop (no think time) through three scenarios, one after the other:

- /healthz: the app's own cheapest route (one SELECT 1), the baseline of this run;
- GET /home: the participant home page (for a guide too, who is also a participant);
- POST /api/v1/sessions/{id}/hold: logging a held session with GROW notes, an action and
  a theme, each request on a fresh scheduled session.

It prints requests, p50/p95/p99 latency and throughput per scenario, with the throughput as a
share of /healthz measured in the same run (on a busy machine the ratio moves less than the
absolute numbers), then stops the server and drops the database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, make_url, text

from bench.load_client import Call, Outcome, User, drive
from bench.load_data import LoadUser, add_history, load_users
from growpath.adapters import migrate
from growpath.adapters.crypto import new_key
from growpath.adapters.database import create_database_engine
from growpath.bootstrap import bootstrap
from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict
from growpath.services import accounts
from growpath.services.demo import DEMO_PASSWORD, seed_demo
from growpath.settings import Settings

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DATABASE = "growpath_bench_load"
TARGET_P95_MS = 50.0
POOL = 400  # scheduled sessions per user, more than a run can log
console = Console()


def _create_database() -> str:
    admin = create_database_engine(SERVER).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()
    return make_url(SERVER).set(database=DATABASE).render_as_string(hide_password=False)


def _drop_database() -> None:
    admin = create_database_engine(SERVER).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
    admin.dispose()


def _seed(engine: Engine, people: int, users: int) -> list[LoadUser]:
    """Seed the demo organisation, its scaled history and the load users' accounts."""
    app = bootstrap(Settings(), engine=engine)
    started = time.perf_counter()
    seed_demo(app, size=people)
    seeded = time.perf_counter()
    now = datetime.now(UTC)
    with engine.begin() as connection:
        history = add_history(connection, now, mentees=people // 5)
        chosen = load_users(connection, now, users, POOL)
    for user in chosen:
        with suppress(Conflict):  # a demo login already has its account, with the same password
            accounts.create_account(app, user.email, {Role.PARTICIPANT}, DEMO_PASSWORD)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    console.print(
        f"Seeded {people:,} people in {seeded - started:.0f} s (import and demo programs through "
        f"the services), then {history.engagements:,} engagements, {history.sessions:,} sessions "
        f"and {history.actions:,} actions in bulk in {time.perf_counter() - seeded:.0f} s."
    )
    return chosen


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _serving(workers: int, log: Path) -> Iterator[str]:
    """Run `growpath serve` in a subprocess; yield its base URL once /healthz answers."""
    port = _free_port()
    command = [str(Path(sys.executable).parent / "growpath"), "serve", "--port", str(port)]
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603 - our own command line
            [*command, "--workers", str(workers)], stdout=output, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx2.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except httpx2.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"growpath serve did not start; see {log}")
                time.sleep(0.3)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _log_in(base: str, user: LoadUser) -> tuple[str, str]:
    """Log a user in through the form (a session cookie) and the API (a bearer token)."""
    with httpx2.Client(base_url=base, timeout=30) as client:
        found = CSRF.search(client.get("/login").text)
        form = {"email": user.email, "password": DEMO_PASSWORD, "csrf": found[1] if found else ""}
        response = client.post("/login", data=form, follow_redirects=False)
        if response.status_code != 303:
            raise RuntimeError(f"{user.email} could not log in: {response.status_code}")
        cookie = client.cookies["growpath_session"]
        token = client.post(
            "/api/v1/auth/token", json={"email": user.email, "password": DEMO_PASSWORD}
        ).json()["access_token"]
    return f"growpath_session={cookie}", str(token)


def _home(cookie: str) -> User:
    call = Call("GET", "/home", (("Cookie", cookie), ("Accept", "text/html")))
    return lambda _number: call


def _hold(user: LoadUser, token: str, today: datetime, offset: int) -> User:
    headers = (("Authorization", f"Bearer {token}"), ("Content-Type", "application/json"))
    body = {
        "shared_notes": {
            "goal": "Lead the next design review",
            "reality": "Reviews stall on naming debates",
            "options": "Send a pre-read; timebox naming",
            "will": "Draft the pre-read by Friday",
        },
        "private_notes": {"reality": "Energy was lower than last time."},
        "actions": [
            {
                "description": "Send the pre-read",
                "owner_person_id": user.person_id,
                "due_on": (today + timedelta(days=7)).date().isoformat(),
            }
        ],
        "themes": ["feedback"],
    }
    payload = json.dumps(body).encode()

    def call(number: int) -> Call:
        session_id = user.session_ids[offset + number]  # IndexError: a run outlasted the pool
        return Call("POST", f"/api/v1/sessions/{session_id}/hold", headers, payload)

    return call


BASELINE = "GET /healthz"


def _table(outcomes: dict[tuple[str, str], Outcome], users: int, workers: int) -> Table:
    table = Table(title=f"growpath serve, {workers} workers, {users} concurrent users")
    columns = ("Scenario", "Users", "Requests", "p50 ms", "p95 ms", "p99 ms", "Req/s")
    for column in (*columns, "× /healthz", "Statuses"):
        table.add_column(column, justify="left" if column in ("Scenario", "Users") else "right")
    for (name, mode), outcome in outcomes.items():
        baseline = outcomes[(BASELINE, mode)].per_second
        table.add_row(
            name,
            mode,
            f"{outcome.requests:,}",
            f"{outcome.percentile_ms(0.50):.1f}",
            f"{outcome.percentile_ms(0.95):.1f}",
            f"{outcome.percentile_ms(0.99):.1f}",
            f"{outcome.per_second:.0f}",
            f"{outcome.per_second / baseline:.2f}" if baseline else "",
            ", ".join(f"{code}: {n:,}" for code, n in sorted(outcome.statuses.items())),
        )
    return table


def _run(
    base: str, users: Sequence[LoadUser], seconds: float, warmup: float, think: float
) -> dict[tuple[str, str], Outcome]:
    logins = [_log_in(base, user) for user in users]
    now = datetime.now(UTC)
    port = int(base.rsplit(":", 1)[1])
    outcomes = {}
    modes = {f"{think:g} s think time": think, "flat out": 0.0}
    for mode, pause in modes.items():
        # Each mode logs its own sessions: a user's pool is split between the two.
        offset = 0 if pause else POOL // 2
        scenarios: dict[str, list[User]] = {
            BASELINE: [lambda _n: Call("GET", "/healthz") for _ in users],
            "GET /home": [_home(cookie) for cookie, _ in logins],
            "POST /api/v1/sessions/{id}/hold": [
                _hold(user, token, now, offset)
                for user, (_, token) in zip(users, logins, strict=True)
            ],
        }
        for name, scenario in scenarios.items():
            console.print(f"Driving {name}, {mode}, for {warmup:g} + {seconds:g} s …")
            outcome = asyncio.run(drive("127.0.0.1", port, scenario, seconds, warmup, pause))
            outcomes[(name, mode)] = outcome
    return outcomes


def main() -> None:
    """Build the data, serve, drive the scenarios, print the table, drop the database."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50, help="concurrent users")
    parser.add_argument("--workers", type=int, default=3, help="`growpath serve --workers`")
    parser.add_argument("--seconds", type=float, default=15, help="measured time per scenario")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured time first")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    url = _create_database()
    folder = Path(tempfile.mkdtemp(prefix="growpath-load-"))
    os.environ.update(
        GROWPATH_DATABASE_URL=url,
        GROWPATH_ENVIRONMENT="test",
        GROWPATH_SECRET_KEY=new_key(),
        GROWPATH_NOTES_KEY=new_key(),
        GROWPATH_MAIL_DIR=str(folder / "mail"),
        GROWPATH_LOG_LEVEL="WARNING",
    )
    engine = create_database_engine(url)
    try:
        migrate.upgrade(engine)
        users = _seed(engine, args.people, args.users)
        engine.dispose()
        with _serving(args.workers, folder / "serve.log") as base:
            outcomes = _run(base, users, args.seconds, args.warmup, args.think)
        console.print(_table(outcomes, len(users), args.workers))
        for mode in sorted({mode for _, mode in outcomes}):
            worst = max(
                o.percentile_ms(0.95)
                for (n, m), o in outcomes.items()
                if m == mode and n != BASELINE
            )
            verdict = "met" if worst <= TARGET_P95_MS else "NOT met"
            console.print(f"Target p95 ≤ {TARGET_P95_MS:.0f} ms, {mode}: {verdict}.")
    finally:
        engine.dispose()
        if not args.keep:
            _drop_database()


if __name__ == "__main__":
    main()
