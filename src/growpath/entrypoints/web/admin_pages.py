"""Admins' pages: the overview and the audit view (people import: import_pages)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from growpath.domain.errors import Problem
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import MAX_RECORD_ID
from growpath.entrypoints.web.form_fields import form_date
from growpath.entrypoints.web.rendering import render
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_
from growpath.services import audit, health, practice, programs

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
AUDIT_PAGE_SIZE = 50


@router.get("/admin")
def overview(request: Request, ctx: CurrentContext) -> Response:
    """Show the programs the admin administers with their status and counts, and the tools."""
    pulse = health.program_pulse(ctx)
    return render(
        request,
        "admin/overview.html",
        {
            "actor": ctx.actor,
            "programs": programs.list_programs(ctx, administered=True),
            "pulse": pulse,
            # Managers are the organisation's, not a program's: organisation admins see them.
            "adoption": practice.adoption_report(ctx) if ctx.actor.is_org_admin else [],
            "k": ctx.app.settings.report_min_group,
        },
    )


@router.get("/admin/audit")
def audit_view(
    request: Request,
    ctx: CurrentContext,
    actor: Annotated[str, Query(max_length=320)] = "",
    action: Annotated[str, Query(max_length=64)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
    outcome: Annotated[str, Query(pattern="^(|allowed|denied)$")] = "",
    before: Annotated[int | None, Query(ge=1, le=MAX_RECORD_ID)] = None,
) -> Response:
    """Show the audit trail, newest first, filtered by actor, action, dates and outcome."""
    ctx.require_org_admin(N_("only an organisation administrator may read the audit trail"))
    filters = {
        "actor": actor,
        "action": action,
        "since": since,
        "until": until,
        "outcome": outcome,
    }
    problems: list[Problem] = []
    first, last = form_date(since, "since", problems), form_date(until, "until", problems)
    context = {"actor": ctx.actor, "filters": filters, "problems": problems}
    if problems:
        return render(request, "admin/audit.html", {**context, "events": []}, status_code=422)
    # One more than a page tells whether an older page exists.
    events = audit.query_audit(
        ctx,
        action=action or None,
        actor_email=actor or None,
        since=datetime.combine(first, time(), UTC) if first else None,
        until=datetime.combine(last + timedelta(days=1), time(), UTC) if last else None,
        outcome=outcome or None,
        limit=AUDIT_PAGE_SIZE + 1,
        before=before,
    )
    shown = list(events[:AUDIT_PAGE_SIZE])
    older = shown[-1].id if len(events) > AUDIT_PAGE_SIZE else None
    return render(
        request,
        "admin/audit.html",
        {**context, "events": shown, "older": older, "paged": before is not None},
    )
