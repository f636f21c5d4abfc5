"""Goals with their KPI measurements, and competency ratings: finding and storing them."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, select

from growpath.adapters.orm import (
    CompetencyRatingRow,
    CompetencyRow,
    EngagementMemberRow,
    GoalRow,
    KpiMeasurementRow,
)
from growpath.adapters.repositories.base import Repository, column_rows, columns_named


class GoalLine(NamedTuple):
    """A goal as an engagement's page and its preparation read it."""

    id: int
    engagement_id: int
    title: str
    specific: str
    measure: str
    baseline_value: float | None
    target_value: float | None
    due_on: date | None
    status: str
    competency_keys: list[str]


# Built once, on first use, with bound parameters: the engagement page runs them on every
# view, and building one anew (clauses, joins, its cache key) cost about as much CPU as
# running it.
@cache
def _of_engagement() -> Select[*tuple[Any, ...]]:
    # Columns, not whole rows: ORM rows cost the page their loading and identity map.
    return (
        select(*columns_named(GoalRow, GoalLine._fields))
        .where(GoalRow.engagement_id == bindparam("engagement_id"))
        .order_by(GoalRow.id)
    )


@cache
def _with_readings() -> Select[*tuple[Any, ...]]:
    # The goals and their readings in one statement: a row per reading, or one of NULLs for a
    # goal not yet measured.
    return (
        select(
            *columns_named(GoalRow, GoalLine._fields),
            KpiMeasurementRow.measured_on,
            KpiMeasurementRow.value,
        )
        .outerjoin(KpiMeasurementRow, KpiMeasurementRow.goal_id == GoalRow.id)
        .where(GoalRow.engagement_id == bindparam("engagement_id"))
        .order_by(GoalRow.id, KpiMeasurementRow.measured_on, KpiMeasurementRow.id)
    )


@cache
def _ratings() -> Select[str, str, str, int]:
    return (
        select(
            CompetencyRow.key,
            CompetencyRatingRow.rater_role,
            CompetencyRatingRow.phase,
            CompetencyRatingRow.rating,
        )
        .join(CompetencyRow, CompetencyRow.id == CompetencyRatingRow.competency_id)
        .where(CompetencyRatingRow.engagement_id == bindparam("engagement_id"))
    )


class GoalRepository(Repository[GoalRow]):
    """An engagement's SMART goals, their measurements, and the ratings of its participant."""

    row_type = GoalRow

    def stage(self, row: KpiMeasurementRow | CompetencyRatingRow) -> None:
        """Stage a measurement or a rating, written at commit."""
        self.db.add(row)

    def of_engagement(self, engagement_id: int) -> list[GoalLine]:
        """Return an engagement's goals in the order they were set."""
        parameters = {"engagement_id": engagement_id}
        return [GoalLine(*row) for row in column_rows(self.db, _of_engagement(), parameters)]

    def readings(self, goal_id: int) -> list[tuple[date, float]]:
        """Return a goal's KPI measurements, earliest first."""
        return [
            (measured_on, value)
            for measured_on, value in self.db.execute(
                select(KpiMeasurementRow.measured_on, KpiMeasurementRow.value)
                .where(KpiMeasurementRow.goal_id == goal_id)
                .order_by(KpiMeasurementRow.measured_on, KpiMeasurementRow.id)
            )
        ]

    def with_readings(self, engagement_id: int) -> list[tuple[GoalLine, list[tuple[date, float]]]]:
        """Return an engagement's goals in the order they were set, each with its KPI
        measurements, earliest first, in one query."""
        found: dict[int, tuple[GoalLine, list[tuple[date, float]]]] = {}
        fields = len(GoalLine._fields)
        parameters = {"engagement_id": engagement_id}
        for row in column_rows(self.db, _with_readings(), parameters):
            goal = found.get(row[0])
            if goal is None:
                goal = found[row[0]] = (GoalLine(*row[:fields]), [])
            measured_on, value = row[fields:]
            if measured_on is not None:
                goal[1].append((measured_on, value))
        return list(found.values())

    def competency(self, key: str) -> CompetencyRow | None:
        """Return a competency of the framework by its key."""
        return self.db.scalar(select(CompetencyRow).where(CompetencyRow.key == key))

    def first_participant(self, engagement_id: int) -> int | None:
        """Return the person an engagement's ratings are about: its (first) participant."""
        return self.db.scalar(
            select(EngagementMemberRow.person_id)
            .where(
                EngagementMemberRow.engagement_id == engagement_id,
                EngagementMemberRow.role == "participant",
            )
            .limit(1)
        )

    def rating(
        self, engagement_id: int, competency_id: int, rater_role: str, phase: str
    ) -> CompetencyRatingRow | None:
        """Return the rating a rater gave a competency at a phase, if any."""
        return self.db.scalar(
            select(CompetencyRatingRow).where(
                CompetencyRatingRow.engagement_id == engagement_id,
                CompetencyRatingRow.competency_id == competency_id,
                CompetencyRatingRow.rater_role == rater_role,
                CompetencyRatingRow.phase == phase,
            )
        )

    def ratings(self, engagement_id: int) -> list[tuple[str, str, str, int]]:
        """Return (competency, rater role, phase, rating) of an engagement's ratings."""
        return [
            (key, rater, phase, rating)
            for key, rater, phase, rating in column_rows(
                self.db, _ratings(), {"engagement_id": engagement_id}
            )
        ]
