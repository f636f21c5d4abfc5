"""A program's outcomes for its administrators: retention and promotion of its participants
against a matched comparison group, and the turnover cost that difference may have saved.

Aggregates only, under the report protections (growpath.domain.outcomes): an observational
comparison, not proof that the program caused the difference.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from growpath.adapters.csv_files import csv_text
from growpath.adapters.orm import OutcomePublicationRow
from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.outcomes import (
    DEFAULT_SALARY,
    DEFAULT_TURNOVER_SHARE,
    Comparison,
    Published,
    ReturnRange,
    TurnoverAssumption,
    compare,
    releasable,
    tallies_from_json,
    tallies_to_json,
    tally,
    turnover_avoided,
)
from growpath.i18n import N_
from growpath.services.context import Context
from growpath.services.programs import load_program

CAVEAT = N_(
    "An observational comparison, not proof of cause: participants chose or were chosen to "
    "take part, and what led them there (motivation, a manager's support) may explain some "
    "of the difference. Matching on department, level and tenure removes only those "
    "differences."
)
MOST_SALARY = 10_000_000
MOST_SHARE_PERCENT = 500


@dataclass(frozen=True)
class OutcomeReport:
    """A program's published outcome comparison and the turnover cost range it implies."""

    program_id: int
    program_name: str
    min_group: int
    assumption: TurnoverAssumption
    # None while the program has no start date and no participant.
    comparison: Comparison | None
    turnover: ReturnRange | None


def turnover_assumption(salary: str | None, share_percent: str | None) -> TurnoverAssumption:
    """Read the editable turnover assumption (annual salary, cost as % of it); blank: default."""
    problems = []

    def number(text: str | None, default: float, most: float, name: str) -> float:
        if text is None or not text.strip():
            return default
        try:
            value = float(text.strip().replace(",", ""))
        except ValueError:
            problems.append(Problem(N_("must be a number"), name))
            return default
        if not math.isfinite(value) or not 0 < value <= most:
            problems.append(
                Problem.of(
                    N_("must be more than 0 and at most %(most)s"), name, most=f"{most:,.0f}"
                )
            )
            return default
        return value

    salary_value = number(salary, DEFAULT_SALARY, MOST_SALARY, "salary")
    share = number(share_percent, 100 * DEFAULT_TURNOVER_SHARE, MOST_SHARE_PERCENT, "share")
    if problems:
        raise InvalidInput(problems)
    return TurnoverAssumption(salary_value, round(share, 2) / 100)


def _publish(ctx: Context, program_id: int, index: date, today: date, k: int) -> Comparison:
    with ctx.uow() as uow:
        fresh = tally(uow.outcomes.population(program_id), index, today)
        row = uow.outcomes.published(program_id)
        before = tallies_from_json(row.tallies) if row is not None else None
        if releasable(before, fresh, k):
            if row is None:
                with uow.racing(N_("another report published this program's outcomes meanwhile")):
                    uow.outcomes.add(
                        OutcomePublicationRow(
                            program_id=program_id,
                            index_date=index,
                            as_of=today,
                            tallies=tallies_to_json(fresh),
                            published_at=ctx.now,
                        )
                    )
            else:
                row.index_date, row.as_of = index, today
                row.tallies, row.published_at = tallies_to_json(fresh), ctx.now
            uow.commit()
            return compare(fresh, index, today, k)
        assert row is not None  # noqa: S101 - releasable() releases when nothing is published
        return compare(tallies_from_json(row.tallies), row.index_date, row.as_of, k)


