"""Create and run programs, from scratch or from a track template."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from growpath.adapters.orm import ProgramRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.domain.programs import STATUSES, ProgramSpec, program_spec, track_template
from growpath.i18n import N_
from growpath.services.access import (
    access_administered_program,
    administered_programs,
    administers,
)
from growpath.services.context import Context
from growpath.services.program_admins import grant_program_admin


@dataclass(frozen=True)
class ProgramView:
    """A program as people see it."""

    id: int
    name: str
    kind: str
    format: str
    track: str
    purpose: str
    status: str
    starts_on: date | None
    ends_on: date | None
    default_length_months: int
    cadence_days: int
    group_size: int | None
    eligibility: dict[str, Any]
    matching: dict[str, Any]
    manager_visibility_default: bool
    auto_confirm_slots: bool
    health_rules: dict[str, int]
    checkin_schedule: dict[str, int]
    meeting_link: str
    training_required: str
    participants: int
    guides: int

    @classmethod
    def of(cls, row: ProgramRow, participants: int = 0, guides: int = 0) -> ProgramView:
        """Read a program row into a view."""
        return cls(
            id=row.id,
            name=row.name,
            kind=row.kind,
            format=row.format,
            track=row.track,
            purpose=row.purpose,
            status=row.status,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            default_length_months=row.default_length_months,
            cadence_days=row.cadence_days,
            group_size=row.group_size,
            eligibility=dict(row.eligibility),
            matching=dict(row.matching_config),
            manager_visibility_default=row.manager_visibility_default,
            auto_confirm_slots=row.auto_confirm_slots,
            health_rules=dict(row.health_rules or {}),
            checkin_schedule=dict(row.checkin_schedule or {}),
            meeting_link=row.meeting_link,
            training_required=row.training_required,
            participants=participants,
            guides=guides,
        )


def _spec_values(spec: ProgramSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "kind": spec.kind,
        "format": spec.format,
        "purpose": spec.purpose,
        "track": spec.track,
        "starts_on": spec.starts_on,
        "ends_on": spec.ends_on,
        "default_length_months": spec.default_length_months,
        "cadence_days": spec.cadence_days,
        "group_size": spec.group_size,
        "eligibility": spec.eligibility.as_dict(),
        "matching_config": dict(spec.matching),
        "manager_visibility_default": spec.manager_visibility_default,
        "auto_confirm_slots": spec.auto_confirm_slots,
        "health_rules": dict(spec.health_rules),
        "checkin_schedule": dict(spec.checkin_schedule),
        "meeting_link": spec.meeting_link,
        "training_required": spec.training_required,
    }


def spec_of(row: ProgramRow) -> ProgramSpec:
    """Rebuild the validated spec of a stored program."""
    return program_spec({**asdict(ProgramView.of(row)), "eligibility": row.eligibility})


def load_program(uow: UnitOfWork, program_id: int) -> ProgramRow:
    """Return a program row or raise NotFound."""
    row = uow.programs.get(program_id)
    if row is None:
        raise NotFound(N_("no program with id %(id)s"), id=program_id)
    return row


def _view(uow: UnitOfWork, row: ProgramRow) -> ProgramView:
    counts = uow.programs.active_roles(row.id)
    spec_roles = ("coach", "mentor")
    guides = sum(n for role, n in counts.items() if role in spec_roles)
    return ProgramView.of(row, sum(counts.values()) - guides, guides)


def create_program(ctx: Context, fields: Mapping[str, Any]) -> ProgramView:
    """Create a program in draft; a program admin who creates one becomes its administrator."""
    ctx.require_admin(N_("only an administrator may create programs"))
    spec = program_spec(fields)
    with ctx.uow() as uow:
        if uow.programs.named(spec.name) is not None:
            raise Conflict(N_("a program named '%(name)s' already exists"), name=spec.name)
        row = ProgramRow(**_spec_values(spec), status="draft", created_at=ctx.now)
        uow.programs.add(row)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "program.create",
            "program",
            str(row.id),
            ctx.source_address,
            detail={"track": spec.track},
        )
        if not ctx.actor.is_org_admin:
            grant_program_admin(uow, ctx, row.id, ctx.actor.user_id)
        uow.commit()
        return _view(uow, row)


def create_from_template(
    ctx: Context,
    track: str,
    name: str | None = None,
    starts_on: date | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> ProgramView:
    """Create a program from a shipped track template, optionally overriding fields; its name
    and purpose start in the creator's language."""
    template = track_template(track, ctx.locale)
    fields = {k: v for k, v in template.items() if k not in ("key", "renewal", "focus_areas")}
    fields.update(track=track, name=name or template["name"], starts_on=starts_on)
    fields.update(overrides or {})
    return create_program(ctx, fields)


def update_program(ctx: Context, program_id: int, changes: Mapping[str, Any]) -> ProgramView:
    """Change some fields of a program; the rest stay as they are."""
    with ctx.uow() as uow:
        row = access_administered_program(
            uow, ctx, program_id, N_("only an administrator of this program may change programs")
        )
        current = asdict(ProgramView.of(row))
        spec = program_spec({**current, **changes})
        for key, value in _spec_values(spec).items():
            setattr(row, key, value)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "program.update",
            "program",
            str(row.id),
            ctx.source_address,
            detail={"fields": sorted(changes)},
        )
        uow.commit()
        return _view(uow, row)


def set_status(ctx: Context, program_id: int, status: str) -> ProgramView:
    """Open a program for enrolment or close it."""
    if status not in STATUSES:
        raise InvalidInput(
            [Problem.of(N_("must be one of %(choices)s"), "status", choices=", ".join(STATUSES))]
        )
    with ctx.uow() as uow:
        row = access_administered_program(
            uow,
            ctx,
            program_id,
            N_("only an administrator of this program may open or close programs"),
        )
        if row.status == "closed" and status != "closed":
            raise Conflict(
                N_("program %(id)s is closed; create a new program instead"), id=program_id
            )
        row.status = status
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            f"program.{status}",
            "program",
            str(row.id),
            ctx.source_address,
        )
        uow.commit()
        return _view(uow, row)


def list_programs(
    ctx: Context, status: str | None = None, administered: bool = False
) -> Sequence[ProgramView]:
    """List the open programs and those the actor administers (only those if administered)."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(
            [Problem.of(N_("must be one of %(choices)s"), "status", choices=", ".join(STATUSES))]
        )
    with ctx.uow() as uow:
        mine = administered_programs(uow, ctx)
        return [
            _view(uow, row)
            for row in uow.programs.listed(status)
            if (mine is None or row.id in mine) or (row.status == "open" and not administered)
        ]


def get_program(ctx: Context, program_id: int) -> ProgramView:
    """Return one program (open, or administered by the actor)."""
    with ctx.uow() as uow:
        row = load_program(uow, program_id)
        if row.status != "open" and not administers(uow, ctx, program_id):
            raise NotFound(N_("no program with id %(id)s"), id=program_id)
        return _view(uow, row)
