"""The personal calendar feed at /calendar/{token}.ics, which calendar programs fetch.

No login and no CSRF token: a calendar program fetches it on its own, and the secret token in
the path is the only authority. An unknown, rotated or revoked token answers the same 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from growpath.entrypoints.http.context import app_of, client_address
from growpath.services import calendar_feeds

router = APIRouter(include_in_schema=False)


@router.get("/calendar/{feed_token}.ics")
def calendar_feed(request: Request, feed_token: str) -> Response:
    """Serve the person's sessions as an iCalendar feed."""
    body = calendar_feeds.feed_calendar(app_of(request), feed_token, client_address(request))
    return Response(
        body,
        media_type="text/calendar",
        headers={
            # The feed names people and places: no shared cache keeps it.
            "Cache-Control": "private, no-store",
            # A browser that opens the URL saves the file; calendar programs ignore this.
            "Content-Disposition": 'attachment; filename="growpath-sessions.ics"',
        },
    )
