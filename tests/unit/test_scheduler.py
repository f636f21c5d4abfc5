"""The in-process scheduler runs its job repeatedly and survives a failing run."""

from __future__ import annotations

import threading
import time

from growpath.adapters.scheduler import PeriodicRunner


def test_the_runner_keeps_going_after_a_failure_and_stops_when_asked() -> None:
    calls: list[int] = []
    third = threading.Event()

    def job() -> str:
        calls.append(len(calls))
        if len(calls) == 1:
            raise RuntimeError("the database blinked")
        if len(calls) >= 3:
            third.set()
        return "ok"

    runner = PeriodicRunner(job, interval_seconds=0.01)
    runner.start()
    assert third.wait(timeout=5)
    runner.stop()
    settled = len(calls)
    assert settled >= 3  # the failing first run did not stop the ones after it
    time.sleep(0.1)  # ten intervals: a runner still going would have run again
    assert len(calls) == settled
