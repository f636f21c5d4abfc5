"""How many handlers a worker runs at once: the threads its event loop hands work to."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI


def handler_threads(count: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Return a lifespan that runs the worker's handlers on at most `count` threads at once."""

    @asynccontextmanager
    async def lifespan(_web: FastAPI) -> AsyncIterator[None]:
        # anyio lends forty threads by default. On a worker with more requests than cores, the
        # forty took turns holding the interpreter lock, and each past the pool's size took an
        # overflow connection: at 200 users logging a session waited four times longer (p95),
        # and health checks opened and closed connections by the thousand (docs/performance.md).
        # The others wait on the event loop, holding nothing. The limiter is the event loop's
        # own, so this is set where the loop runs.
        to_thread.current_default_thread_limiter().total_tokens = count
        yield

    return lifespan
