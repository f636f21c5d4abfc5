"""A background thread that runs one job every few minutes inside `growpath serve`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class PeriodicRunner:
    """Runs a job now and then every `interval_seconds` until stopped; errors are logged."""

    def __init__(self, job: Callable[[], object], interval_seconds: float) -> None:
        self._job = job
        self._interval = interval_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="growpath-scheduler", daemon=True)

    def start(self) -> None:
        """Start the background thread."""
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to finish and wait for it."""
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                log.info("periodic job: %s", self._job())
            except Exception:  # a failed run must not kill the scheduler; the next run retries
                log.exception("periodic job failed")
            self._stop.wait(self._interval)
