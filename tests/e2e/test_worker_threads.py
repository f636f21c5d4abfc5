"""A worker handles as many requests at once as GROWPATH_WORKER_THREADS says; the rest wait."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine, event

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import bootstrap
from growpath.entrypoints.app import create_app
from growpath.settings import Settings
from tests.conftest import settings_for

ASKED_AT_ONCE = 12


def _most_at_once(engine: Engine, threads: int, tmp_path: Path, clock: FixedClock) -> int:
    """Ask /healthz twelve times at once; return how many handlers held a connection at once."""
    settings = settings_for(engine, tmp_path).model_copy(update={"worker_threads": threads})
    app = bootstrap(settings, clock=clock, engine=engine)
    lock, held, most = threading.Lock(), [0], [0]

    def checked_out(*_args: Any) -> None:
        with lock:
            held[0] += 1
            most[0] = max(most[0], held[0])
        time.sleep(0.2)  # long enough for every handler allowed to run to get this far

    def checked_in(*_args: Any) -> None:
        with lock:
            held[0] -= 1

    event.listen(engine, "checkout", checked_out)
    event.listen(engine, "checkin", checked_in)
    try:
        with TestClient(create_app(app)) as client, ThreadPoolExecutor(ASKED_AT_ONCE) as asking:
            statuses = list(
                asking.map(lambda _n: client.get("/healthz").status_code, range(ASKED_AT_ONCE))
            )
    finally:
        event.remove(engine, "checkout", checked_out)
        event.remove(engine, "checkin", checked_in)
    assert statuses == [200] * ASKED_AT_ONCE
    return most[0]


def test_a_worker_handles_at_most_its_threads_of_requests_at_once(
    sqlite_engine: Engine, tmp_path: Path, clock: FixedClock
) -> None:
    assert _most_at_once(sqlite_engine, 3, tmp_path, clock) == 3
    # More threads than requests: all twelve at once (the setting is what limited them).
    assert _most_at_once(sqlite_engine, 40, tmp_path, clock) > 3


def test_the_threads_setting_is_read_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(environment="development").worker_threads == 8
    monkeypatch.setenv("GROWPATH_WORKER_THREADS", "2")
    assert Settings(environment="development").worker_threads == 2
    with pytest.raises(ValidationError, match="worker_threads"):
        Settings(environment="development", worker_threads=0)
