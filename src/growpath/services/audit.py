"""Read the audit trail (organisation admins); nothing in the product can change it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.accounts import Actor
from growpath.domain.audit import DENIED
from growpath.domain.emailed_links import without_link_tokens
from growpath.domain.errors import InvalidInput, Problem
from growpath.i18n import N_
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context

MAX_EVENTS = 1000


@dataclass(frozen=True)
class AuditEventView:
    """One recorded event: who did what to what, when, from where, and the outcome."""

    id: int
    at: datetime
    actor_email: str | None
    action: str
    target_type: str
    target_id: str
    source_address: str
    outcome: str
    detail: dict[str, Any]


def query_audit(
    ctx: Context,
    *,
    action: str | None = None,
    actor_email: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    outcome: str | None = None,
    limit: int = 100,
    before: int | None = None,
) -> Sequence[AuditEventView]:
    """Return audit events, newest first, filtered; reading the trail is itself recorded.

    ``before`` is an event id: only older events are returned, so pages follow each other
    without gaps or repeats while new events arrive.
    """
    ctx.require_org_admin(N_("only an organisation administrator may read the audit trail"))
    problems = []
    if not 1 <= limit <= MAX_EVENTS:
        problems.append(Problem.of(N_("must be 1–%(most)s"), "limit", most=MAX_EVENTS))
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            problems.append(Problem(N_("needs a time zone, e.g. 2026-05-01T00:00:00Z"), name))
    if problems:
        raise InvalidInput(problems)
    with ctx.uow() as uow:
        found = uow.audit.events(
            limit=limit,
            action=action,
            actor_email=actor_email,
            since=since,
            until=until,
            outcome=outcome,
            before=before,
        )
        events = [
            AuditEventView(
                id=e.id,
                at=e.at,
                actor_email=email,
                action=e.action,
                target_type=e.target_type,
                target_id=e.target_id,
                source_address=e.source_address,
                outcome=e.outcome,
                detail=dict(e.detail),
            )
            for e, email in found
        ]
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "audit.read",
            "audit",
            "",
            ctx.source_address,
            detail={"returned": len(events)},
        )
        uow.commit()
        return events


def record_read(
    uow: UnitOfWork, ctx: Context, action: str, target_type: str, target_id: object
) -> None:
    """Record that the actor read confidential data; the caller's unit of work commits it."""
    uow.audit.record(
        ctx.now, ctx.actor_user_id, action, target_type, str(target_id), ctx.source_address
    )


def record_denial(
    app: Growpath, actor: Actor | None, method: str, path: str, status: int, source_address: str
) -> None:
    """Record a refused request (401, 403 or 404) in a transaction of its own."""
    with app.uow() as uow:
        uow.audit.record(
            app.clock.now(),
            actor.user_id if actor and actor.user_id else None,
            "access.denied",
            "route",
            f"{method} {without_link_tokens(path)}"[:64],
            source_address,
            DENIED,
            {"status": status},
        )
        uow.commit()
