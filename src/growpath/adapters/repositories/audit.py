"""The audit trail: append events, count and read them, without committing."""

from __future__ import annotations

import json
import typing
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Insert,
    Row,
    Table,
    Text,
    cast,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from growpath.adapters.orm import AuditEventRow, UserRow
from growpath.adapters.repositories import column_reads
from growpath.domain.audit import ALLOWED, DENIED

# Events are staged on the session and written at its commit in one INSERT: a page that
# records six reads flushed six ORM rows (inserted with RETURNING, each identity mapped),
# which cost it more CPU than any of its reads. Every count of the trail in this codebase
# runs before its use case records, so none needs the events staged beside it.
_STAGED = "growpath.audit.staged"


def write_staged_at_commit(factory: sessionmaker[Session]) -> None:
    """Make every session of this factory write its staged events when it commits."""
    event.listen(factory, "before_commit", _write_staged)
    event.listen(factory, "after_soft_rollback", _forget_staged)


def has_staged(session: Session) -> bool:
    """Whether the session holds events not yet written."""
    return bool(session.info.get(_STAGED))


# The columns an event sets, as `AuditTrail.record` stages them.
_FIELDS = (
    "at",
    "actor_user_id",
    "action",
    "target_type",
    "target_id",
    "source_address",
    "outcome",
    "detail",
)


@cache
def _insert_events(count: int) -> Insert:
    # One INSERT of a use case's events, built and compiled once per count.
    table = typing.cast(Table, AuditEventRow.__table__)
    return insert(table).values(column_reads.row_values(table, _FIELDS, count))


def _write_staged(session: Session) -> None:
    staged = session.info.pop(_STAGED, None)
    if staged:
        # Flushed first: an event may name an account this use case created.
        session.flush()
        column_reads.write_rows(session.connection(), _insert_events, _FIELDS, staged)


def _forget_staged(session: Session, previous: SessionTransaction) -> None:
    # A savepoint rolled back (a lost race inside a use case that goes on) keeps them, as the
    # flush before the savepoint kept the rows they were.
    if not previous.nested:
        session.info.pop(_STAGED, None)


class AuditTrail:
    """The append-only audit trail."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def count_denied_logins(
        self, source_address: str, since: datetime, target_id: str | None = None
    ) -> int:
        """Return how many logins from this address (to this account, if given) were refused
        since a moment."""
        query = select(func.count(AuditEventRow.id)).where(
            AuditEventRow.action == "login",
            AuditEventRow.outcome == DENIED,
            AuditEventRow.source_address == source_address,
            AuditEventRow.at >= since,
        )
        if target_id is not None:
            query = query.where(AuditEventRow.target_id == target_id)
        return self.session.scalar(query) or 0

    def count_denied_since(self, action: str, target_id: str, since: datetime) -> int:
        """Return how many events of an action on this target were refused since a moment."""
        return (
            self.session.scalar(
                select(func.count(AuditEventRow.id)).where(
                    AuditEventRow.action == action,
                    AuditEventRow.outcome == DENIED,
                    AuditEventRow.target_id == target_id,
                    AuditEventRow.at >= since,
                )
            )
            or 0
        )

    def last_login_at(self, source_address: str, target_id: str) -> datetime | None:
        """Return when this account last logged in successfully from this address."""
        return self.session.scalar(
            select(func.max(AuditEventRow.at)).where(
                AuditEventRow.action == "login",
                AuditEventRow.outcome == ALLOWED,
                AuditEventRow.source_address == source_address,
                AuditEventRow.target_id == target_id,
            )
        )

    def events(
        self,
        *,
        limit: int,
        action: str | None = None,
        actor_email: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        outcome: str | None = None,
        before: int | None = None,
    ) -> Sequence[Row[AuditEventRow, str | None]]:
        """Return up to limit events with their actor's e-mail, newest first, filtered."""
        query = (
            select(AuditEventRow, UserRow.email)
            .outerjoin(UserRow, UserRow.id == AuditEventRow.actor_user_id)
            .order_by(AuditEventRow.id.desc())
            .limit(limit)
        )
        if action:
            query = query.where(AuditEventRow.action.startswith(action))
        if actor_email:
            query = query.where(UserRow.email == actor_email.strip().lower())
        if since:
            query = query.where(AuditEventRow.at >= since)
        if until:
            query = query.where(AuditEventRow.at < until)
        if outcome:
            query = query.where(AuditEventRow.outcome == outcome)
        if before is not None:
            query = query.where(AuditEventRow.id < before)
        return self.session.execute(query).all()

    def record(
        self,
        at: datetime,
        actor_user_id: int | None,
        action: str,
        target_type: str = "",
        target_id: str = "",
        source_address: str = "",
        outcome: str = ALLOWED,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one event to the trail, written when the use case commits (and discarded
        with it if it does not)."""
        if not self.session.in_transaction():
            # Begun, so that a rollback before any statement still discards the event.
            self.session.begin()
        self.session.info.setdefault(_STAGED, []).append(
            {
                "at": at,
                "actor_user_id": actor_user_id,
                "action": action,
                "target_type": target_type,
                "target_id": target_id,
                "source_address": source_address,
                "outcome": outcome,
                "detail": detail or {},
            }
        )

    def count_since(self, action: str, source_address: str, since: datetime) -> int:
        """Return how many events of an action came from this address since a moment."""
        return (
            self.session.scalar(
                select(func.count(AuditEventRow.id)).where(
                    AuditEventRow.action == action,
                    AuditEventRow.source_address == source_address,
                    AuditEventRow.at >= since,
                )
            )
            or 0
        )

    def pseudonymise(self, words: Iterable[str], pseudonym: str, actor_user_id: int | None) -> int:
        """Replace words (an erased person's e-mail, name) by pseudonym in every event's target
        and detail, and forget the addresses the person acted from; return events changed."""
        needles = sorted({word for word in words if word}, key=len, reverse=True)
        # Details are JSON: a name outside ASCII is stored escaped; look for both spellings.
        spellings = {s for n in needles for s in (n, json.dumps(n)[1:-1])}
        detail = cast(AuditEventRow.detail, Text)
        events = self.session.scalars(
            select(AuditEventRow).where(
                or_(
                    AuditEventRow.target_id.in_(needles),
                    *(detail.contains(spelling, autoescape=True) for spelling in spellings),
                )
            )
        ).all()
        for row in events:
            if row.target_id in needles:
                row.target_id = pseudonym
            row.detail = _replaced(row.detail, needles, pseudonym)
        # Events this use case staged and has not written yet are about the person too.
        for staged in self.session.info.get(_STAGED, []):
            if staged["target_id"] in needles:
                staged["target_id"] = pseudonym
            staged["detail"] = _replaced(staged["detail"], needles, pseudonym)
            if actor_user_id is not None and staged["actor_user_id"] == actor_user_id:
                staged["source_address"] = ""
        if actor_user_id is not None:
            self.session.execute(
                update(AuditEventRow)
                .where(AuditEventRow.actor_user_id == actor_user_id)
                .values(source_address="")
                .execution_options(synchronize_session=False)
            )
        return len(events)


def _replaced(value: Any, needles: Sequence[str], pseudonym: str) -> Any:
    """Return value (a JSON document) with every needle in its strings replaced."""
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, pseudonym)
        return value
    if isinstance(value, dict):
        return {
            _replaced(key, needles, pseudonym): _replaced(item, needles, pseudonym)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_replaced(item, needles, pseudonym) for item in value]
    return value
