"""API routes for a person's own calendar feed: create or rotate, look, revoke."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import ERRORS
from growpath.services import calendar_feeds
from growpath.services.calendar_feeds import CalendarFeedView, NewCalendarFeed

router = APIRouter(prefix="/api/v1", tags=["calendar"], responses=ERRORS)


@router.get("/me/calendar-feed", response_model=CalendarFeedView)
def my_calendar_feed(ctx: CurrentContext) -> CalendarFeedView:
    """Tell whether you have a calendar feed and since when (never its URL)."""
    return calendar_feeds.my_feed(ctx)


@router.post("/me/calendar-feed", response_model=NewCalendarFeed, status_code=201)
def create_calendar_feed(ctx: CurrentContext) -> NewCalendarFeed:
    """Create your secret calendar feed URL, or replace it (the old URL stops working).

    The URL is shown in this answer only: keep it, or rotate again for a new one.
    """
    return calendar_feeds.create_feed(ctx)


@router.delete("/me/calendar-feed", status_code=204)
def revoke_calendar_feed(ctx: CurrentContext) -> Response:
    """Revoke your calendar feed: its URL stops working."""
    calendar_feeds.revoke_feed(ctx)
    return Response(status_code=204)