def program_outcomes(
    ctx: Context,
    program_id: int,
    assumption: TurnoverAssumption | None = None,
    export_format: str = "page",
) -> OutcomeReport:
    """Compare a program's participants with matched non-participants (its administrators);
    each view or export is audited."""
    ctx.require_program_admin(
        program_id, N_("only an administrator of this program may see this program's outcomes")
    )
    assumption = assumption or TurnoverAssumption()
    k = ctx.app.settings.report_min_group
    with ctx.uow() as uow:
        program = load_program(uow, program_id)
        name = program.name
        index = uow.outcomes.index_date(program_id, program.starts_on)
    today = ctx.now.date()
    comparison = (
        None if index is None or index > today else _publish(ctx, program_id, index, today, k)
    )
    with ctx.uow() as uow:
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "outcomes.view" if export_format == "page" else "outcomes.export",
            "program",
            str(program_id),
            ctx.source_address,
            detail={"format": export_format, "min_group": k},
        )
        uow.commit()
    turnover = None if comparison is None else turnover_avoided(comparison, assumption)
    return OutcomeReport(program_id, name, k, assumption, comparison, turnover)


def rate_text(rate: Published) -> str:
    """Return a published rate as it reads: "87.5%" or a band "≥ 95%"."""
    if rate.band is not None:
        low, high = rate.band
        return f"≥ {low:g}%" if high == 100 else f"≤ {high:g}%"
    return f"{rate.value:g}%"


# Machine-readable, in every reader's language alike: the columns, tables, figures and
# groups keep their English names, as the JSON keeps its field names.
CSV_COLUMNS: list[object] = [
    "program",
    "figure",
    "months",
    "group",
    "value",
    "band",
    "ci_low",
    "ci_high",
    "unit",
]


def _csv_rows(report: OutcomeReport) -> Iterator[list[object]]:
    yield CSV_COLUMNS
    comparison = report.comparison
    name = report.program_name
    if comparison is None or comparison.suppressed:
        yield [name, "suppressed", "", "", "", "", "", "", ""]
        return
    match = comparison.match
    for group, people in (("participants", match.participants), ("comparison", match.comparison)):
        yield [name, "people_compared", "", group, people, "", "", "", "people"]
    yield [
        name,
        "participants_unmatched",
        "",
        "participants",
        match.unmatched,
        "",
        "",
        "",
        "people",
    ]

    def rate(figure: str, months: int, group: str, p: Published) -> list[object]:
        band = "" if p.band is None else rate_text(p)
        return [name, figure, months, group, p.value, band, p.low, p.high, "%"]

    for o in comparison.outcomes:
        yield rate(o.measure, o.months, "participants", o.participants)
        yield rate(o.measure, o.months, "comparison", o.comparison)
        d = o.difference
        yield [name, o.measure, o.months, "difference", d.value, "", d.low, d.high, "points"]
    for point in comparison.curve:
        yield rate("retention_curve", point.months, "participants", point.participants)
        yield rate("retention_curve", point.months, "comparison", point.comparison)
    if report.turnover is not None:
        t = report.turnover
        yield [
            name,
            "turnover_cost_avoided",
            12,
            "participants",
            t.value,
            "",
            t.low,
            t.high,
            "money",
        ]
        yield [name, "cost_per_leaver", "", "", t.cost_per_leaver, "", "", "", "money"]


def outcomes_csv(report: OutcomeReport) -> str:
    """Return the outcome figures as CSV, one figure per line, the same as the page and JSON."""
    return csv_text(_csv_rows(report))


def report_csv_rows(report: OutcomeReport, as_of: str) -> str:
    """Return the outcome figures as lines of a program report's CSV (its columns, no header):
    table "outcomes", the horizon in months as the group, one figure per line."""
    lines: list[list[object]] = []
    for row in list(_csv_rows(report))[1:]:
        name, figure, months, group, value, band, low, high, unit = row
        key = f"{figure}_{group}" if group else str(figure)
        status = "band" if band else "suppressed" if value in (None, "") else "published"
        if figure == "suppressed":
            key, status = "outcomes", "suppressed"
        lines.append(
            [name, "outcomes", "months", months, key, unit, value, status, band, "", as_of]
        )
        for suffix, bound in (("ci_low", low), ("ci_high", high)):
            if bound != "":
                lines.append(
                    [
                        name,
                        "outcomes",
                        "months",
                        months,
                        f"{key}_{suffix}",
                        unit,
                        bound,
                        "published",
                        "",
                        "",
                        as_of,
                    ]
                )
    return csv_text(lines) if lines else ""
