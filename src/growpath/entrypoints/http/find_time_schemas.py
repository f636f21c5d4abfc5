"""Schemas for finding a time: working hours, busy calendars and proposed slots."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from growpath.domain.busy_calendars import MAX_CREDENTIAL, MAX_URL
from growpath.domain.sessions import MAX_MINUTES, MIN_MINUTES


class WorkingHoursUpdate(BaseModel):
    """The days (0 is Monday) and hours you meet, in your profile's time zone."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"days": [0, 1, 2, 3], "starts": "08:30", "ends": "16:00"}]}
    )

    days: list[int] = Field(max_length=7)
    starts: time
    ends: time


class BusyCalendarCreate(BaseModel):
    """A calendar to read your busy times from: a private iCal address or a CalDAV account."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"kind": "ics", "url": "https://calendar.google.com/calendar/ical/…/basic.ics"},
                {
                    "kind": "caldav",
                    "url": "https://cloud.example.com/remote.php/dav/calendars/robin/personal/",
                    "username": "robin",
                    "password": "an app password",
                },
            ]
        }
    )

    kind: str = Field(max_length=16, description="ics or caldav")
    url: str = Field(max_length=MAX_URL)
    username: str = Field(default="", max_length=MAX_CREDENTIAL)
    password: str = Field(default="", max_length=MAX_CREDENTIAL)


class SlotProposalCreate(BaseModel):
    """A free slot to propose to the other person of the pair."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"starts_at": "2026-05-05T14:00:00Z", "duration_minutes": 60}]
        }
    )

    starts_at: datetime
    duration_minutes: int = Field(default=60, ge=MIN_MINUTES, le=MAX_MINUTES)


# A time of day in the person's own zone: JSON Schema's "time" format demands an offset
# (RFC 3339), which a working day's "09:00:00" has not; the zone is the time_zone field.
LocalTime = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$",
            "description": "a time of day in time_zone, HH:MM:SS",
        }
    ),
]


class WorkingHoursOut(BaseModel):
    """Your working days (0 is Monday) and hours, in your profile's time zone."""

    model_config = ConfigDict(from_attributes=True)

    days: list[int]
    starts: LocalTime
    ends: LocalTime
    time_zone: str
    is_default: bool
