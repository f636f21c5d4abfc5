"""Benchmark: the CPU one request costs the app and PostgreSQL, in process, beside a baseline.

Run with `make bench-requests` (or `python -m bench.requests [--before REV] [--markdown]`).
It seeds the demo organisation with its scaled history (bench/load_data.py) into its own
database on the PostgreSQL at 127.0.0.1:5432 (user postgres), then, in a fresh Python process
per code version, builds the app once, logs a participant in through the login form, and
calls the ASGI app directly (no socket, no HTTP client) for each scenario:

- a bare FastAPI app with one JSON route: the framework's floor, the baseline of the run;
- GET /healthz; GET /home and GET /engagements/{id} with the session cookie;
- POST /api/v1/sessions/{id}/hold with a bearer token, each call on a fresh session.

Each scenario runs --requests calls after a warm-up, --rounds times (interleaved) in each of
--turns processes per version (the versions taking turns), and the quietest round is shown:
the app's CPU per request (user + system of the whole process, its worker threads included)
beside wall time, PostgreSQL's CPU per request (its backends for the
benchmark database, from /proc), and the ratio of the app's CPU to the baseline's. On a shared
machine wall time reflects the neighbours; CPU time much less. With --before REV the same
scenarios run on an older commit's code too (`git archive`, same virtualenv, same database),
so before and after come from one run; with --together the versions' processes run at the
same time rather than in turn, so a host whose load moves by the minute loads both alike.
--profile SCENARIO prints a cProfile of this code's
run of that scenario instead.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.load_client import hold_payload

DATABASE = "growpath_bench_requests"
BASELINE = "baseline: bare FastAPI JSON route"
TARGETS_MS = {
    "GET /healthz": 1.0,
    "GET /home": 5.0,
    "POST /api/v1/sessions/{id}/hold": 6.0,
    "GET /engagements/{id}": 6.0,
}
DB_TARGET_MS = 3.0
ROOT = Path(__file__).resolve().parent.parent
console = Console(width=160)

Headers = list[tuple[str, str]]
Request = tuple[str, str, Headers, bytes]


@dataclass
class Reply:
    """What one ASGI call answered."""

    status: int
    headers: Headers
    body: bytes


async def call(app: Any, method: str, path: str, headers: Headers, body: bytes = b"") -> Reply:
    """Send one HTTP request straight to an ASGI app and collect its answer."""
    path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    reply = Reply(0, [], b"")

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            reply.status = message["status"]
            reply.headers = [(k.decode(), v.decode()) for k, v in message["headers"]]
        elif message["type"] == "http.response.body":
            reply.body += message.get("body", b"")

    await app(scope, receive, send)
    return reply


def _backend_cpu(engine: Any) -> float:
    """Return the CPU seconds this worker's PostgreSQL backends used so far."""
    from sqlalchemy import text

    from bench.load_client import cpu_seconds

    with engine.connect() as connection:
        # Only this worker's backends (libpq names them after PGAPPNAME, which the parent
        # sets per worker): with --together the other version's share the database.
        pids = connection.execute(
            text(
                "SELECT pid FROM pg_stat_activity WHERE datname = :name"
                " AND application_name = current_setting('application_name')"
                " AND pid <> pg_backend_pid()"
            ),
            {"name": DATABASE},
        ).scalars()
        return sum(cpu_seconds(list(pids)).values())


def _cookie(reply: Reply, jar: dict[str, str]) -> None:
    for name, value in reply.headers:
        if name == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]


async def _log_in(app: Any, email: str, password: str) -> str:
    jar: dict[str, str] = {}
    page = await call(app, "GET", "/login", [("accept", "text/html")])
    _cookie(page, jar)
    found = re.search(r'name="csrf" value="([^"]+)"', page.body.decode())
    from urllib.parse import urlencode

    form = urlencode({"email": email, "password": password, "csrf": found[1] if found else ""})
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    headers = [("content-type", "application/x-www-form-urlencoded"), ("cookie", cookie)]
    answer = await call(app, "POST", "/login", [*headers, ("accept", "text/html")], form.encode())
    if answer.status != 303:
        raise RuntimeError(f"{email} could not log in: {answer.status}")
    _cookie(answer, jar)
    return f"growpath_session={jar['growpath_session']}"


