"""Moments and days as every page shows them: in the viewer's own time zone, zone named, in
the page's language (Babel's CLDR patterns; growpath's own English pattern for English)."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_skeleton
from fastapi import Request
from jinja2 import Environment, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from growpath.domain.accounts import Actor
from growpath.entrypoints.http.context import app_of, client_address
from growpath.i18n import PSEUDO_LOCALE, SOURCE_LOCALE
from growpath.services import people
from growpath.services.context import Context
from growpath.template_gettext import render_locale, render_value


def zone_of(name: str) -> tzinfo:
    """Return the named time zone, or UTC when the name is empty or unknown."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def when(moment: datetime, zone: str, locale: str = SOURCE_LOCALE) -> str:
    """Say a moment in the reader's time zone and language, e.g. "Tue 6 Jan 2026, 10:00
    Europe/Berlin", "Di., 6. Jan. 2026, 10:00 Europe/Berlin"."""
    where = zone_of(zone)
    local = moment.astimezone(where)
    named = zone if where is not UTC else "UTC"
    if locale in _ENGLISH:
        return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {named}"
    # The wall-clock time, naive: aware datetimes hash by their instant, so 10:00 in Berlin
    # and 09:00 UTC would share one cached text.
    return f"{_moment_text(local.replace(tzinfo=None), locale)} {named}"


def day_text(value: date, locale: str = SOURCE_LOCALE) -> str:
    """Say a day the one way pages do, in the reader's language: "6 Jan 2026", "6. Jan. 2026"."""
    if locale in _ENGLISH:
        return f"{value.day} {value:%b %Y}"
    return _day_text(value, locale)


# Growpath's English keeps its own day-month-year order (Babel's en is American: "Jan 6");
# the pseudo-locale reads dates as English does, so only marked strings look transformed.
_ENGLISH = frozenset({SOURCE_LOCALE, PSEUDO_LOCALE})


@lru_cache(maxsize=4096)
def _day_text(value: date, locale: str) -> str:
    # A page shows the same few days many times over; CLDR's pattern lookup is not free.
    return format_skeleton(_DAY, value, locale=locale)


@lru_cache(maxsize=4096)
def _moment_text(wall_clock: datetime, locale: str) -> str:
    day = format_skeleton(_WEEKDAY_AND_DAY, wall_clock, locale=locale)
    clock = format_skeleton(_CLOCK, wall_clock, locale=locale)
    # The locale's own way of joining a date and a time ("{1}, {0}"; Portuguese "{1} {0}").
    joined: str = Locale.parse(locale).datetime_formats["medium"]
    return joined.replace("{1}", day).replace("{0}", clock)


# CLDR skeletons, which each locale turns into its own pattern: "6. Jan. 2026",
# "Di., 6. Jan. 2026", and a 24-hour clock as every shipped locale writes it.
_DAY = "yMMMd"
_WEEKDAY_AND_DAY = "yMMMEd"
_CLOCK = "Hm"


def viewer_zone(request: Request, actor: Actor | None) -> str:
    """Return the time zone of the person viewing the page; "" (UTC) when they have none."""
    cached = getattr(request.state, "viewer_zone", None)
    if isinstance(cached, str):
        return cached
    zone = ""
    if actor is not None and actor.time_zone is not None:
        zone = actor.time_zone
    elif actor is not None and actor.person_id is not None:
        # An erased profile still has an account until it is closed: it reads UTC.
        ctx = Context(app=app_of(request), actor=actor, source_address=client_address(request))
        zone = people.own_time_zone(ctx)
    # A page prints many times; its viewer's zone is read once.
    request.state.viewer_zone = zone
    return zone


def _zone_in(eval_ctx: EvalContext) -> str:
    request = render_value(eval_ctx, "request")
    if not isinstance(request, Request):
        return ""
    actor = render_value(eval_ctx, "actor")
    return viewer_zone(request, actor if isinstance(actor, Actor) else None)


@pass_eval_context
def moment_tag(eval_ctx: EvalContext, moment: datetime) -> Markup:
    """Show a moment in the viewer's time zone, as a <time> element machines can read."""
    text = when(moment, _zone_in(eval_ctx), render_locale(eval_ctx))
    # Escaped and joined by hand: Markup.format costs more than the rest of the tag, and a
    # busy page shows a hundred of them.
    machine, human = escape(moment.isoformat()), escape(text)
    return Markup(f'<time datetime="{machine}">{human}</time>')  # noqa: S704 - escaped above


@pass_eval_context
def day_tag(eval_ctx: EvalContext, value: date) -> Markup:
    """Show a day (a moment's day in the viewer's time zone) as a <time> element."""
    if isinstance(value, datetime):
        value = value.astimezone(zone_of(_zone_in(eval_ctx))).date()
    machine, human = escape(value.isoformat()), escape(day_text(value, render_locale(eval_ctx)))
    return Markup(f'<time datetime="{machine}">{human}</time>')  # noqa: S704 - escaped above


def register(environment: Environment) -> None:
    """Make moment(…) and day(…) available to every template."""
    environment.globals["moment"] = moment_tag
    environment.globals["day"] = day_tag
