"""In-memory stand-ins for the unit of work's repositories, for service tests without a database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import TracebackType


@dataclass
class FakeGuide:
    """A guide's enrolment as the seat rules see it: capacity, running pairs, open offers."""

    id: int
    name: str
    capacity: int
    running: int = 0
    offers: int = 0
    seats_taken: int = 0
    person_id: int = 0


@dataclass
class FakeProposalRepository:
    """Guides' seats kept in a dict; the same methods the services call on the real one."""

    guides: dict[int, FakeGuide] = field(default_factory=dict)
    locked: list[int] = field(default_factory=list)

    def lock_guide(self, enrolment_id: int) -> FakeGuide | None:
        """Return the guide, noting that it was locked."""
        self.locked.append(enrolment_id)
        return self.guides.get(enrolment_id)

    def lock_enrolments(self, enrolment_ids: Iterable[int]) -> None:
        """Note the enrolments locked, in the order they were locked."""
        self.locked.extend(enrolment_ids)

    def seats_held(
        self, enrolment_ids: Iterable[int], *, with_offers: bool = True
    ) -> dict[int, int]:
        """Return each guide's running pairs, and open offers unless told not to count them."""
        return {
            g: self.guides[g].running + (self.guides[g].offers if with_offers else 0)
            for g in enrolment_ids
        }

    def people_of(self, enrolment_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
        """Return enrolment → (person, name)."""
        return {g: (self.guides[g].person_id, self.guides[g].name) for g in enrolment_ids}

    def capacities(self, enrolment_ids: Iterable[int]) -> dict[int, int]:
        """Return enrolment → capacity."""
        return {g: self.guides[g].capacity for g in enrolment_ids if g in self.guides}

    def store_seats(self, guide: FakeGuide, held: int) -> None:
        """Record the seats held, capped at capacity as the database's CHECK demands."""
        guide.seats_taken = min(held, guide.capacity)


@dataclass
class FakeUnitOfWork:
    """A unit of work whose repositories live in memory; it counts commits."""

    proposals: FakeProposalRepository = field(default_factory=FakeProposalRepository)
    committed: int = 0

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        """Count a commit."""
        self.committed += 1
