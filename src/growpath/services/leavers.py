"""People the directory says have left: every way in closes and their open proposals lapse.

A leave date comes from an HRIS import (or SCIM's deprovisioning, which closes the same
doors). It may lie in the future, so the periodic jobs close the doors on the day it comes;
an import that records a past leave date closes them in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from growpath.adapters.orm import PersonRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.audit import DENIED
from growpath.domain.errors import Conflict
from growpath.services import seats
from growpath.services.account_admin import keep_an_org_admin
from growpath.services.accounts import end_every_credential
from growpath.services.context import Context

KEPT = {"kept": "the last active organisation admin"}


@dataclass(frozen=True)
class Closed:
    """What closing one person's ways in changed."""

    account: bool
    tokens_revoked: int
    proposals_withdrawn: int


def close_every_way_in(uow: UnitOfWork, person: PersonRow, now: datetime) -> Closed:
    """Deactivate the person's account, end its credentials and withdraw open proposals."""
    user = uow.users.by_person(person.id)
    revoked = 0
    if user is not None:
        user.is_active = False
        revoked = end_every_credential(uow, user, now)
    else:
        uow.calendar_feeds.remove_of(person.id)
    withdrawn = 0
    for enrolment_id in uow.scim.enrolments_of(person.id):
        withdrawn += uow.proposals.count_open(enrolment_id)
        # A withdrawn offer frees the guide's seat it held, as a withdrawn enrolment does.
        seats.recount_seats(uow, uow.proposals.withdraw_open(enrolment_id, now))
    return Closed(user is not None, revoked, withdrawn)


def gone_from_matching(uow: UnitOfWork, today: date) -> set[int]:
    """Return the people no new pair, group or triad may take: deprovisioned by the identity
    provider, or past their leave date. Their running pairs stay until someone ends them."""
    return uow.scim.deprovisioned() | uow.people.left_by(today)


def close_leavers_in(uow: UnitOfWork, today: date, now: datetime) -> int:
    """Close the ways in of everyone whose leave date has come; return how many people."""
    leavers = uow.people.leavers_still_open(today)
    if not leavers:
        return 0
    # Locked first, as an admin's deactivation does, so the last-admin count below is true.
    uow.users.lock_org_admins()
    closed = 0
    for person in leavers:
        target = str(person.id)
        if _last_org_admin(uow, person):
            # Locking the organisation out would need a database operator to undo: the admin
            # stays, single sign-on refuses them already, and the trail says why once a day.
            if not uow.audit.count_denied_since("person.left", target, now - timedelta(days=1)):
                uow.audit.record(
                    now, None, "person.left", "person", target, outcome=DENIED, detail=KEPT
                )
            continue
        outcome = close_every_way_in(uow, person, now)
        detail = {
            "account": outcome.account,
            "tokens_revoked": outcome.tokens_revoked,
            "proposals_withdrawn": outcome.proposals_withdrawn,
        }
        uow.audit.record(now, None, "person.left", "person", target, detail=detail)
        closed += 1
    return closed


def close_leavers(ctx: Context) -> int:
    """Close the ways in of everyone whose leave date has come (the periodic jobs)."""
    with ctx.uow() as uow:
        closed = close_leavers_in(uow, ctx.now.date(), ctx.now)
        uow.commit()
    return closed


def _last_org_admin(uow: UnitOfWork, person: PersonRow) -> bool:
    user = uow.users.by_person(person.id)
    if user is None:
        return False
    try:
        keep_an_org_admin(uow, user)
    except Conflict:
        return True
    return False
