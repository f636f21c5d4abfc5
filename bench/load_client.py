"""A small closed-loop HTTP/1.1 load client: one keep-alive connection per simulated user.

Written on asyncio streams rather than a full HTTP client so that, on a two-core machine, the
client spends as little CPU as possible beside the server it measures (a request costs it a
few tens of microseconds). It speaks only what `growpath serve` answers: HTTP/1.1 with a
Content-Length or a chunked body.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path


@dataclass(frozen=True)
class Call:
    """One request to send: method, path, extra headers and a body."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


# A user is a function from its request number to the request it sends next.
User = Callable[[int], Call]


@dataclass
class Outcome:
    """What one scenario measured after its warm-up."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    app_cpu: float = 0.0  # CPU seconds of the server's processes after the warm-up
    database_cpu: float = 0.0  # CPU seconds of the PostgreSQL backends serving it
    connections: int = 0  # database connections opened during the run

    def cpu_ms_per_request(self, seconds: float) -> float:
        """Return CPU milliseconds per request sent after the warm-up (seconds: their CPU)."""
        return seconds * 1000 / self.requests if self.requests else float("nan")

    @property
    def requests(self) -> int:
        """Return how many requests completed in the measured window."""
        return len(self.latencies)

    def percentile_ms(self, fraction: float) -> float:
        """Return a latency percentile in milliseconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
        return ordered[rank] * 1000

    @property
    def per_second(self) -> float:
        """Return the completed requests per second of the measured window."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def mean_ms(self) -> float:
        """Return the mean latency in milliseconds."""
        return statistics.fmean(self.latencies) * 1000 if self.latencies else float("nan")


class Connection:
    """A keep-alive HTTP/1.1 connection to the server under test."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, call: Call) -> int:
        """Send one request and read its whole response; return the status code."""
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = [f"{call.method} {call.path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{name}: {value}" for name, value in call.headers]
        if call.body or call.method != "GET":
            head.append(f"Content-Length: {len(call.body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + call.body)
        await self.writer.drain()
        status, close = await _read_response(self.reader)
        if close:
            await self.close()
        return status

    async def close(self) -> None:
        """Close the connection, if open."""
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()
        self.reader = self.writer = None


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    if headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers.get("connection") == "close"


async def drive(
    host: str,
    port: int,
    users: Sequence[User],
    seconds: float,
    warmup: float,
    think: float = 0.0,
    measuring: Callable[[], object] | None = None,
) -> Outcome:
    """Run every user in a closed loop for warmup + seconds; measure only after the warm-up.

    With `think` > 0 each user pauses between a response and its next request for a random
    time averaging `think` seconds (0.5–1.5 × think), as a person reading the page would.
    `measuring` is called as the warm-up ends, to take the readings the run is measured from.
    """
    outcome = Outcome()
    started = time.perf_counter()
    if measuring is not None:
        asyncio.get_running_loop().call_later(warmup, measuring)
    measured_from, until = started + warmup, started + warmup + seconds

    async def run(index: int, user: User) -> None:
        connection, number, pauses = Connection(host, port), 0, random.Random(index)
        try:
            # Users start spread over one think time, not all in the same instant.
            await asyncio.sleep(pauses.uniform(0, think))
            while (sent := time.perf_counter()) < until:
                status = await connection.send(user(number))
                number += 1
                if sent >= measured_from:
                    outcome.latencies.append(time.perf_counter() - sent)
                    outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
                if think:
                    await asyncio.sleep(pauses.uniform(0.5, 1.5) * think)
        finally:
            await connection.close()

    await asyncio.gather(*(run(index, user) for index, user in enumerate(users)))
    outcome.seconds = seconds
    return outcome


def cpu_seconds(pids: Sequence[int]) -> dict[int, float]:
    """Return the CPU time (user + system) each process has used so far, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """Return the CPU seconds used between two readings (a process new since counts whole)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def process_tree(root: int) -> list[int]:
    """Return root and every process below it (the server's workers), from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    return sorted(tree)


def hold_payload(person_id: int, today: date) -> bytes:
    """The JSON body of logging a held session: GROW notes, a private note, one action."""
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
                "owner_person_id": person_id,
                "due_on": (today + timedelta(days=7)).isoformat(),
            }
        ],
        "themes": ["feedback"],
    }
    return json.dumps(body).encode()
