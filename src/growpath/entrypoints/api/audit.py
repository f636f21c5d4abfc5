"""API route for the audit trail (organisation admins, read only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import ERRORS
from growpath.services import audit
from growpath.services.audit import AuditEventView

router = APIRouter(prefix="/api/v1", tags=["audit"], responses=ERRORS)


@router.get("/audit", response_model=list[AuditEventView])
def query_audit(
    ctx: CurrentContext,
    action: Annotated[str | None, Query(max_length=64, description="Action prefix")] = None,
    actor_email: Annotated[str | None, Query(max_length=320)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    outcome: Annotated[str | None, Query(pattern="^(allowed|denied)$")] = None,
    limit: Annotated[int, Query(ge=1, le=audit.MAX_EVENTS)] = 100,
) -> list[AuditEventView]:
    """Query the audit trail, newest first; the query itself is recorded."""
    return list(
        audit.query_audit(
            ctx,
            action=action,
            actor_email=actor_email,
            since=since,
            until=until,
            outcome=outcome,
            limit=limit,
        )
    )
