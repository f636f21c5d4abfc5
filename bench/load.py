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

Each scenario runs twice: with a think time (each user pauses about a second between a
response and its next request, as a person does; the latency target is about this one) and
flat out (no pause: the server's capacity, where latency is mostly queueing, 50 users over
what the cores can serve). It prints requests, p50/p95/p99 latency and throughput per
scenario, the throughput as a share of /healthz in the same run and mode (on a busy machine
the ratio moves less than the absolute numbers), and the CPU time per request of the server's
processes and of its PostgreSQL sessions after the warm-up (read from /proc: unlike wall time,
it does not depend on what else the machine runs), then stops the server and drops the
database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

import httpx2
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, text

from bench.databases import create_database, drop_database
from bench.load_client import (
    Call,
    Outcome,
    User,
    cpu_seconds,
    cpu_used,
    drive,
    hold_payload,
    process_tree,
)
from bench.load_data import LoadUser, add_history, clear_pools, fill_pools, load_users
from growpath.adapters import migrate
from growpath.adapters.crypto import new_key
from growpath.adapters.database import create_database_engine
from growpath.bootstrap import bootstrap
from growpath.domain.accounts import Actor, Role
from growpath.domain.errors import Conflict
from growpath.services import accounts
from growpath.services.demo import DEMO_PASSWORD, seed_demo
from growpath.settings import Settings

DATABASE = "growpath_bench_load"
# Issue 22's targets for people who pause about a second: 50 of them, 50 ms; 200, 100 ms.
TARGET_P95_MS = {50: 50.0, 200: 100.0}
console = Console(width=160)


def _seed(engine: Engine, people: int, users: int) -> tuple[list[LoadUser], dict[int, str]]:
    """Seed the demo organisation, its scaled history, the load users' accounts and tokens."""
    app = bootstrap(Settings(), engine=engine)
    started = time.perf_counter()
    seed_demo(app, size=people)
    seeded = time.perf_counter()
    now = datetime.now(UTC)
    with engine.begin() as connection:
        history = add_history(connection, now, mentees=people // 5)
        chosen = load_users(connection, users)
    tokens = {}
    for user in chosen:
        with suppress(Conflict):  # a demo login already has its account, with the same password
            accounts.create_account(app, user.email, {Role.PARTICIPANT}, DEMO_PASSWORD)
        # API tokens issued here, not through /auth/token: a login costs an argon2 hash each.
        with app.uow() as uow:
            account = uow.users.by_email(user.email)
            user_id = account.id if account else 0
        login = accounts.start_session(app, Actor(user_id, user.email, None, frozenset()))
        actor = accounts.actor_for_session(app, *login.cookie_values())
        if actor is None:
            raise RuntimeError(f"no account for {user.email}")
        tokens[user.person_id] = accounts.issue_token(app, actor, label="bench").token
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    console.print(
        f"Seeded {people:,} people in {seeded - started:.0f} s (import and demo programs through "
        f"the services), then {history.engagements:,} engagements, {history.sessions:,} sessions "
        f"and {history.actions:,} actions in bulk in {time.perf_counter() - seeded:.0f} s."
    )
    return chosen, tokens


def _target_ms(users: int) -> float:
    # The nearest stated target at or above this many users (beyond 200: 200's).
    stated = sorted(TARGET_P95_MS)
    return TARGET_P95_MS[next((n for n in stated if users <= n), stated[-1])]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _serving(workers: int, log: Path) -> Iterator[tuple[str, int]]:
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
                    tail = log.read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"growpath serve did not start:\n{tail}")
                time.sleep(0.3)
            yield base, server.pid
        finally:
            server.terminate()
            server.wait(timeout=30)


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _log_in(base: str, user: LoadUser) -> str:
    """Log a user in through the login form; return the session cookie."""
    with httpx2.Client(base_url=base, timeout=60) as client:
        found = CSRF.search(client.get("/login").text)
        form = {"email": user.email, "password": DEMO_PASSWORD, "csrf": found[1] if found else ""}
        response = client.post("/login", data=form, follow_redirects=False)
        if response.status_code != 303:
            raise RuntimeError(f"{user.email} could not log in: {response.status_code}")
        return f"growpath_session={client.cookies['growpath_session']}"


def _home(cookie: str) -> User:
    call = Call("GET", "/home", (("Cookie", cookie), ("Accept", "text/html")))
    return lambda _number: call


def _hold(user: LoadUser, token: str, today: datetime, pool: Sequence[int]) -> User:
    headers = (("Authorization", f"Bearer {token}"), ("Content-Type", "application/json"))
    payload = hold_payload(user.person_id, today.date())

    def call(number: int) -> Call:
        if number >= len(pool):
            raise RuntimeError("a run logged more sessions than --pool gave each user")
        session_id = pool[number]
        return Call("POST", f"/api/v1/sessions/{session_id}/hold", headers, payload)

    return call


BASELINE = "GET /healthz"
HOLD = "POST /api/v1/sessions/{id}/hold"


