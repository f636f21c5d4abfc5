"""Consent: a person chooses what their manager and their guides may see, and can take it back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from growpath.adapters.orm import ConsentRow
from growpath.adapters.unit_of_work import UnitOfWork

# Re-exported: callers name the consent they give or check through this service.
from growpath.domain.consents import KINDS
from growpath.domain.consents import LAYERING as LAYERING
from growpath.domain.consents import MANAGER_TRAJECTORY as MANAGER_TRAJECTORY
from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.i18n import N_
from growpath.services.context import Context


@dataclass(frozen=True)
class ConsentView:
    """One kind of consent and whether it is given."""

    kind: str
    description: str
    granted: bool
    granted_at: datetime | None


def has_consent(uow: UnitOfWork, person_id: int, kind: str) -> bool:
    """Whether the person has given this consent and not withdrawn it."""
    return uow.consents.is_given(person_id, kind)


def set_consent(ctx: Context, kind: str, granted: bool) -> Sequence[ConsentView]:
    """Give or withdraw one kind of consent for the actor."""
    if kind not in KINDS:
        raise InvalidInput(
            [Problem.of(N_("must be one of %(choices)s"), "kind", choices=", ".join(KINDS))]
        )
    person_id = ctx.actor.person_id
    if person_id is None:
        raise Conflict(N_("your account is not linked to a person"))
    with ctx.uow() as uow:
        active = uow.consents.active(person_id, kind)
        if granted and active is None:
            uow.consents.add(ConsentRow(person_id=person_id, kind=kind, granted_at=ctx.now))
        if not granted and active is not None:
            active.withdrawn_at = ctx.now
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            f"consent.{'grant' if granted else 'withdraw'}",
            "person",
            str(person_id),
            ctx.source_address,
            detail={"kind": kind},
        )
        uow.commit()
        return _views(uow, person_id)


def my_consents(ctx: Context) -> Sequence[ConsentView]:
    """Return every kind of consent and whether the actor gives it."""
    if ctx.actor.person_id is None:
        return [ConsentView(kind, text, False, None) for kind, text in KINDS.items()]
    with ctx.uow() as uow:
        return _views(uow, ctx.actor.person_id)


def _views(uow: UnitOfWork, person_id: int) -> list[ConsentView]:
    active = {c.kind: c.granted_at for c in uow.consents.all_active(person_id)}
    return [
        ConsentView(kind, text, kind in active, active.get(kind)) for kind, text in KINDS.items()
    ]


def forget_on_new_manager(uow: UnitOfWork, person_ids: Sequence[int], now: datetime) -> None:
    """Withdraw the trajectory consent of people whose manager changed: it named the old one."""
    for person_id in uow.consents.withdraw_kind(person_ids, MANAGER_TRAJECTORY, now):
        uow.audit.record(now, None, "consent.withdraw", "person", str(person_id), "manager-change")
