"""Who is asking: the caller's context from a bearer token or the session cookie."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated
from weakref import WeakKeyDictionary

from anyio import Semaphore
from anyio.lowlevel import RunVar
from fastapi import Depends, Request
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from growpath.adapters.database import pool_capacity
from growpath.adapters.unit_of_work import RequestUnitOfWork, UnitOfWork
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Actor
from growpath.domain.errors import AuthenticationFailed
from growpath.i18n import N_
from growpath.services import accounts, second_factor
from growpath.services.context import Context

SESSION_USER = "user_id"
SESSION_EPOCH = "epoch"
SESSION_ID = "sid"


def app_of(request: Request) -> Growpath:
    """Return the growpath application serving this request."""
    app: Growpath = request.app.state.growpath
    return app


def client_address(request: Request) -> str:
    """Return the caller's address, for the audit trail."""
    return request.client.host if request.client else ""


def optional_actor(request: Request) -> Actor | None:
    """Return the logged-in actor from a bearer token or the session cookie, if any."""
    with app_of(request).uow() as uow:
        return _actor_in(uow, request)


def _actor_in(uow: UnitOfWork, request: Request) -> Actor | None:
    app = app_of(request)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        return accounts.actor_for_token_in(uow, app, token.strip())
    cookie = session_cookie(request)
    return accounts.actor_for_session_in(uow, app, *cookie) if cookie else None


def session_cookie(request: Request) -> tuple[int, int, str] | None:
    """Return the user id, epoch and session id the session cookie carries, if any."""
    user_id = request.session.get(SESSION_USER)
    epoch = request.session.get(SESSION_EPOCH)
    session_id = request.session.get(SESSION_ID)
    if isinstance(user_id, int) and isinstance(epoch, int) and isinstance(session_id, str):
        return user_id, epoch, session_id
    return None


@asynccontextmanager
async def _logged_in(
    request: Request, *, settled: bool, second_step: bool
) -> AsyncIterator[Context]:
    """Yield the caller's context for the handler, or refuse (401; 403 while a one-time
    password stands if settled; 403 for an admin without two-step login if second_step).

    The login lookup opens the request's unit of work and leaves its transaction open: the
    handler's first use case goes on in it (one pool check-out, one transaction). What no use
    case took over ends when the handler returns or fails, on a worker thread like the lookup
    (the database is not talked to on the event loop); when a use case took it over there is
    nothing left to end, and no second trip to a thread.
    """
    app = app_of(request)
    capacity = pool_capacity(app.engine)
    lend = capacity is None or capacity > 1
    slots = _lending_slots(app.engine, capacity) if lend and capacity is not None else None
    if slots is not None:
        await slots.acquire()
    held = app.request_uow()
    failed = True
    try:
        yield await run_in_threadpool(_context, request, held, settled, second_step, lend)
        failed = False
    finally:
        try:
            if held.is_open:
                await run_in_threadpool(held.finish, failed)
        finally:
            if slots is not None:
                slots.release()


# A request keeps its lookup's connection while it waits for a worker thread to run its
# handler on. Were every connection kept so, while every worker thread ran a lookup (or an
# anonymous page) waiting for a connection, each side would wait for the other until the pool
# gave up (a test saw it with twelve requests on two connections). One connection fewer than
# the pool lends may be kept at a time, so one is always left for whoever waits; a pool of
# one lends none (the lookup ends its transaction, as every use case's does). Per event loop
# (anyio keeps a value per loop) and per engine (its pool).
_SLOTS: RunVar[WeakKeyDictionary[Engine, Semaphore]] = RunVar("growpath_lending_slots")


def _lending_slots(engine: Engine, capacity: int) -> Semaphore:
    try:
        slots = _SLOTS.get()
    except LookupError:
        slots = WeakKeyDictionary()
        _SLOTS.set(slots)
    found = slots.get(engine)
    if found is None:
        found = slots[engine] = Semaphore(capacity - 1)
    return found


def _context(
    request: Request, held: RequestUnitOfWork, settled: bool, second_step: bool, lend: bool
) -> Context:
    actor = _actor_in(held.open(), request)
    if not lend:
        held.finish(failed=False)
    if actor is None:
        raise AuthenticationFailed(N_("log in first: send a bearer token or a session cookie"))
    if settled:
        accounts.require_password_settled(actor)
    if second_step:
        second_factor.require_second_factor(actor)
    # Imported here: language.py reads app_of from this module.
    from growpath.entrypoints.http.language import request_locale

    return Context(
        app=app_of(request),
        actor=actor,
        source_address=client_address(request),
        locale=request_locale(request, actor),
        request_uow=held,
    )


async def request_context(request: Request) -> AsyncIterator[Context]:
    """Dependency for API routes and pages: the caller's context, or 401; while a one-time
    password stands, 403 (pages: the password form) for everything but the password change;
    for an admin without two-step login (and not on SSO), 403 (pages: its set-up page)."""
    async with _logged_in(request, settled=True, second_step=True) as ctx:
        yield ctx


async def two_step_setup_context(request: Request) -> AsyncIterator[Context]:
    """Dependency for the two-step login pages: the caller's context, or 401; 403 while a
    one-time password stands."""
    async with _logged_in(request, settled=True, second_step=False) as ctx:
        yield ctx


async def password_change_context(request: Request) -> AsyncIterator[Context]:
    """Dependency for the password change itself: the caller's context, or 401."""
    async with _logged_in(request, settled=False, second_step=False) as ctx:
        yield ctx


# Handler parameters. Each ends the request's unit of work when the handler returns (scope
# "function"), before the answer is sent, not after it.
# The logged-in caller's context (anonymous callers get 401 or the login page).
CurrentContext = Annotated[Context, Depends(request_context, scope="function")]
# The same, also for an admin who must still set up two-step login.
TwoStepSetupContext = Annotated[Context, Depends(two_step_setup_context, scope="function")]
# The same, also for an account that must still replace its one-time password.
PasswordChangeContext = Annotated[Context, Depends(password_change_context, scope="function")]
# A handler parameter: the logged-in actor, or None for an anonymous visitor.
OptionalActor = Annotated[Actor | None, Depends(optional_actor)]
