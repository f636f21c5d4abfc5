"""More requests at once than database connections and worker threads: each is answered.

A request's login lookup keeps its connection for the handler (one transaction a request).
Were every connection kept so while every worker thread ran a lookup or a health check
waiting for a connection, each would wait for the other until the pool gave up: before the
lending slots, twelve requests on two connections and two threads did.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from anyio import to_thread
from httpx2 import ASGITransport, AsyncClient
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import QueuePool

from growpath.adapters.clock import FixedClock
from growpath.adapters.database import pool_capacity
from growpath.bootstrap import bootstrap
from growpath.entrypoints.app import create_app
from growpath.services import accounts
from tests.conftest import _empty_postgres, make_account, settings_for

POOL_TIMEOUT_SECONDS = 10
REQUESTS = 12


@pytest.fixture(params=[1, 2], ids=["one connection", "two connections"])
def small_pool(request: pytest.FixtureRequest, postgres_engine: Engine) -> Iterator[Engine]:
    """The test database behind a pool of one or two connections that waits ten seconds."""
    _empty_postgres(postgres_engine)
    url = postgres_engine.url.render_as_string(hide_password=False)
    engine = create_engine(
        url, pool_size=request.param, max_overflow=0, pool_timeout=POOL_TIMEOUT_SECONDS
    )
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_logged_in_requests_and_health_checks_beyond_the_pool_and_threads_are_all_answered(
    small_pool: Engine, tmp_path: Path, clock: FixedClock
) -> None:
    app = bootstrap(settings_for(small_pool, tmp_path), clock=clock, engine=small_pool)
    person = make_account(app, "person4@example.com")
    token = accounts.issue_token(app, person.actor, label="load").token
    web = create_app(app)
    mine = ("/api/v1/me/engagements", {"Authorization": f"Bearer {token}"})
    health: tuple[str, dict[str, str]] = ("/healthz", {})

    async def ask_at_once() -> list[tuple[str, int]]:
        to_thread.current_default_thread_limiter().total_tokens = 2
        transport = ASGITransport(app=web)
        async with AsyncClient(transport=transport, base_url="http://testserver") as client:
            asked = [mine, health] * REQUESTS
            replies = await asyncio.gather(
                *(client.get(path, headers=headers) for path, headers in asked)
            )
        return [(path, reply.status_code) for (path, _), reply in zip(asked, replies, strict=True)]

    started = time.monotonic()
    # On a thread of its own: a browser test before this one in the same test process can
    # leave an event loop running on the main thread, where asyncio.run refuses to start.
    with ThreadPoolExecutor(1) as thread:
        answers = thread.submit(asyncio.run, ask_at_once()).result()
    waited = time.monotonic() - started

    assert answers == [(mine[0], 200), (health[0], 200)] * REQUESTS
    assert waited < POOL_TIMEOUT_SECONDS, (
        "the requests waited for each other until the pool gave up"
    )
    pool = small_pool.pool
    assert isinstance(pool, QueuePool) and pool.checkedout() == 0


def test_the_pool_capacity_counts_its_overflow_and_no_limit_for_sqlite(tmp_path: Path) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/none"
    assert pool_capacity(create_engine(url, pool_size=3, max_overflow=4)) == 7
    assert pool_capacity(create_engine(url, pool_size=3, max_overflow=-1)) is None
    assert pool_capacity(create_engine("sqlite://")) is None
    assert pool_capacity(create_engine(f"sqlite:///{tmp_path / 'file.db'}")) == 15
