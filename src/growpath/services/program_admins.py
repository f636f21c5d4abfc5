"""Who administers a program: organisation admins name them, and whoever creates one is one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.people import normalise_email
from growpath.i18n import N_
from growpath.services.access import access_administered_program
from growpath.services.context import Context


@dataclass(frozen=True)
class ProgramAdminView:
    """An account that administers a program."""

    user_id: int
    email: str


def grant_program_admin(uow: UnitOfWork, ctx: Context, program_id: int, user_id: int) -> None:
    """Make an account an administrator of a program, audited, inside a unit of work."""
    if uow.program_admins.grant(user_id, program_id):
        _audit(uow, ctx, "program.admin_grant", program_id, user_id)


def list_program_admins(ctx: Context, program_id: int) -> Sequence[ProgramAdminView]:
    """Return the accounts administering a program (its administrators and org admins)."""
    with ctx.uow() as uow:
        access_administered_program(
            uow,
            ctx,
            program_id,
            N_("only an administrator of this program may see who administers a program"),
        )
        return _views(uow, program_id)


def change_program_admins(
    ctx: Context, program_id: int, add: Sequence[str] = (), remove: Sequence[str] = ()
) -> Sequence[ProgramAdminView]:
    """Name some administrators of a program and take others off, all or nothing (org admins)."""
    ctx.require_org_admin(
        N_("only an organisation administrator may name a program's administrators")
    )
    with ctx.uow() as uow:
        access_administered_program(
            uow,
            ctx,
            program_id,
            N_("only an administrator of this program may name a program's administrators"),
        )
        added, removed = _accounts(uow, add, "add"), _accounts(uow, remove, "remove")
        for user_id in added:
            grant_program_admin(uow, ctx, program_id, user_id)
        for user_id in removed:
            if uow.program_admins.revoke(user_id, program_id):
                _audit(uow, ctx, "program.admin_revoke", program_id, user_id)
        uow.commit()
        return _views(uow, program_id)


def set_program_admins(
    ctx: Context, program_id: int, emails: Sequence[str]
) -> Sequence[ProgramAdminView]:
    """Make exactly these accounts the program's administrators (organisation admins)."""
    ctx.require_org_admin(
        N_("only an organisation administrator may name a program's administrators")
    )
    with ctx.uow() as uow:
        access_administered_program(
            uow,
            ctx,
            program_id,
            N_("only an administrator of this program may name a program's administrators"),
        )
        wanted = set(_accounts(uow, emails, "emails"))
        current = {user_id for user_id, _ in uow.program_admins.of_program(program_id)}
        for user_id in sorted(wanted - current):
            grant_program_admin(uow, ctx, program_id, user_id)
        for user_id in sorted(current - wanted):
            uow.program_admins.revoke(user_id, program_id)
            _audit(uow, ctx, "program.admin_revoke", program_id, user_id)
        uow.commit()
        return _views(uow, program_id)


def _accounts(uow: UnitOfWork, emails: Sequence[str], field: str) -> list[int]:
    """Return the ids of the active accounts with these e-mails; refuse naming each unknown."""
    ids, problems = [], []
    for email in emails:
        try:
            user = uow.users.by_email(normalise_email(email))
        except ValueError as exc:
            problems.append(Problem(str(exc), field))
            continue
        if user is None or not user.is_active:
            problems.append(
                Problem.of(
                    N_("no account has the e-mail %(email)s; give them a login first"),
                    field,
                    email=email,
                )
            )
        else:
            ids.append(user.id)
    if problems:
        raise InvalidInput(problems)
    return ids


def _views(uow: UnitOfWork, program_id: int) -> list[ProgramAdminView]:
    rows = uow.program_admins.of_program(program_id)
    return [ProgramAdminView(user_id, email) for user_id, email in rows]


def _audit(uow: UnitOfWork, ctx: Context, action: str, program_id: int, user_id: int) -> None:
    uow.audit.record(
        ctx.now,
        ctx.actor_user_id,
        action,
        "program",
        str(program_id),
        ctx.source_address,
        detail={"user_id": user_id},
    )