def _bare_app() -> Any:
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

    bare = FastAPI()

    def ok() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    bare.add_api_route("/ok", ok, methods=["GET"])
    return bare


async def _measure(
    app: Any, requests: Callable[[int], Request], count: int, engine: Any
) -> dict[str, float]:
    db_before = _backend_cpu(engine)
    cpu, wall = time.process_time(), time.perf_counter()
    for number in range(count):
        method, path, headers, body = requests(number)
        reply = await call(app, method, path, headers, body)
        if reply.status >= 300:
            raise RuntimeError(f"{method} {path} answered {reply.status}: {reply.body[:300]!r}")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    db = _backend_cpu(engine) - db_before
    return {
        "cpu_ms": cpu * 1000 / count,
        "wall_ms": wall * 1000 / count,
        "db_ms": db * 1000 / count,
    }


def _handlers_on_this_thread() -> None:
    """Run FastAPI's sync handlers and dependencies inline, so cProfile (one thread) sees them."""
    import fastapi.dependencies.utils
    import fastapi.routing

    import growpath.entrypoints.http.context as growpath_context

    async def inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    for module in (fastapi.routing, fastapi.dependencies.utils, growpath_context):
        setattr(module, "run_in_threadpool", inline)  # noqa: B010 - not exported, so not typed


async def _worker(args: argparse.Namespace) -> None:
    """Measure every scenario on the growpath found first on sys.path; print JSON."""
    from sqlalchemy import create_engine

    from growpath.bootstrap import bootstrap
    from growpath.entrypoints.app import create_app
    from growpath.settings import Settings

    plan = json.loads(args.plan)
    app = create_app(bootstrap(Settings()))
    bare = _bare_app()
    monitor = create_engine(plan["url"], poolclass=__import__("sqlalchemy.pool").pool.NullPool)
    cookie = await _log_in(app, plan["email"], plan["password"])
    pages = [("cookie", cookie), ("accept", "text/html")]
    token = [("authorization", f"Bearer {plan['token']}"), ("content-type", "application/json")]
    hold_body = hold_payload(plan["logger"][0], datetime.now(UTC).date())
    pool: list[int] = plan["pool"]
    used = 0

    def hold(_number: int) -> Request:
        nonlocal used
        session_id = pool[used]
        used += 1
        return ("POST", f"/api/v1/sessions/{session_id}/hold", token, hold_body)

    engagement = f"/engagements/{plan['engagement_id']}"
    scenarios: dict[str, tuple[Any, Callable[[int], Request]]] = {
        BASELINE: (bare, lambda _n: ("GET", "/ok", [], b"")),
        "GET /healthz": (app, lambda _n: ("GET", "/healthz", [], b"")),
        "GET /home": (app, lambda _n: ("GET", "/home", pages, b"")),
        "GET /engagements/{id}": (app, lambda _n: ("GET", engagement, pages, b"")),
        "POST /api/v1/sessions/{id}/hold": (app, hold),
    }
    for target, requests in scenarios.values():
        await _measure(target, requests, args.warmup, monitor)
    if args.profile:
        _handlers_on_this_thread()
        target, requests = scenarios[args.profile]
        profile = cProfile.Profile(time.thread_time)
        profile.enable()
        await _measure(target, requests, args.requests, monitor)
        profile.disable()
        if args.profile_file:
            profile.dump_stats(args.profile_file)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)
        return
    results: dict[str, list[dict[str, float]]] = {name: [] for name in scenarios}
    for _round in range(args.rounds):
        for name, (target, requests) in scenarios.items():
            results[name].append(await _measure(target, requests, args.requests, monitor))
    print(json.dumps(results))  # noqa: T201 - the parent reads this line


def _environment(url: str) -> dict[str, str]:
    from growpath.adapters.crypto import new_key

    return {
        "GROWPATH_DATABASE_URL": url,
        "GROWPATH_ENVIRONMENT": "test",
        "GROWPATH_SECRET_KEY": new_key(),
        "GROWPATH_NOTES_KEY": new_key(),
        "GROWPATH_MAIL_DIR": str(Path(tempfile.gettempdir()) / f"{DATABASE}-mail"),
        "GROWPATH_LOG_LEVEL": "WARNING",
    }


