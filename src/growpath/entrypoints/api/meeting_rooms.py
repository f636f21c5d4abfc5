"""API routes for a guide's own meeting room, written into invites where the program says so."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from growpath.domain.errors import Conflict
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import ERRORS
from growpath.services import meeting_links


class MeetingRoom(BaseModel):
    """The address of one's own Zoom, Teams or Meet room ("" for none)."""

    url: str = Field(
        max_length=4000,
        description="An https:// address such as https://zoom.us/j/123456789, or empty",
    )


router = APIRouter(prefix="/api/v1", tags=["calendar"], responses=ERRORS)


@router.get("/me/meeting-room", response_model=MeetingRoom)
def my_meeting_room(ctx: CurrentContext) -> MeetingRoom:
    """Show the address of your own meeting room."""
    url = meeting_links.my_meeting_room(ctx)
    if url is None:
        raise Conflict(meeting_links.NO_PROFILE)
    return MeetingRoom(url=url)


@router.put("/me/meeting-room", response_model=MeetingRoom)
def set_meeting_room(body: MeetingRoom, ctx: CurrentContext) -> MeetingRoom:
    """Set your own meeting room (or clear it with ""), for programs that use the guide's room."""
    return MeetingRoom(url=meeting_links.set_my_meeting_room(ctx, body.url))
