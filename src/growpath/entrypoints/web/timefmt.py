"""Moments and days as every page shows them: in the viewer's own time zone, zone named."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from jinja2 import Environment, pass_context
from jinja2.runtime import Context as TemplateContext
from markupsafe import Markup, escape

from growpath.domain.accounts import Actor
from growpath.domain.errors import NotFound
from growpath.entrypoints.http.context import app_of, client_address
from growpath.services import people
from growpath.services.context import Context


def zone_of(name: str) -> tzinfo:
    """Return the named time zone, or UTC when the name is empty or unknown."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def when(moment: datetime, zone: str) -> str:
    """Say a moment in the reader's time zone, e.g. "Tue 6 Jan 2026, 10:00 Europe/Berlin"."""
    where = zone_of(zone)
    local = moment.astimezone(where)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {zone if where is not UTC else 'UTC'}"


def day_text(value: date) -> str:
    """Say a day the one way pages do, e.g. "6 Jan 2026"."""
    return f"{value.day} {value:%b %Y}"


def viewer_zone(request: Request, actor: Actor | None) -> str:
    """Return the time zone of the person viewing the page; "" (UTC) when they have none."""
    cached = getattr(request.state, "viewer_zone", None)
    if isinstance(cached, str):
        return cached
    zone = ""
    if actor is not None and actor.person_id is not None:
        ctx = Context(app=app_of(request), actor=actor, source_address=client_address(request))
        try:
            zone = people.get_person(ctx, actor.person_id).timezone
        except NotFound:
            # An erased profile still has an account until it is closed: it reads UTC.
            zone = ""
    # A page prints many times; its viewer's zone is read once.
    request.state.viewer_zone = zone
    return zone


def _zone_in(context: TemplateContext) -> str:
    request = context.get("request")
    if not isinstance(request, Request):
        return ""
    actor = context.get("actor")
    return viewer_zone(request, actor if isinstance(actor, Actor) else None)


@pass_context
def moment_tag(context: TemplateContext, moment: datetime) -> Markup:
    """Show a moment in the viewer's time zone, as a <time> element machines can read."""
    text = when(moment, _zone_in(context))
    return Markup('<time datetime="{}">{}</time>').format(moment.isoformat(), escape(text))


@pass_context
def day_tag(context: TemplateContext, value: date) -> Markup:
    """Show a day (a moment's day in the viewer's time zone) as a <time> element."""
    if isinstance(value, datetime):
        value = value.astimezone(zone_of(_zone_in(context))).date()
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), day_text(value))


def register(environment: Environment) -> None:
    """Make moment(…) and day(…) available to every template."""
    environment.globals["moment"] = moment_tag
    environment.globals["day"] = day_tag
