"""One's availability: working hours, and the calendars busy times are read from."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.busy_calendars import CALDAV, ICS, MAX_CREDENTIAL, MAX_URL
from growpath.domain.errors import InvalidInput, NotFound, Problem
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.confirmation import Confirmation, ask, is_confirmed
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_
from growpath.services import busy_calendars, working_hours
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Short = Annotated[str, Form(max_length=200)]
Days = Annotated[list[str], Form(max_length=7)]
PAGE = "/account/availability"
# The page's words for growpath.domain.slots.WEEKDAYS and busy_calendars.KIND_NAMES, in order.
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
KIND_NAMES = {ICS: N_("private iCal address"), CALDAV: N_("CalDAV account")}


def _page(
    request: Request,
    ctx: Context,
    failed: str = "",
    values: dict[str, Any] | None = None,
    problems: list[Problem] | None = None,
) -> Response:
    hours = working_hours.my_working_hours(ctx)
    tr = translator(request, ctx.actor)
    shown = {
        "days": [str(day) for day in hours.days],
        "starts": f"{hours.starts:%H:%M}",
        "ends": f"{hours.ends:%H:%M}",
        "kind": "ics",
    }
    return render(
        request,
        "account/availability.html",
        {
            "hours": hours,
            "weekdays": [(number, tr(name)) for number, name in enumerate(WEEKDAYS)],
            "calendars": busy_calendars.my_busy_calendars(ctx),
            "kinds": [(kind, tr(name)) for kind, name in KIND_NAMES.items()],
            "kind_names": {kind: tr(name) for kind, name in KIND_NAMES.items()},
            "failed": failed,
            "values": {**shown, **(values or {})},
            "problems": problems or [],
        },
        status_code=422 if problems else 200,
    )


@router.get(PAGE)
def availability(request: Request, ctx: CurrentContext) -> Response:
    """Show one's working hours and busy calendars, with the forms to change them."""
    return _page(request, ctx)


@router.post("/account/working-hours")
def set_working_hours(
    request: Request,
    ctx: CurrentContext,
    starts: Short = "",
    ends: Short = "",
    days: Days = [],  # noqa: B006 - FastAPI copies form defaults per request
) -> Response:
    """Save one's working days and hours, or show the form again with each problem named."""
    problems: list[Problem] = []
    start, end = _time(starts, "starts", problems), _time(ends, "ends", problems)
    chosen = [int(day) for day in days if day.isdigit()]
    values = {"days": days, "starts": starts, "ends": ends}
    if start is None or end is None:
        return _page(request, ctx, "hours", values, problems)
    try:
        working_hours.set_working_hours(ctx, chosen, start, end)
    except InvalidInput as exc:
        return _page(request, ctx, "hours", values, problems_of(exc))
    tr = translator(request, ctx.actor)
    return see_other(request, PAGE, tr("Your working hours are saved."))


@router.post("/account/busy-calendars")
def add_busy_calendar(
    request: Request,
    ctx: CurrentContext,
    kind: Short = "",
    url: Annotated[str, Form(max_length=MAX_URL)] = "",
    username: Annotated[str, Form(max_length=MAX_CREDENTIAL)] = "",
    password: Annotated[str, Form(max_length=MAX_CREDENTIAL)] = "",
) -> Response:
    """Add a calendar to read one's busy times from."""
    try:
        added = busy_calendars.add_busy_calendar(ctx, kind, url, username, password)
    except InvalidInput as exc:
        # The address and password are not shown again: they are secrets, typed once.
        return _page(
            request, ctx, "calendar", {"kind": kind, "username": username}, problems_of(exc)
        )
    tr = translator(request, ctx.actor)
    message = tr(
        "Your %(kind)s at %(host)s is added; it is read when you look for a time.",
        kind=tr(KIND_NAMES[added.kind]),
        host=added.host,
    )
    return see_other(request, PAGE, message)


def _removing(request: Request, ctx: Context, busy_calendar_id: int) -> Confirmation:
    calendar = next(
        (c for c in busy_calendars.my_busy_calendars(ctx) if c.id == busy_calendar_id), None
    )
    if calendar is None:
        raise NotFound(N_("you have no busy calendar with id %(id)s"), id=busy_calendar_id)
    tr = translator(request, ctx.actor)
    kind = tr(KIND_NAMES[calendar.kind])
    return Confirmation(
        title=tr("Remove this calendar?"),
        consequences=[
            tr("Your %(kind)s at %(host)s is no longer read.", kind=kind, host=calendar.host),
            tr("The busy times read from it are deleted; times it holds may be proposed again."),
            tr("To read it again, add its address once more."),
        ],
        action=f"/account/busy-calendars/{busy_calendar_id}/remove",
        button=tr("Remove the calendar"),
        back=PAGE,
    )


@router.get("/account/busy-calendars/{busy_calendar_id}/remove")
def ask_to_remove(request: Request, ctx: CurrentContext, busy_calendar_id: PathId) -> Response:
    """Ask before removing a busy calendar, naming it."""
    return ask(request, _removing(request, ctx, busy_calendar_id))


@router.post("/account/busy-calendars/{busy_calendar_id}/remove")
def remove_busy_calendar(
    request: Request, ctx: CurrentContext, busy_calendar_id: PathId, confirm: Short = ""
) -> Response:
    """Remove a busy calendar, once confirmed."""
    if not is_confirmed(confirm):
        return ask(request, _removing(request, ctx, busy_calendar_id))
    busy_calendars.remove_busy_calendar(ctx, busy_calendar_id)
    tr = translator(request, ctx.actor)
    return see_other(request, PAGE, tr("The calendar is removed."))


def _time(raw: str, name: str, problems: list[Problem]) -> time | None:
    try:
        return time.fromisoformat(raw.strip())
    except ValueError:
        problems.append(Problem.of(N_("must be a time of day, e.g. 09:00"), name))
        return None
