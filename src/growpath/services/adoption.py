"""Adoption of the weekly practice under the report protections: figures that move only when
k or more managers changed.

What each manager did in each of the last four complete weeks is compared with the copy the
figures last published for a scope (the organisation, or a program's enrolled managers); the
changes are published only where every week they move is moved by zero or k managers or more
(growpath.domain.publication.releasable). So an administrator who makes one person a manager,
or waits for one more conversation, and reads the figures again sees them unchanged.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.practice import (
    ORGANISATION,
    Adoption,
    adoption_release,
    adoption_weeks,
    overlapping_weeks,
    practised_weeks,
    program_scope,
    published_adoption,
)
from growpath.domain.reporting import SUPPRESSED, Cell, Figure, Row, Table
from growpath.i18n import N_
from growpath.services.report_texts import Said

RACE = N_(
    "the adoption figures were being published by another request at the same time; try again"
)
ADOPTION_DEFINITION = N_(
    "A manager is an enrolled person with at least one person reporting to them. Practising "
    "weekly: the share of those managers who logged a coaching conversation in the week "
    "(Monday to Sunday)."
)
ADOPTION_FIGURES: tuple[Figure, ...] = (
    Figure("managers", N_("Managers"), "adoption", "people", lambda t: float(t.people)),
    Figure(
        "practising_weekly",
        N_("Practising weekly"),
        "adoption",
        "%",
        lambda t: 100.0 * t["practising"] / t.people,
    ),
)


def publish_adoption(
    uow: UnitOfWork, scope: str, managers: Collection[int], today: date, k: int
) -> list[Adoption]:
    """Publish the managers' weekly practice that may move on, and return each week's figure."""
    return published_adoption(_publish(uow, scope, managers, today, k), adoption_weeks(today), k)


def _publish(
    uow: UnitOfWork, scope: str, managers: Collection[int], today: date, k: int
) -> dict[int, dict[date, bool]]:
    # Each manager's weeks as published for the scope once the changes that may move did.
    weeks = adoption_weeks(today)
    current = practised_weeks(managers, uow.practice.days_since(weeks[0]), weeks)
    published = uow.practice.published_adoption(scope)
    moves = adoption_release(published, current, k)
    with uow.racing(RACE):
        uow.practice.publish_adoption(scope, moves)
    return {
        **{p: w for p, w in published.items() if p not in moves},
        **{p: w for p, w in moves.items() if w},
    }


ADOPTION_TITLE = N_("Managers practising coaching weekly")
WEEK_OF = N_("Week of %(day)s")


def week_label(week: date) -> Said:
    """Return how the table names a week: by its Monday, as an ISO date."""
    return Said(WEEK_OF, {"day": week.isoformat()})


WITHHELD = {"managers": SUPPRESSED, "practising_weekly": SUPPRESSED}


def _cells(figure: Adoption) -> dict[str, Cell]:
    if figure.share is not None:
        share = Cell(figure.share, figure.managers)
    elif figure.band_range is not None:
        share = Cell(None, figure.managers, figure.band_range)
    else:
        return WITHHELD
    return {"managers": Cell(float(figure.managers), figure.managers), "practising_weekly": share}


def adoption_table(uow: UnitOfWork, program_id: int, today: date, k: int) -> Table:
    """Return the protected adoption table of a program's enrolled managers, week by week.

    The organisation's figure is brought up to date first, so the program's weeks are compared
    with what /admin shows now; a week whose published managers differ from those of any other
    scope (the organisation, another program) by fewer than k is withheld.
    """
    everyone = [row[0] for row in uow.practice.managers()]
    _publish(uow, ORGANISATION, everyone, today, k)
    scope = program_scope(program_id)
    published = _publish(uow, scope, uow.practice.managers_enrolled_in(program_id), today, k)
    weeks = adoption_weeks(today)
    others = uow.practice.published_adoption_of_others(scope).values()
    withheld = overlapping_weeks(published, others, weeks, k)
    figures = published_adoption(published, weeks, k)
    return Table(
        "practice_adoption",
        ADOPTION_TITLE,
        "week",
        ADOPTION_FIGURES,
        tuple(
            Row(week_label(f.week).english, WITHHELD if f.week in withheld else _cells(f))
            for f in figures
        ),
        None,
    )
