"""API routes for sessions, notes, actions, goals, the charter and competency ratings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from growpath.domain.goals import Growth
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.program_schemas import (
    CharterBody,
    GoalCreate,
    GoalStatusChange,
    MeasurementCreate,
    RatingCreate,
    SessionCancel,
    SessionCreate,
    SessionLog,
    SessionReschedule,
)
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import goals, guides, sessions
from growpath.services.goals import GoalView
from growpath.services.sessions import ActionView, SessionView

router = APIRouter(prefix="/api/v1", tags=["sessions and goals"], responses=ERRORS)


@router.get("/engagements/{engagement_id}/sessions", response_model=list[SessionView])
def list_sessions(engagement_id: PathId, ctx: CurrentContext) -> list[SessionView]:
    """List an engagement's sessions with themes and actions (never notes)."""
    return list(sessions.list_sessions(ctx, engagement_id))


@router.post("/engagements/{engagement_id}/sessions", response_model=SessionView, status_code=201)
def schedule(engagement_id: PathId, body: SessionCreate, ctx: CurrentContext) -> SessionView:
    """Schedule a session; its invite is at /sessions/{id}/invite.ics."""
    return sessions.schedule(
        ctx, engagement_id, body.scheduled_at, body.duration_minutes, body.location
    )


@router.get(
    "/sessions/{session_id}/invite.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def invite(session_id: PathId, ctx: CurrentContext) -> Response:
    """Download the session's calendar invite."""
    return Response(
        sessions.invite(ctx, session_id),
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="session-{session_id}.ics"'},
    )


@router.post("/sessions/{session_id}/hold", response_model=SessionView)
def hold(session_id: PathId, body: SessionLog, ctx: CurrentContext) -> SessionView:
    """Log a held session with GROW notes (shared and private), actions and themes."""
    return sessions.hold(
        ctx,
        session_id,
        shared_notes=body.shared_notes.model_dump() if body.shared_notes else None,
        private_notes=body.private_notes.model_dump() if body.private_notes else None,
        actions=[a.model_dump() for a in body.actions],
        themes=body.themes,
    )


@router.post("/sessions/{session_id}/reschedule", response_model=SessionView)
def reschedule(session_id: PathId, body: SessionReschedule, ctx: CurrentContext) -> SessionView:
    """Move a session to another time, length or place; its people get the updated invite."""
    return sessions.reschedule(
        ctx, session_id, body.scheduled_at, body.duration_minutes, body.location
    )


@router.post("/sessions/{session_id}/cancel", response_model=SessionView)
def cancel(session_id: PathId, body: SessionCancel, ctx: CurrentContext) -> SessionView:
    """Cancel a scheduled session or record a no-show."""
    return sessions.cancel(ctx, session_id, body.no_show)


@router.get("/sessions/{session_id}/notes")
def read_notes(session_id: PathId, ctx: CurrentContext) -> dict[str, Any]:
    """Read the shared notes, and your own private notes, of a session (the pair only)."""
    return sessions.read_notes(ctx, session_id)


@router.get("/engagements/{engagement_id}/actions", response_model=list[ActionView])
def open_actions(engagement_id: PathId, ctx: CurrentContext) -> list[ActionView]:
    """List the open actions for the next session to revisit."""
    return list(sessions.open_actions(ctx, engagement_id))


@router.post("/actions/{action_id}/done", response_model=ActionView)
def complete_action(action_id: PathId, ctx: CurrentContext) -> ActionView:
    """Mark an action done."""
    return sessions.complete_action(ctx, action_id)


@router.get("/engagements/{engagement_id}/goals", response_model=list[GoalView])
def list_goals(engagement_id: PathId, ctx: CurrentContext) -> list[GoalView]:
    """List an engagement's SMART goals with their KPI history."""
    return list(goals.list_goals(ctx, engagement_id))


@router.post("/engagements/{engagement_id}/goals", response_model=GoalView, status_code=201)
def add_goal(engagement_id: PathId, body: GoalCreate, ctx: CurrentContext) -> GoalView:
    """Add a SMART goal."""
    return goals.add_goal(ctx, engagement_id, body.model_dump())


@router.post("/goals/{goal_id}/measurements", response_model=GoalView, status_code=201)
def record_measurement(goal_id: PathId, body: MeasurementCreate, ctx: CurrentContext) -> GoalView:
    """Record a KPI reading."""
    return goals.record_measurement(ctx, goal_id, body.measured_on, body.value)


@router.post("/goals/{goal_id}/status", response_model=GoalView)
def set_goal_status(goal_id: PathId, body: GoalStatusChange, ctx: CurrentContext) -> GoalView:
    """Mark a goal met, not met, dropped or open."""
    return goals.set_goal_status(ctx, goal_id, body.status)


@router.put("/engagements/{engagement_id}/charter")
def set_charter(engagement_id: PathId, body: CharterBody, ctx: CurrentContext) -> dict[str, Any]:
    """Write the mentoring charter; both sides confirm it again."""
    return goals.set_charter(ctx, engagement_id, body.model_dump(exclude_none=True))


@router.post("/engagements/{engagement_id}/charter/confirm")
def confirm_charter(engagement_id: PathId, ctx: CurrentContext) -> dict[str, Any]:
    """Confirm the charter as mentee or mentor."""
    return goals.confirm_charter(ctx, engagement_id)


@router.post("/engagements/{engagement_id}/ratings", response_model=list[Growth], status_code=201)
def rate(engagement_id: PathId, body: RatingCreate, ctx: CurrentContext) -> list[Growth]:
    """Rate a competency at baseline, midpoint or final; the pair get growth so far back.

    A manager rates only a report who shares their trajectory with them, and gets an empty
    list back: the trajectory route is where consent lets them see growth.
    """
    return goals.rate(ctx, engagement_id, body.competency_key, body.phase, body.rating)


@router.get("/engagements/{engagement_id}/growth", response_model=list[Growth])
def engagement_growth(engagement_id: PathId, ctx: CurrentContext) -> list[Growth]:
    """Growth per competency and rater."""
    return goals.engagement_growth(ctx, engagement_id)


@router.get("/engagements/{engagement_id}/guide")
def conversation_guide(
    engagement_id: PathId,
    ctx: CurrentContext,
    phase: Annotated[str | None, Query(pattern="^(goal|reality|options|will)$")] = None,
) -> dict[str, Any]:
    """GROW questions and topics for the next conversation, drawn from the pair's goals."""
    return guides.conversation_guide(ctx, engagement_id, phase)
