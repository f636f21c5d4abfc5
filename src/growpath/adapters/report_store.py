"""The report facts, their published copy and the queries over it, as one repository."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from growpath.adapters import report_facts, report_publication, report_queries
from growpath.adapters.report_publication import Side
from growpath.adapters.report_queries import Group
from growpath.domain.publication import CellKey
from growpath.domain.reporting import Tally


class ReportStore:
    """The report facts and what the reports published of them, for one unit of work."""

    def __init__(self, session: Session) -> None:
        self.db = session

    def catch_up(self) -> int:
        """Recompute the facts behind the writes noted since the last catch-up."""
        return report_facts.catch_up(self.db)

    def rebuild(self) -> int:
        """Recompute every participant's facts; return how many."""
        return report_facts.rebuild(self.db)

    def changed(self, program_id: int, now: datetime) -> list[int]:
        """Return the participant enrolments whose facts differ from their published copy."""
        return report_publication.changed(self.db, program_id, now)

    def sides(
        self, program_id: int, now: datetime, enrolment_ids: Collection[int]
    ) -> dict[int, tuple[Side, Side]]:
        """Return each enrolment's published and current facts."""
        return report_publication.sides(self.db, program_id, now, enrolment_ids)

    def published_people(self, program_id: int) -> dict[CellKey, int]:
        """Return how many people each published cell of a program aggregates."""
        return report_publication.published_people(self.db, program_id)

    def publish(self, program_id: int, now: datetime, enrolment_ids: Iterable[int]) -> None:
        """Bring the published copy of these enrolments up to their facts today."""
        report_publication.publish(self.db, program_id, now, enrolment_ids)

    def settle(self, program_id: int, held: Iterable[int]) -> None:
        """Note that a program's recomputed participants were compared, except those held."""
        report_publication.settle(self.db, program_id, held)

    def breakdowns(self, program_id: int) -> dict[str, list[Group]]:
        """Return, per dimension, the published groups of a program's participants."""
        return report_queries.breakdowns(self.db, program_id)

    def competency_growth(self, program_id: int) -> list[tuple[str, Tally]]:
        """Return each competency's published growth tally in a program."""
        return report_queries.competency_growth(self.db, program_id)

    def theme_people(self, program_id: int) -> Sequence[tuple[str, int]]:
        """Return how many people each development theme came up with, as published."""
        return report_queries.theme_people(self.db, program_id)
