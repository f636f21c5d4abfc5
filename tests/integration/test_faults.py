"""Faults: the database restarting under traffic, and the process killed in the middle of work.

- PostgreSQL stopped and started while requests come in: every request ends within seconds
  with its answer or a 503 carrying a JSON error (`app.py` maps OperationalError and
  InterfaceError to it), and requests succeed again once the server is back, on the same app
  (each check-out notices a connection the server closed and opens a fresh one). This runs
  on a private cluster made with initdb in a temporary folder, never on the shared server.
- `growpath people import` and `growpath match run` killed with SIGKILL at a random moment
  while their transaction is writing: the database holds everything or nothing of the work,
  on SQLite and on PostgreSQL, and takes the work again afterwards.
- SMTP down: nudges stay in the outbox and go out later. That is tested in
  tests/integration/test_nudges.py, not repeated here:
  test_a_nudge_waits_while_smtp_is_down_and_goes_out_later (backoff, then sent once) and
  test_a_worker_killed_between_send_and_commit_loses_nothing_and_never_resends.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, text

from growpath.adapters import migrate
from growpath.adapters.database import create_database_engine
from growpath.adapters.orm import (
    AuditEventRow,
    EnrolmentRow,
    MatchProposalRow,
    MatchRunRow,
    PersonRow,
    PersonSkillRow,
)
from growpath.bootstrap import Growpath, bootstrap
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.services import programs
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from growpath.services.people_import import import_people
from growpath.settings import Settings
from tests.conftest import make_account
from tests.e2e.conftest import bearer
from tests.factories import csv_bytes, org_rows, person_row
from tests.private_postgres import PrivateCluster, private_cluster

IMPORT_ROWS = 1500
MENTEES, MENTORS = 240, 60
REQUEST_LIMIT_SECONDS = 8.0  # connect_timeout is 5 s: a request never waits longer than this


def _settings(url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        secret_key="test-secret-key-that-is-long-enough-0123456789",
        database_url=url,
        mail_dir=tmp_path / "mail",
    )


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    """A PostgreSQL cluster of this module's own, which the tests may stop and start."""
    with private_cluster() as made:
        yield made


@pytest.fixture
def restartable_app(cluster: PrivateCluster, tmp_path: Path) -> Iterator[Growpath]:
    """The app on a fresh database of the private cluster, with a participant and a token."""
    url = cluster.create_database(f"growpath_faults_{os.getpid()}")
    engine = create_database_engine(url)
    migrate.upgrade(engine)
    app = bootstrap(_settings(url, tmp_path), engine=engine)
    import_people(operator_context(app), csv_bytes(org_rows(10)), "people.csv")
    make_account(app, "person4@example.com", Role.PARTICIPANT)
    yield app
    engine.dispose()


def _timed_get(client: TestClient, path: str, headers: dict[str, str]) -> tuple[int, str, float]:
    started = time.monotonic()
    response = client.get(path, headers=headers)
    elapsed = time.monotonic() - started
    return response.status_code, response.headers.get("content-type", ""), elapsed


@pytest.mark.postgres
def test_requests_fail_cleanly_while_postgresql_restarts_and_succeed_again_without_restarting(
    restartable_app: Growpath, cluster: PrivateCluster
) -> None:
    answers: list[tuple[int, str, float]] = []
    stop = threading.Event()
    with TestClient(create_app(restartable_app)) as client:
        headers = bearer(client, "person4@example.com")
        assert client.get("/api/v1/me/engagements", headers=headers).status_code == 200

        def traffic() -> None:
            with TestClient(create_app(restartable_app)) as other:
                while not stop.is_set():
                    answers.append(_timed_get(other, "/api/v1/me/engagements", headers))

        worker = threading.Thread(target=traffic)
        worker.start()
        try:
            time.sleep(0.3)
            cluster.stop()
            down = _timed_get(client, "/api/v1/me/engagements", headers)
            health = client.get("/healthz")
            cluster.start()
            time.sleep(0.3)
        finally:
            stop.set()
            worker.join(timeout=30)
        assert not worker.is_alive(), "a request hung while the database restarted"
        after = client.get("/api/v1/me/engagements", headers=headers)
        page = client.get("/home", headers={**headers, "accept": "text/html"})

    assert down[0] == 503 and down[1].startswith("application/json"), down
    assert health.status_code == 503 and health.json()["database"] == "unreachable"
    assert after.status_code == 200, after.text
    assert page.status_code == 200
    statuses = {status for status, _, _ in answers}
    assert statuses <= {200, 503}, answers
    assert all(kind.startswith("application/json") for _, kind, _ in answers)
    assert max(elapsed for _, _, elapsed in answers) < REQUEST_LIMIT_SECONDS, answers


