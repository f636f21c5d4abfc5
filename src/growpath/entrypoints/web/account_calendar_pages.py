"""The page where a person creates, rotates or revokes their personal calendar feed."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.web.rendering import render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.services import calendar_feeds

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])


@router.get("/account/calendar")
def calendar_page(request: Request, ctx: CurrentContext) -> Response:
    """Show whether the person has a calendar feed, with the buttons to change it."""
    feed = calendar_feeds.my_feed(ctx)
    return render(request, "account/calendar.html", {"feed": feed, "url": ""})


@router.post("/account/calendar")
def create_feed(request: Request, ctx: CurrentContext) -> Response:
    """Create or rotate the feed and show its URL, this once."""
    created = calendar_feeds.create_feed(ctx)
    feed = calendar_feeds.CalendarFeedView(True, created.created_at)
    # Rendered, not redirected: a flash message would carry the secret URL in the cookie.
    response = render(request, "account/calendar.html", {"feed": feed, "url": created.url})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/account/calendar/revoke")
def revoke_feed(request: Request, ctx: CurrentContext) -> Response:
    """Revoke the feed: calendar programs subscribed to it get nothing more."""
    revoked = calendar_feeds.revoke_feed(ctx)
    message = "Your calendar feed is revoked." if revoked else "You had no calendar feed."
    return see_other(request, "/account/calendar", message)
