"""Guides' seats: the one place every path that fills or frees a seat goes through."""

from __future__ import annotations

from collections.abc import Iterable

from growpath.adapters.orm import EnrolmentRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import NotFound
from growpath.domain.proposals import GuideSeats
from growpath.i18n import N_


def _locked(
    uow: UnitOfWork, guide_enrolment_id: int, with_offers: bool
) -> tuple[EnrolmentRow, GuideSeats]:
    guide = uow.proposals.lock_guide(guide_enrolment_id)
    if guide is None:
        raise NotFound(N_("no guide enrolment with id %(id)s"), id=guide_enrolment_id)
    held = uow.proposals.seats_held([guide.id], with_offers=with_offers)[guide.id]
    name = uow.proposals.people_of([guide.id])[guide.id][1]
    return guide, GuideSeats(guide_name=name, capacity=guide.capacity, held=held)


def lock_enrolments(uow: UnitOfWork, enrolment_ids: Iterable[int]) -> None:
    """Lock the participants' and guides' enrolments a path fills or frees, before it reads.

    Every path that offers, starts or ends a pair takes these locks first, all at once in id
    order: two such paths on the same person then run one after the other, and neither
    deadlocks the other.
    """
    uow.proposals.lock_enrolments(sorted(set(enrolment_ids)))


def take_seats(uow: UnitOfWork, guide_enrolment_id: int, seats: int, doing: str) -> None:
    """Hold more of a guide's seats (offers, requests); refuse past capacity, naming the guide."""
    guide, now = _locked(uow, guide_enrolment_id, with_offers=True)
    uow.proposals.store_seats(guide, now.take(seats, doing).held)


def start_pair(uow: UnitOfWork, guide_enrolment_id: int, doing: str) -> None:
    """Turn an accepted offer into a running pair; refuse if running pairs already fill it.

    The offer held its seat already, so only running pairs are counted: in older databases
    offers may outnumber seats, and then the first ones accepted get them.
    """
    _, running = _locked(uow, guide_enrolment_id, with_offers=False)
    running.take(1, doing)


def recount_seats(uow: UnitOfWork, guide_enrolment_ids: Iterable[int]) -> None:
    """Record the seats guides hold after some were freed or filled in this unit of work."""
    wanted = sorted(set(guide_enrolment_ids))
    # Locked before counting, as take_seats does, so a count never goes stale before it is kept.
    guides = [guide for g in wanted if (guide := uow.proposals.lock_guide(g)) is not None]
    held = uow.proposals.seats_held(wanted)
    for guide in guides:
        uow.proposals.store_seats(guide, held[guide.id])


def seats_of(uow: UnitOfWork, guide_enrolment_ids: Iterable[int]) -> dict[int, GuideSeats]:
    """Return guides' seats as they stand, without locking (pages and matching inputs)."""
    wanted = sorted(set(guide_enrolment_ids))
    held = uow.proposals.seats_held(wanted)
    people = uow.proposals.people_of(wanted)
    capacity = uow.proposals.capacities(wanted)
    return {
        guide: GuideSeats(people[guide][1], capacity[guide], held[guide])
        for guide in wanted
        if guide in capacity
    }
