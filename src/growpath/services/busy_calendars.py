"""Busy calendars: where a person's busy times come from, and reading them with care.

A calendar's address and credentials are sealed at rest. What a calendar gives is kept as
bare intervals (no titles), replaced at each read, and trusted for a day at most; a calendar
read less than a quarter of an hour ago is not read again. Reading happens outside any
database transaction, all calendars at once, each within the fetcher's time limit, and a
calendar that fails says so in words without holding up the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, cast

from growpath.adapters.busy_calendars import BusySource, fetch_busy
from growpath.adapters.orm import BusySourceRow
from growpath.adapters.safe_fetch import FetchError
from growpath.domain.busy_calendars import KIND_NAMES, MAX_SOURCES, busy_calendar, host_of
from growpath.domain.errors import Conflict, NotFound
from growpath.domain.slots import SEARCH_DAYS
from growpath.i18n import N_
from growpath.services.context import Collaborators, Context

# A calendar read this recently is not read again: people search, then pick, then confirm.
FRESH_FOR = timedelta(minutes=15)
# What a calendar gave stops counting after this, if it could not be read again since.
TRUSTED_FOR = timedelta(days=1)
# The longest a search waits for all the calendars (each fetch has its own limit too).
WAIT_AT_MOST = 20.0


@dataclass(frozen=True)
class BusyCalendarView:
    """One of the actor's busy calendars, as its owner sees it: never its address or password."""

    id: int
    kind: str
    kind_name: str
    host: str
    created_at: datetime
    fetched_at: datetime | None
    last_error: str


@dataclass(frozen=True)
class CalendarProblem:
    """A calendar that could not be read just now, and whose it is."""

    person_id: int
    host: str
    reason: str


def my_busy_calendars(ctx: Context) -> list[BusyCalendarView]:
    """Return the actor's busy calendars."""
    person_id = _person_id(ctx)
    with ctx.uow() as uow:
        return [_view(row) for row in uow.busy_times.sources_of([person_id])]


def add_busy_calendar(
    ctx: Context, kind: str, url: str, username: str = "", password: str = ""
) -> BusyCalendarView:
    """Add a calendar the actor's busy times are read from (address and password sealed)."""
    person_id = _person_id(ctx)
    calendar = busy_calendar(kind, url, username, password)
    with ctx.uow() as uow:
        if len(uow.busy_times.sources_of([person_id])) >= MAX_SOURCES:
            raise Conflict(
                N_("you have %(most)s busy calendars already; remove one first"), most=MAX_SOURCES
            )
        row = BusySourceRow(
            person_id=person_id,
            kind=calendar.kind,
            url=calendar.url,
            username=calendar.username,
            password=calendar.password,
            created_at=ctx.now,
            last_error="",
        )
        uow.busy_times.add(row)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "busy_calendar.add",
            "person",
            str(person_id),
            ctx.source_address,
            detail={"kind": calendar.kind, "host": host_of(calendar.url)},
        )
        uow.commit()
        return _view(row)


def remove_busy_calendar(ctx: Context, source_id: int) -> None:
    """Remove one of the actor's busy calendars and every busy time read from it."""
    person_id = _person_id(ctx)
    with ctx.uow() as uow:
        row = uow.busy_times.locked(source_id)
        if row is None or row.person_id != person_id:
            raise NotFound(N_("you have no busy calendar with id %(id)s"), id=source_id)
        uow.busy_times.remove(row)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "busy_calendar.remove",
            "person",
            str(person_id),
            ctx.source_address,
        )
        uow.commit()


def refresh_busy_times(
    app: Collaborators, person_ids: Iterable[int], *, force: bool = False
) -> list[CalendarProblem]:
    """Read people's busy calendars that are not fresh; return the ones that failed."""
    now = app.clock.now()
    start, end = now, now + timedelta(days=SEARCH_DAYS + 1)
    with app.uow() as uow:
        uow.busy_times.remove_expired(now)
        sources = uow.busy_times.sources_of(person_ids)
        due = {
            row.id: _source(row)
            for row in sources
            if force or row.fetched_at is None or now - row.fetched_at >= FRESH_FOR
        }
        # A calendar read recently that failed then has nothing newer to say.
        problems = [
            CalendarProblem(row.person_id, host_of(row.url), row.last_error)
            for row in sources
            if row.id not in due and row.last_error
        ]
        owners = {row.id: (row.person_id, host_of(row.url)) for row in sources}
        uow.commit()
    results = _read_all(due, start, end, app)
    with app.uow() as uow:
        for source_id, result in results.items():
            row = uow.busy_times.locked(source_id)
            if row is None:
                continue  # removed while it was being read
            row.fetched_at = now
            if isinstance(result, str):
                # What it gave before still counts until it expires.
                row.last_error = result
                problems.append(CalendarProblem(*owners[source_id], result))
            else:
                row.last_error = ""
                uow.busy_times.replace_intervals(row, result, now + TRUSTED_FOR)
        uow.commit()
    return problems


def _read_all(
    due: dict[int, BusySource], start: datetime, end: datetime, app: Collaborators
) -> dict[int, list[tuple[datetime, datetime]] | str]:
    """Read every due calendar at once; a failure or a calendar too slow becomes its reason."""
    if not due:
        return {}
    allow = app.settings.calendar_fetch_allow_list()
    results: dict[int, list[tuple[datetime, datetime]] | str] = {}
    pool = ThreadPoolExecutor(max_workers=min(len(due), 8), thread_name_prefix="busy-calendar")
    futures = {
        source_id: pool.submit(fetch_busy, source, start, end, allow)
        for source_id, source in due.items()
    }
    wait(futures.values(), timeout=WAIT_AT_MOST)
    # A calendar still being read is left to finish on its own; nobody waits for it.
    pool.shutdown(wait=False, cancel_futures=True)
    for source_id, future in futures.items():
        if not future.done():
            results[source_id] = "the calendar did not answer in time"
            continue
        error = future.exception()
        if error is None:
            results[source_id] = future.result()
        elif isinstance(error, FetchError):
            results[source_id] = error.message
        else:
            # Whatever else a server's odd answer raises: a reason for its owner, not a 500.
            results[source_id] = f"the calendar could not be read ({type(error).__name__})"
    return results


def _source(row: BusySourceRow) -> BusySource:
    kind = cast(Literal["ics", "caldav"], row.kind)
    return BusySource(kind, row.url, row.username or None, row.password or None)


def _view(row: BusySourceRow) -> BusyCalendarView:
    return BusyCalendarView(
        id=row.id,
        kind=row.kind,
        kind_name=KIND_NAMES[row.kind],
        host=host_of(row.url),
        created_at=row.created_at,
        fetched_at=row.fetched_at,
        last_error=row.last_error,
    )


def _person_id(ctx: Context) -> int:
    if ctx.actor.person_id is None:
        raise Conflict(N_("your account is not linked to a person, so it has no calendars"))
    return ctx.actor.person_id