def _table(outcomes: dict[tuple[str, str], Outcome], users: int, workers: int) -> Table:
    table = Table(title=f"growpath serve, {workers} workers, {users} concurrent users")
    columns = ("Scenario", "Users", "Requests", "p50 ms", "p95 ms", "p99 ms", "Req/s")
    extra = ("× /healthz", "App CPU ms", "DB CPU ms", "New conns", "Statuses")
    for column in (*columns, *extra):
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
            f"{outcome.cpu_ms_per_request(outcome.app_cpu):.1f}",
            f"{outcome.cpu_ms_per_request(outcome.database_cpu):.1f}",
            f"{outcome.connections:,}",
            ", ".join(f"{code}: {n:,}" for code, n in sorted(outcome.statuses.items())),
        )
    return table


def _database_sessions(engine: Engine) -> int:
    # Connections ever opened to the database: a pool that overflows opens and closes them.
    with engine.connect() as connection:
        opened = connection.execute(
            text("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        )
        return int(opened.scalar_one())


def _database_backends(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        pids = connection.execute(
            text(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        return list(pids.scalars())


def _drive(
    port: int,
    server: int,
    engine: Engine,
    scenario: list[User],
    think: float,
    args: argparse.Namespace,
) -> Outcome:
    """Run one scenario; note the CPU the server's processes and its database sessions used
    after the warm-up."""
    app, database = process_tree(server), _database_backends(engine)
    before: dict[str, dict[int, float]] = {}

    def measuring() -> None:
        # Read as the warm-up ends: a worker's first requests of a kind load and compile what
        # later ones reuse (a hundred-odd milliseconds each), which is not a request's cost.
        before.update(app=cpu_seconds(app), database=cpu_seconds(database))

    sessions_before = _database_sessions(engine)
    outcome = asyncio.run(
        drive("127.0.0.1", port, scenario, args.seconds, args.warmup, think, measuring)
    )
    outcome.app_cpu = cpu_used(before["app"], cpu_seconds(process_tree(server)))
    outcome.database_cpu = cpu_used(before["database"], cpu_seconds(_database_backends(engine)))
    outcome.connections = _database_sessions(engine) - sessions_before
    return outcome


def _run(
    base: str,
    server: int,
    engine: Engine,
    users: Sequence[LoadUser],
    tokens: dict[int, str],
    args: argparse.Namespace,
) -> dict[tuple[str, str], Outcome]:
    with ThreadPoolExecutor(max_workers=4) as logging_in:
        cookies = list(logging_in.map(lambda user: _log_in(base, user), users))
    port = int(base.rsplit(":", 1)[1])
    outcomes = {}
    for mode, think in {f"{args.think:g} s think time": args.think, "flat out": 0.0}.items():
        for name in (BASELINE, "GET /home", HOLD):
            scenario: list[User]
            if name == BASELINE:
                scenario = [lambda _n: Call("GET", "/healthz") for _ in users]
            elif name == "GET /home":
                scenario = [_home(cookie) for cookie in cookies]
            else:
                now = datetime.now(UTC)
                with engine.begin() as connection:
                    pools = fill_pools(connection, users, now, args.pool)
                scenario = [
                    _hold(user, tokens[user.person_id], now, pools[user.person_id])
                    for user in users
                ]
            console.print(f"Driving {name}, {mode}, for {args.warmup:g} + {args.seconds:g} s …")
            outcomes[(name, mode)] = _drive(port, server, engine, scenario, think, args)
            if name == HOLD:
                with engine.begin() as connection:
                    clear_pools(connection)
    return outcomes


def main() -> None:
    """Build the data, serve, drive the scenarios, print the table, drop the database."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50, help="concurrent users")
    parser.add_argument("--workers", type=int, default=3, help="`growpath serve --workers`")
    parser.add_argument("--seconds", type=float, default=15, help="measured time per scenario")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests")
    parser.add_argument("--pool", type=int, default=400, help="sessions to log per user and run")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured time first")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    url = create_database(DATABASE)
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
        users, tokens = _seed(engine, args.people, args.users)
        engine.dispose()
        with _serving(args.workers, folder / "serve.log") as (base, server):
            outcomes = _run(base, server, engine, users, tokens, args)
        console.print(_table(outcomes, len(users), args.workers))
        # Flat out has no latency target: a request per user always waiting is a queue on any code.
        paused = [mode for _, mode in outcomes if mode != "flat out"]
        target = _target_ms(args.users)
        for mode in sorted(set(paused)):
            worst = max(
                o.percentile_ms(0.95)
                for (n, m), o in outcomes.items()
                if m == mode and n != BASELINE
            )
            verdict = "met" if worst <= target else "NOT met"
            console.print(
                f"Target p95 ≤ {target:.0f} ms at {args.users} users, {mode}: {verdict} "
                f"(worst p95 {worst:.1f} ms)."
            )
    finally:
        engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
        if not args.keep:
            drop_database(DATABASE)


if __name__ == "__main__":
    main()
