"""The page where a person creates, rotates or revokes their personal calendar feed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.errors import InvalidInput
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.services import calendar_feeds, meeting_links
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
# Longer than the service allows, so that a long address gets its reason next to the field.
RoomUrl = Annotated[str, Form(max_length=4000)]


def _page(
    request: Request, ctx: Context, url: str = "", room: str | None = None, problems: Any = ()
) -> Response:
    feed = calendar_feeds.my_feed(ctx)
    saved = meeting_links.my_meeting_room(ctx)
    context = {
        "feed": feed,
        "url": url,
        "has_profile": saved is not None,
        "room": saved if room is None else room,
        "problems": list(problems),
    }
    return render(request, "account/calendar.html", context, status_code=422 if problems else 200)


@router.get("/account/calendar")
def calendar_page(request: Request, ctx: CurrentContext) -> Response:
    """Show whether the person has a calendar feed, with the buttons to change it."""
    return _page(request, ctx)


@router.post("/account/calendar")
def create_feed(request: Request, ctx: CurrentContext) -> Response:
    """Create or rotate the feed and show its URL, this once."""
    created = calendar_feeds.create_feed(ctx)
    # Rendered, not redirected: a flash message would carry the secret URL in the cookie.
    response = _page(request, ctx, url=created.url)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/account/calendar/revoke")
def revoke_feed(request: Request, ctx: CurrentContext) -> Response:
    """Revoke the feed: calendar programs subscribed to it get nothing more."""
    revoked = calendar_feeds.revoke_feed(ctx)
    tr = translator(request, ctx.actor)
    message = tr("Your calendar feed is revoked.") if revoked else tr("You had no calendar feed.")
    return see_other(request, "/account/calendar", message)


@router.post("/account/meeting-room")
def save_meeting_room(
    request: Request, ctx: CurrentContext, meeting_room_url: RoomUrl = ""
) -> Response:
    """Save (or clear) one's own meeting room, for programs whose pairs meet in the guide's room."""
    try:
        saved = meeting_links.set_my_meeting_room(ctx, meeting_room_url)
    except InvalidInput as exc:
        return _page(request, ctx, room=meeting_room_url, problems=problems_of(exc))
    tr = translator(request, ctx.actor)
    message = tr("Your meeting room is saved.") if saved else tr("Your meeting room is cleared.")
    return see_other(request, "/account/calendar", message)