@pytest.mark.postgres
def test_the_first_requests_after_a_quiet_restart_find_fresh_connections(
    restartable_app: Growpath, cluster: PrivateCluster
) -> None:
    # No request while the server was down, so no failed query told the pool anything: every
    # pooled connection is dead, and each check-out must notice before a query is sent on it.
    with TestClient(create_app(restartable_app)) as client:
        headers = bearer(client, "person4@example.com")
        pooled = [restartable_app.engine.connect() for _ in range(3)]
        for connection in pooled:
            connection.close()
        cluster.stop()
        cluster.start()
        answers = [client.get("/api/v1/me/engagements", headers=headers) for _ in range(4)]
        health = client.get("/healthz")
    assert [answer.status_code for answer in answers] == [200] * 4, answers[0].text
    assert health.status_code == 200, health.text


@pytest.mark.postgres
def test_a_connection_whose_backend_was_ended_is_replaced_on_check_out(
    restartable_app: Growpath,
) -> None:
    # An administrator's pg_terminate_backend, or idle_session_timeout, ends one session only.
    # A pool of one, so the next check-out is the connection whose session was ended.
    url = restartable_app.engine.url.render_as_string(hide_password=False)
    engine, administrator = create_database_engine(url, 1, 0), create_database_engine(url)
    try:
        with engine.connect() as connection:
            ended = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with administrator.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": ended})
            left = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
            assert other.execute(left, {"pid": ended}).scalar_one() == 0, "the session lives"
        with engine.connect() as connection:
            replaced = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    finally:
        engine.dispose()
        administrator.dispose()
    assert replaced != ended


@pytest.mark.postgres
def test_a_page_shows_a_short_unavailable_page_while_postgresql_is_down(
    restartable_app: Growpath, cluster: PrivateCluster
) -> None:
    with TestClient(create_app(restartable_app)) as client:
        headers = bearer(client, "person4@example.com")
        cluster.stop()
        try:
            response = client.get("/home", headers={**headers, "accept": "text/html"})
        finally:
            cluster.start()
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert "unavailable for a moment" in response.text


def _cli(url: str, tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "GROWPATH_DATABASE_URL": url,
        "GROWPATH_ENVIRONMENT": "test",
        "GROWPATH_SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "GROWPATH_MAIL_DIR": str(tmp_path / "mail"),
    }
    command = [str(Path(sys.executable).parent / "growpath"), *args]
    return subprocess.Popen(  # noqa: S603 - our own command line
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _writing(engine: Engine) -> bool:
    """Whether another connection holds an open transaction that has written something."""
    if engine.dialect.name == "sqlite":
        probe = sqlite3.connect(str(engine.url.database), timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True  # the write lock is taken
        finally:
            probe.close()
    with engine.connect() as connection:
        writers = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    return bool(writers)


def _kill_while_writing(engine: Engine, process: subprocess.Popen[bytes], seed: int) -> str:
    """SIGKILL the process at a random moment after its transaction starts writing."""
    deadline = time.monotonic() + 120
    while not _writing(engine):
        if process.poll() is not None:
            return "finished before it was seen writing"
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the command never started writing")
        time.sleep(0.01)
    time.sleep(random.Random(seed).uniform(0, 0.2))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    _wait_for_no_other_sessions(engine)
    return f"killed {process.returncode}"


def _wait_for_no_other_sessions(engine: Engine) -> None:
    # PostgreSQL ends a dead client's backend (and rolls back) on its own, once it next reads
    # from or writes to the socket; a backend still working through statements the client had
    # pipelined before it died can take longer on a loaded host. It is then terminated, as an
    # operator would: either way the dead client's transaction ends, committed or rolled back.
    if engine.dialect.name != "postgresql":
        return
    # Idle connections of this test's own pools are no concern.
    others = text(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND state <> 'idle'"
    )
    deadline = time.monotonic() + 10
    # Autocommit: PostgreSQL keeps one snapshot of pg_stat_activity per transaction, so reads
    # in one transaction would see the dead client's backend for as long as it lasted.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        while pids := connection.execute(others).scalars().all():
            if time.monotonic() > deadline:
                terminate = text("SELECT pg_terminate_backend(:pid, 10000)")
                for pid in pids:
                    connection.execute(terminate, {"pid": pid})
                assert not connection.execute(others).scalars().all(), "a session never ended"
                return
            time.sleep(0.05)


def _count(engine: Engine, what: type) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(what)).scalar_one())


