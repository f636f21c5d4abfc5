"""Working hours: the days and hours each person meets, in their own time zone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from growpath.adapters.orm import WorkingHoursRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict
from growpath.domain.slots import WorkingHours, default_hours, working_hours
from growpath.i18n import N_
from growpath.services.context import Context


@dataclass(frozen=True)
class WorkingHoursView:
    """A person's working days (Monday is 0) and hours, in their time zone."""

    days: tuple[int, ...]
    starts: time
    ends: time
    time_zone: str
    is_default: bool


def my_working_hours(ctx: Context) -> WorkingHoursView:
    """Return the actor's working hours (Monday–Friday 9–17 until they set theirs)."""
    person_id = _person_id(ctx)
    with ctx.uow() as uow:
        hours = hours_of(uow, [person_id])[person_id]
        stored = person_id in uow.working_hours.of_people([person_id])
        return _view(hours, is_default=not stored)


def set_working_hours(
    ctx: Context, days: Iterable[int], starts: time, ends: time
) -> WorkingHoursView:
    """Set the actor's working days and hours, read in their profile's time zone."""
    person_id = _person_id(ctx)
    with ctx.uow() as uow:
        person = uow.people.get(person_id, with_skills=False)
        if person is None:
            raise Conflict(N_("your account is not linked to a person in the directory"))
        hours = working_hours(days, starts, ends, person.timezone)
        values = {
            "days": "".join(str(day) for day in sorted(hours.days)),
            "starts_minute": hours.starts.hour * 60 + hours.starts.minute,
            "ends_minute": hours.ends.hour * 60 + hours.ends.minute,
            "updated_at": ctx.now,
        }
        row = uow.working_hours.of_people([person_id]).get(person_id)
        if row is None:
            uow.working_hours.add(WorkingHoursRow(person_id=person_id, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "working_hours.update",
            "person",
            str(person_id),
            ctx.source_address,
        )
        uow.commit()
        return _view(hours, is_default=False)


def hours_of(uow: UnitOfWork, person_ids: Iterable[int]) -> dict[int, WorkingHours]:
    """Return each person's working hours in their own zone, the default where none are set."""
    ids = list(person_ids)
    stored = uow.working_hours.of_people(ids)
    zones = uow.working_hours.time_zones(ids)
    result = {}
    for person_id in ids:
        zone = zones.get(person_id, "UTC")
        row = stored.get(person_id)
        result[person_id] = (
            WorkingHours(
                frozenset(int(day) for day in row.days),
                _time(row.starts_minute),
                _time(row.ends_minute),
                zone,
            )
            if row
            else default_hours(zone)
        )
    return result


def _time(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _view(hours: WorkingHours, *, is_default: bool) -> WorkingHoursView:
    return WorkingHoursView(
        tuple(sorted(hours.days)), hours.starts, hours.ends, hours.time_zone, is_default
    )


def _person_id(ctx: Context) -> int:
    if ctx.actor.person_id is None:
        raise Conflict(N_("your account is not linked to a person, so it has no working hours"))
    return ctx.actor.person_id
