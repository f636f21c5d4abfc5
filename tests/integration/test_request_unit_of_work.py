"""A request's unit of work: opened by the login lookup, lent once to its first use case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from threading import Barrier

import pytest
from sqlalchemy import event, select

from growpath.adapters.orm import PersonRow
from growpath.adapters.unit_of_work import RequestUnitOfWork
from growpath.bootstrap import Growpath
from growpath.services.context import Context, operator_context

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def endings(app: Growpath) -> Iterator[list[str]]:
    """The pool check-outs and transaction endings the app's engine saw, in order."""
    seen: list[str] = []

    def checkout(*_args: object) -> None:
        seen.append("checkout")

    def commit(_connection: object) -> None:
        seen.append("commit")

    def rollback(_connection: object) -> None:
        seen.append("rollback")

    listeners: dict[str, Callable[..., None]] = {
        "checkout": checkout,
        "commit": commit,
        "rollback": rollback,
    }
    for name, listener in listeners.items():
        event.listen(app.engine, name, listener)
    try:
        yield seen
    finally:
        for name, listener in listeners.items():
            event.remove(app.engine, name, listener)


def _request(app: Growpath) -> tuple[RequestUnitOfWork, Context]:
    """A request's unit of work after its login lookup read, and a context holding it."""
    held = app.request_uow()
    held.open().session.scalar(select(PersonRow.id).limit(1))
    return held, replace(operator_context(app), request_uow=held)


def _emails(app: Growpath) -> list[str]:
    with app.uow() as uow:
        return list(uow.session.scalars(select(PersonRow.email).order_by(PersonRow.email)))


def _add(ctx: Context, email: str, *, commit: bool) -> None:
    with ctx.uow() as uow:
        uow.session.add(PersonRow(email=email, name=email, created_at=NOW, updated_at=NOW))
        uow.session.flush()
        if commit:
            uow.commit()


def test_the_first_use_case_goes_on_in_the_lookups_transaction(
    app: Growpath, endings: list[str]
) -> None:
    held, ctx = _request(app)
    with ctx.uow() as uow:
        assert uow is held
        uow.session.scalar(select(PersonRow.id).limit(1))
    held.finish(failed=False)
    # One check-out, one transaction for the lookup and the use case; it only read.
    assert endings == ["checkout", "commit"]


def test_a_use_case_inside_the_first_and_one_after_it_get_fresh_units_of_work(
    app: Growpath,
) -> None:
    held, ctx = _request(app)
    with ctx.uow() as first:
        with ctx.uow() as inner:
            assert inner is not held
            assert inner.session is not first.session
    with ctx.uow() as after:
        assert after is not held
    held.finish(failed=False)


def test_what_the_first_use_case_did_not_commit_is_discarded(app: Growpath) -> None:
    held, ctx = _request(app)
    _add(ctx, "uncommitted@example.com", commit=False)
    _add(ctx, "committed@example.com", commit=True)
    held.finish(failed=False)
    assert _emails(app) == ["committed@example.com"]


def test_the_first_use_case_commits_for_good(app: Growpath) -> None:
    held, ctx = _request(app)
    _add(ctx, "ada@example.com", commit=True)
    held.finish(failed=True)  # the handler failed after the use case committed
    assert _emails(app) == ["ada@example.com"]


def test_a_request_no_use_case_took_over_ends_its_lookup(app: Growpath, endings: list[str]) -> None:
    held, _ctx = _request(app)
    assert held.is_open
    held.finish(failed=False)
    assert not held.is_open
    assert endings == ["checkout", "commit"]
    held.finish(failed=False)  # ending twice does nothing more
    assert endings == ["checkout", "commit"]


def test_a_failed_request_rolls_its_lookup_back(app: Growpath, endings: list[str]) -> None:
    held, _ctx = _request(app)
    held.finish(failed=True)
    assert endings == ["checkout", "rollback"]


def test_the_connection_goes_back_to_the_pool_whichever_way_the_request_ends(
    app: Growpath,
) -> None:
    before = app.engine.pool.checkedout()  # type: ignore[attr-defined]
    held, ctx = _request(app)
    with pytest.raises(ValueError, match="the use case failed"), ctx.uow():
        raise ValueError("the use case failed")
    held.finish(failed=True)
    unused, _ = _request(app)
    unused.finish(failed=False)
    assert app.engine.pool.checkedout() == before  # type: ignore[attr-defined]


def test_a_request_unit_of_work_opens_once_and_is_entered_only_when_lent(app: Growpath) -> None:
    held = app.request_uow()
    with pytest.raises(RuntimeError, match="entered once"), held:
        pass
    held.open()
    with pytest.raises(RuntimeError, match="opens once"):
        held.open()
    held.finish(failed=False)
    assert held.lend() is None


def test_threads_of_one_request_asking_at_once_get_the_request_unit_of_work_once(
    app: Growpath,
) -> None:
    held, _ctx = _request(app)
    start = Barrier(8)

    def ask(_: int) -> bool:
        start.wait()
        return held.lend() is held

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sum(pool.map(ask, range(8))) == 1
    with held:
        pass
