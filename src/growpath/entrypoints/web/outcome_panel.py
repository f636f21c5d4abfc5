"""The outcome panel of a program's report (its own include, reports/_outcomes.html):
retention and promotion against a matched comparison group, their curves, the turnover range."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from growpath.domain.outcomes import TURNOVER_SOURCE, Difference, Published
from growpath.entrypoints.web.charts import Chart, Series, banded_lines_chart
from growpath.services.outcomes import CAVEAT, OutcomeReport, rate_text

MEASURES = {"retention": "Still employed", "promotion": "Promoted"}


def _rate(rate: Published) -> str:
    return f"{rate_text(rate)} ({rate.low:g}–{rate.high:g}%)"


def _points(value: float) -> str:
    return f"{value:+g}" if value else "0"


def _difference(d: Difference) -> str:
    interval = f"{_points(d.low)} to {_points(d.high)} points"
    return interval if d.value is None else f"{_points(d.value)} points ({interval})"


def _money(value: float) -> str:
    return f"{value:,.0f}"


@dataclass(frozen=True)
class OutcomeRowView:
    """One line of the outcome table, as text."""

    label: str
    participants: str
    comparison: str
    difference: str


def _plotted(rate: Published) -> float:
    # A band ("≥ 95%") is drawn at its middle; the table says it as published.
    if rate.value is not None:
        return rate.value
    assert rate.band is not None  # noqa: S101 - a rate is a value or a band
    return (rate.band[0] + rate.band[1]) / 2


def _curve(report: OutcomeReport) -> Chart | None:
    c = report.comparison
    if c is None or not c.curve:
        return None
    first = (0, 100.0, 100.0, 100.0, "100% (everyone at the start)")
    return banded_lines_chart(
        "Still employed, months after the program started",
        [
            Series(
                name,
                (
                    first,
                    *(
                        (
                            p.months,
                            _plotted(rate := getattr(p, group)),
                            rate.low,
                            rate.high,
                            _rate(rate),
                        )
                        for p in c.curve
                    ),
                ),
            )
            for name, group in (("Participants", "participants"), ("Comparison", "comparison"))
        ],
        "months",
    )


def outcome_view(report: OutcomeReport, editable: bool = True) -> dict[str, Any]:
    """Return what reports/_outcomes.html shows, from the published figures only."""
    c = report.comparison
    rows = [
        OutcomeRowView(
            f"{MEASURES[o.measure]} after {o.months} months",
            _rate(o.participants),
            _rate(o.comparison),
            _difference(o.difference),
        )
        for o in (c.outcomes if c else ())
    ]
    t = report.turnover
    return {
        "outcomes": report,
        "outcome_caveat": CAVEAT,
        "outcome_rows": rows,
        "outcome_curve": _curve(report),
        "outcome_editable": editable,
        "turnover": t,
        "turnover_text": None
        if t is None
        else {
            "value": None if t.value is None else _money(t.value),
            "low": _money(t.low),
            "high": _money(t.high),
            "cost": _money(t.cost_per_leaver),
        },
        "turnover_salary": f"{report.assumption.salary:g}",
        "turnover_share": f"{100 * report.assumption.share:g}",
        "turnover_source": TURNOVER_SOURCE,
    }
