"""The competency framework: how services find and store competencies, without committing."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from growpath.adapters.orm import CompetencyRow
from growpath.adapters.repositories.base import column_rows


# Built once, on first use, with bound parameters: the home and engagement pages run them on
# every view, and building one anew (clauses, its cache key) cost more CPU than running it.
@cache
def _active_names() -> Select[str, str]:
    return (
        select(CompetencyRow.key, CompetencyRow.name)
        .where(CompetencyRow.is_active)
        .order_by(CompetencyRow.category, CompetencyRow.name)
    )


@cache
def _active() -> Select[CompetencyRow]:
    return (
        select(CompetencyRow)
        .where(CompetencyRow.is_active)
        .order_by(CompetencyRow.category, CompetencyRow.name)
    )


class CompetencyRepository:
    """The competencies of the framework, active or retired."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def keys(self) -> set[str]:
        """Return the key of every competency, active or not."""
        return set(self.session.scalars(select(CompetencyRow.key)))

    def active_keys(self) -> set[str]:
        """Return the keys of the active competencies."""
        return set(self.session.scalars(select(CompetencyRow.key).where(CompetencyRow.is_active)))

    def active_names(self) -> list[tuple[str, str]]:
        """Return (key, name) of the active competencies by category and name."""
        return [(key, name) for key, name in column_rows(self.session, _active_names(), {})]

    def active(self) -> Sequence[CompetencyRow]:
        """Return the active competencies by category and name."""
        return self.session.scalars(_active()).all()

    def by_key(self, key: str) -> CompetencyRow | None:
        """Return the competency with this key."""
        return self.session.scalar(select(CompetencyRow).where(CompetencyRow.key == key))

    def add(self, competency: CompetencyRow) -> None:
        """Store a new competency."""
        self.session.add(competency)
