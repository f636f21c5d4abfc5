"""The audit trail: append events, count and read them, without committing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Text, cast, func, or_, select, update
from sqlalchemy.orm import Session

from growpath.adapters.orm import AuditEventRow, UserRow
from growpath.domain.audit import ALLOWED, DENIED


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
        """Append one event to the trail (committed with the use case)."""
        self.session.add(
            AuditEventRow(
                at=at,
                actor_user_id=actor_user_id,
                action=action,
                target_type=target_type,
                target_id=target_id,
                source_address=source_address,
                outcome=outcome,
                detail=detail or {},
            )
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
        for event in events:
            if event.target_id in needles:
                event.target_id = pseudonym
            event.detail = _replaced(event.detail, needles, pseudonym)
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
