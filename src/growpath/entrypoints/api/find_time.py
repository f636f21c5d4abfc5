"""API routes for finding a time: your working hours and busy calendars, a pair's free slots,
and proposing and confirming one of them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from growpath.domain.sessions import MAX_MINUTES, MIN_MINUTES
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.find_time_schemas import (
    BusyCalendarCreate,
    SlotProposalCreate,
    WorkingHoursOut,
    WorkingHoursUpdate,
)
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import busy_calendars, find_time, working_hours
from growpath.services.busy_calendars import BusyCalendarView
from growpath.services.find_time import FreeSlots, ProposalView
from growpath.services.working_hours import WorkingHoursView

router = APIRouter(prefix="/api/v1", tags=["find a time"], responses=ERRORS)
Minutes = Annotated[int, Query(ge=MIN_MINUTES, le=MAX_MINUTES)]


@router.get("/me/working-hours", response_model=WorkingHoursOut)
def my_working_hours(ctx: CurrentContext) -> WorkingHoursView:
    """Show your working days and hours (Monday–Friday 9:00–17:00 until you set them)."""
    return working_hours.my_working_hours(ctx)


@router.put("/me/working-hours", response_model=WorkingHoursOut)
def set_working_hours(body: WorkingHoursUpdate, ctx: CurrentContext) -> WorkingHoursView:
    """Set your working days (0 is Monday) and hours, in your profile's time zone."""
    return working_hours.set_working_hours(ctx, body.days, body.starts, body.ends)


@router.get("/me/busy-calendars", response_model=list[BusyCalendarView])
def my_busy_calendars(ctx: CurrentContext) -> list[BusyCalendarView]:
    """List the calendars your busy times are read from (never their addresses)."""
    return busy_calendars.my_busy_calendars(ctx)


@router.post("/me/busy-calendars", response_model=BusyCalendarView, status_code=201)
def add_busy_calendar(body: BusyCalendarCreate, ctx: CurrentContext) -> BusyCalendarView:
    """Add a calendar to read your busy times from; its address and password are sealed."""
    return busy_calendars.add_busy_calendar(ctx, body.kind, body.url, body.username, body.password)


@router.delete("/me/busy-calendars/{busy_calendar_id}", status_code=204)
def remove_busy_calendar(busy_calendar_id: PathId, ctx: CurrentContext) -> Response:
    """Remove one of your busy calendars and the busy times read from it."""
    busy_calendars.remove_busy_calendar(ctx, busy_calendar_id)
    return Response(status_code=204)


@router.get("/engagements/{engagement_id}/slots", response_model=FreeSlots)
def free_slots(
    engagement_id: PathId, ctx: CurrentContext, duration_minutes: Minutes = 60
) -> FreeSlots:
    """Read both people's calendars and list free slots, in your time zone (the pair only)."""
    return find_time.find_slots(ctx, engagement_id, duration_minutes)


@router.post(
    "/engagements/{engagement_id}/slot-proposals", response_model=ProposalView, status_code=201
)
def propose_slot(
    engagement_id: PathId, body: SlotProposalCreate, ctx: CurrentContext
) -> ProposalView:
    """Propose a free slot to the other person; it replaces an open proposal. Where the
    program confirms slots at once, the session is scheduled and the invites go out."""
    return find_time.propose_slot(ctx, engagement_id, body.starts_at, body.duration_minutes)


@router.get("/slot-proposals/{slot_proposal_id}", response_model=ProposalView)
def get_proposal(slot_proposal_id: PathId, ctx: CurrentContext) -> ProposalView:
    """Show a proposed slot and where it stands."""
    return find_time.get_proposal(ctx, slot_proposal_id)


@router.post("/slot-proposals/{slot_proposal_id}/confirm", response_model=ProposalView)
def confirm_slot(slot_proposal_id: PathId, ctx: CurrentContext) -> ProposalView:
    """Confirm the other person's proposed slot: the session is scheduled, invites go out.

    409 if it is closed, yours, or no longer free (then ask for fresh slots).
    """
    return find_time.confirm_slot(ctx, slot_proposal_id)


@router.post("/slot-proposals/{slot_proposal_id}/decline", response_model=ProposalView)
def decline_slot(slot_proposal_id: PathId, ctx: CurrentContext) -> ProposalView:
    """Decline the other person's proposed slot."""
    return find_time.decline_slot(ctx, slot_proposal_id)


@router.post("/slot-proposals/{slot_proposal_id}/withdraw", response_model=ProposalView)
def withdraw_slot(slot_proposal_id: PathId, ctx: CurrentContext) -> ProposalView:
    """Withdraw your own proposed slot before the other person answers it (status withdrawn).

    409 if it is already confirmed, declined or replaced, or if the other person proposed it.
    """
    return find_time.withdraw_slot(ctx, slot_proposal_id)
