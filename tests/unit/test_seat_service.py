"""Every path that fills a guide's seats goes through services.seats: its rules, no database."""

from __future__ import annotations

from typing import cast

import pytest

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict, NotFound
from growpath.services import seats
from tests.fakes import FakeGuide, FakeUnitOfWork


def _uow(*guides: FakeGuide) -> tuple[FakeUnitOfWork, UnitOfWork]:
    fake = FakeUnitOfWork()
    fake.proposals.guides = {g.id: g for g in guides}
    # The services only call the repository methods the fake has, so it stands in for one.
    return fake, cast(UnitOfWork, fake)


def test_offering_a_pair_to_a_full_guide_is_refused_and_changes_nothing() -> None:
    guide = FakeGuide(3, "Ada Lovelace", capacity=2, running=1, offers=1, seats_taken=2)
    fake, uow = _uow(guide)
    with pytest.raises(Conflict, match="Ada Lovelace has 2 seats and 2 are already held"):
        seats.take_seats(uow, 3, 1, "offer 1 more pair")
    assert guide.seats_taken == 2
    assert fake.proposals.locked == [3]


def test_taking_seats_locks_the_guide_and_records_what_is_held() -> None:
    guide = FakeGuide(3, "Ada Lovelace", capacity=3, running=1)
    _, uow = _uow(guide)
    seats.take_seats(uow, 3, 2, "offer 2 more pairs")
    assert guide.seats_taken == 3


def test_accepting_an_offer_counts_only_running_pairs() -> None:
    # An older database left two offers for one seat: the first accepted gets it.
    guide = FakeGuide(3, "Grace Hopper", capacity=1, offers=2)
    _, uow = _uow(guide)
    seats.start_pair(uow, 3, "accept proposal 1")
    guide.running, guide.offers = 1, 1
    with pytest.raises(Conflict, match="Grace Hopper has 1 seat and 1 is already held"):
        seats.start_pair(uow, 3, "accept proposal 2")


def test_a_recount_after_a_pair_ends_frees_the_seat() -> None:
    guide = FakeGuide(3, "Ada Lovelace", capacity=2, running=2, seats_taken=2)
    _, uow = _uow(guide)
    guide.running = 1
    seats.recount_seats(uow, [3])
    assert guide.seats_taken == 1


def test_an_unknown_guide_is_not_found() -> None:
    _, uow = _uow()
    with pytest.raises(NotFound, match="no guide enrolment with id 9"):
        seats.take_seats(uow, 9, 1, "offer a pair")


def test_seats_of_an_over_full_guide_say_what_is_wrong() -> None:
    _, uow = _uow(FakeGuide(3, "Grace Hopper", capacity=1, running=2))
    (found,) = seats.seats_of(uow, [3]).values()
    assert found.open == 0 and "holds 2 seats" in found.problem()


def test_people_are_locked_once_each_in_id_order_whatever_order_a_path_names_them() -> None:
    # Two paths naming the same participant and guide in opposite orders never deadlock.
    fake, uow = _uow()
    seats.lock_enrolments(uow, [9, 2, 9, 5])
    assert fake.proposals.locked == [2, 5, 9]