def _seed(people: int) -> dict[str, Any]:
    from sqlalchemy import text

    from bench.databases import create_database
    from bench.load_data import add_history, load_users
    from growpath.adapters import migrate
    from growpath.adapters.database import create_database_engine
    from growpath.bootstrap import bootstrap
    from growpath.domain.accounts import Actor, Role
    from growpath.domain.errors import Conflict
    from growpath.services import accounts
    from growpath.services.demo import DEMO_PASSWORD, seed_demo
    from growpath.settings import Settings

    url = create_database(DATABASE)
    environment = _environment(url)
    os.environ.update(environment)
    engine = create_database_engine(url)
    migrate.upgrade(engine)
    app = bootstrap(Settings(), engine=engine)
    seed_demo(app, size=people)
    with engine.begin() as connection:
        add_history(connection, datetime.now(UTC), mentees=people // 5)
        # Two participants: one views the pages, the other logs sessions through the API, so
        # the sessions logged do not lengthen the engagement page measured.
        viewer, logger = [u for u in load_users(connection, 4) if u.role == "participant"]
    for user in (viewer, logger):
        with suppress(Conflict):
            accounts.create_account(app, user.email, {Role.PARTICIPANT}, DEMO_PASSWORD)
    with app.uow() as uow:
        account = uow.users.by_email(logger.email)
        user_id = account.id if account else 0
    login = accounts.start_session(app, Actor(user_id, logger.email, None, frozenset()))
    actor = accounts.actor_for_session(app, *login.cookie_values())
    if actor is None:
        raise RuntimeError(f"no account for {logger.email}")
    token = accounts.issue_token(app, actor, label="bench").token
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return {
        "environment": environment,
        "url": url,
        "email": viewer.email,
        "password": DEMO_PASSWORD,
        "engagement_id": viewer.engagement_id,
        "logger": [logger.person_id, logger.email, logger.engagement_id],
        "token": token,
    }


def _pool(plan: dict[str, Any], count: int) -> list[int]:
    from bench.load_data import LoadUser, fill_pools
    from growpath.adapters.database import create_database_engine

    engine = create_database_engine(plan["url"])
    person_id, email, engagement_id = plan["logger"]
    user = LoadUser(person_id, email, "participant", engagement_id)
    with engine.begin() as connection:
        pools = fill_pools(connection, [user], datetime.now(UTC), count)
    engine.dispose()
    return pools[user.person_id]


def _start(src: Path, plan: dict[str, Any], args: argparse.Namespace) -> subprocess.Popen[str]:
    calls = args.warmup + args.requests * (1 if args.profile else args.rounds)
    plan = {**plan, "pool": _pool(plan, calls)}
    env = {**os.environ, **plan["environment"], "PYTHONPATH": f"{src}{os.pathsep}{ROOT}"}
    env["PGAPPNAME"] = f"bench-requests-{os.getpid()}-{src}"[:63]
    command = [sys.executable, "-m", "bench.requests", "--worker", json.dumps(plan)]
    options = ["--requests", str(args.requests), "--warmup", str(args.warmup)]
    options += ["--rounds", str(args.rounds), "--top", str(args.top)]
    if args.profile:
        options += ["--profile", args.profile]
    if args.profile_file:
        options += ["--profile-file", str(Path(args.profile_file).resolve())]
    return subprocess.Popen(  # noqa: S603 - our own module
        [*command, *options],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(worker: subprocess.Popen[str], args: argparse.Namespace) -> dict[str, Any]:
    stdout, stderr = worker.communicate()
    if worker.returncode != 0:
        raise RuntimeError(f"the worker failed:\n{stderr[-4000:]}")
    if args.profile:
        print(stdout)  # noqa: T201 - the profile is the output
        return {}
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    return result


def _archive(revision: str, folder: Path) -> Path:
    archive = subprocess.run(  # noqa: S603 - git, with a revision the operator names
        ["git", "archive", revision, "src"],  # noqa: S607 - git from PATH
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    (folder / "before.tar").write_bytes(archive)
    shutil.unpack_archive(folder / "before.tar", folder / "archive")
    return folder / "archive" / "src"


def _rows(label: str, result: dict[str, list[dict[str, float]]]) -> list[list[str]]:
    def quietest(name: str, key: str) -> float:
        # The quietest round: other work on the machine only ever adds CPU time (cache misses,
        # contention), so the least a round took is the nearest to the request's own cost.
        return min(r[key] for r in result[name])

    floor = quietest(BASELINE, "cpu_ms")
    rows = []
    for name in result:
        cpu, db = quietest(name, "cpu_ms"), quietest(name, "db_ms")
        target = TARGETS_MS.get(name)
        meets = "" if target is None else "yes" if cpu <= target and db <= DB_TARGET_MS else "NO"
        rows.append(
            [
                label,
                name,
                f"{quietest(name, 'wall_ms'):.2f}",
                f"{cpu:.2f}",
                f"{db:.2f}",
                f"{cpu / floor:.1f}",
                "" if target is None else f"≤ {target:g}",
                meets,
            ]
        )
    return rows


COLUMNS = (
    "code",
    "scenario",
    "wall ms",
    "app CPU ms",
    "DB CPU ms",
    "× baseline",
    "target",
    "meets",
)


def main() -> None:
    """Seed, measure this code (and --before REV) in fresh processes, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--worker", metavar="PLAN", help=argparse.SUPPRESS)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200, help="calls per scenario and round")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per process")
    parser.add_argument("--turns", type=int, default=2, help="fresh processes per version")
    parser.add_argument("--before", metavar="REV", help="also measure this older commit's code")
    parser.add_argument(
        "--profile",
        metavar="SCENARIO",
        choices=[BASELINE, *TARGETS_MS],
        help="print a cProfile of one scenario: " + ", ".join(repr(s) for s in TARGETS_MS),
    )
    parser.add_argument(
        "--profile-file", metavar="PATH", help="also save the profile there, for pstats"
    )
    parser.add_argument("--top", type=int, default=40, help="profile lines to print")
    parser.add_argument(
        "--together", action="store_true", help="run the versions at the same time, not in turn"
    )
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--reuse", action="store_true", help="measure on a database --keep kept")
    args = parser.parse_args()
    if args.worker:
        args.plan = args.worker
        asyncio.run(_worker(args))
        return
    from bench.databases import drop_database

    kept = Path(tempfile.gettempdir()) / f"{DATABASE}.json"
    started = time.perf_counter()
    if args.reuse:
        plan = json.loads(kept.read_text())
    else:
        plan = _seed(args.people)
        console.print(f"Seeded {args.people:,} people in {time.perf_counter() - started:.0f} s.")
    if args.keep:
        kept.write_text(json.dumps(plan))
    rows: list[list[str]] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            versions = [("this code", ROOT / "src")]
            if args.before:
                versions.append((f"before ({args.before})", _archive(args.before, Path(folder))))
            # The versions take turns, a fresh process each time: a burst of the neighbours'
            # work then lands on both, not on one.
            results: dict[str, dict[str, list[dict[str, float]]]] = {}
            for _turn in range(1 if args.profile else args.turns):
                if args.together:
                    # On a host whose load moves by the minute, both versions run at the same
                    # time instead: whatever the neighbours do, they do it to both.
                    workers = [(label, _start(src, plan, args)) for label, src in versions]
                    turn = [(label, _finish(worker, args)) for label, worker in workers]
                else:
                    turn = [
                        (label, _finish(_start(src, plan, args), args)) for label, src in versions
                    ]
                for label, result in turn:
                    for name, rounds in result.items():
                        results.setdefault(label, {}).setdefault(name, []).extend(rounds)
            for label, result in results.items():
                rows += _rows(label, result)
    finally:
        if not args.keep:
            drop_database(DATABASE)
    if args.markdown:
        print("| " + " | ".join(COLUMNS) + " |")  # noqa: T201 - the table is the output
        print("|" + "---|" * len(COLUMNS))  # noqa: T201
        for row in rows:
            print("| " + " | ".join(row) + " |")  # noqa: T201
    elif rows:
        rounds = args.rounds * args.turns
        table = Table(title=f"CPU per request, {args.requests} calls, quietest of {rounds}")
        for column in COLUMNS:
            table.add_column(column, justify="left" if column in ("code", "scenario") else "right")
        for row in rows:
            table.add_row(*row)
        console.print(table)


if __name__ == "__main__":
    main()
