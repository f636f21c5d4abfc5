"""The audit trail: append events, count and read them, without committing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from growpath.adapters.orm import AuditEventRow


class AuditTrail:
    """The append-only audit trail."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def count_denied_logins(self, source_address: str, since: datetime) -> int:
        """Return how many logins from this address were refused since a moment."""
        return (
            self.session.scalar(
                select(func.count(AuditEventRow.id)).where(
                    AuditEventRow.action == "login",
                    AuditEventRow.outcome == "denied",
                    AuditEventRow.source_address == source_address,
                    AuditEventRow.at >= since,
                )
            )
            or 0
        )

    def record(
        self,
        at: datetime,
        actor_user_id: int | None,
        action: str,
        target_type: str = "",
        target_id: str = "",
        source_address: str = "",
        outcome: str = "allowed",
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