def test_a_people_import_killed_midway_leaves_everyone_or_no_one(
    app: Growpath, engine: Engine, tmp_path: Path
) -> None:
    seed = random.randrange(1_000_000)
    people = csv_bytes(org_rows(IMPORT_ROWS))
    (tmp_path / "people.csv").write_bytes(people)
    url = engine.url.render_as_string(hide_password=False)
    process = _cli(url, tmp_path, "people", "import", str(tmp_path / "people.csv"))
    how = _kill_while_writing(engine, process, seed)

    counts = (_count(engine, PersonRow), _count(engine, PersonSkillRow))
    assert counts in {(0, 0), (IMPORT_ROWS, 2 * IMPORT_ROWS)}, (how, seed, counts)
    # The database takes the same import afterwards and ends as if nothing had happened.
    import_people(operator_context(app), people, "people.csv")
    assert _count(engine, PersonRow) == IMPORT_ROWS
    assert _count(engine, PersonSkillRow) == 2 * IMPORT_ROWS


def _matching_world(app: Growpath) -> int:
    """An open mentoring program with MENTEES juniors and MENTORS seniors enrolled."""
    operator = operator_context(app)
    people = MENTEES + MENTORS
    rows = [person_row(n, seniority_level=str(2 if n < MENTEES else 6)) for n in range(people)]
    import_people(operator, csv_bytes(rows), "people.csv")
    ensure_catalogue(operator)
    admin = make_account(app, "admin@example.com", Role.PROGRAM_ADMIN)
    program = programs.create_from_template(admin, "traditional-mentoring")
    programs.set_status(admin, program.id, "open")
    # Enrolled in one transaction: the subject here is the run, not the enrolment rules.
    with app.uow() as uow:
        for n, person_id in enumerate(
            uow.session.scalars(select(PersonRow.id).order_by(PersonRow.id))
        ):
            mentee = n < MENTEES
            uow.session.add(
                EnrolmentRow(
                    program_id=program.id,
                    person_id=person_id,
                    role="mentee" if mentee else "mentor",
                    goals="Learn system design and grow into a staff engineer." if mentee else "",
                    capacity=0 if mentee else 4,
                    expertise=[] if mentee else ["python", "system design"],
                    created_at=app.clock.now(),
                )
            )
        uow.commit()
    return program.id


def test_a_match_run_killed_midway_leaves_a_whole_run_or_none(
    app: Growpath, engine: Engine, tmp_path: Path
) -> None:
    seed = random.randrange(1_000_000)
    program_id = _matching_world(app)
    assert _count(engine, EnrolmentRow) == MENTEES + MENTORS
    url = engine.url.render_as_string(hide_password=False)
    process = _cli(url, tmp_path, "match", "run", str(program_id))
    how = _kill_while_writing(engine, process, seed)

    with engine.connect() as connection:
        runs = connection.execute(select(MatchRunRow.id, MatchRunRow.stats)).all()
        proposals = _count(engine, MatchProposalRow)
        audited = connection.execute(
            select(func.count())
            .select_from(AuditEventRow)
            .where(AuditEventRow.action == "match.run")
        ).scalar_one()
    if runs:
        ((_, stats),) = runs
        assert proposals == stats["new_pairs"] > 0, (how, seed)
        assert audited == 1
    else:
        assert (proposals, audited) == (0, 0), (how, seed)
