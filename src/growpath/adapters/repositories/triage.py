"""What triage offers: the open programs of the kinds it recommends."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from growpath.adapters.orm import ProgramRow


class TriageRepository:
    """The programs a triage questionnaire can point a person to."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def open_programs(self, kinds: Iterable[str]) -> Sequence[ProgramRow]:
        """Return the open programs of these kinds, by kind and name."""
        return self.session.scalars(
            select(ProgramRow)
            .where(ProgramRow.status == "open", ProgramRow.kind.in_(kinds))
            .order_by(ProgramRow.kind, ProgramRow.name)
        ).all()
