"""The outcome panel of a program's report (its own include, reports/_outcomes.html):
retention and promotion against a matched comparison group, their curves, the turnover range."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from growpath.domain.outcomes import TURNOVER_SOURCE, Difference, Published
from growpath.entrypoints.web.charts import ENGLISH, Chart, Series, banded_lines_chart
from growpath.entrypoints.web.numberfmt import number_text
from growpath.i18n import N_, Translator
from growpath.services.outcomes import CAVEAT, OutcomeReport, rate_text

# Each outcome's line of the table, by its measure and horizon.
MEASURES = {
    "retention": N_("Still employed after %(months)s months"),
    "promotion": N_("Promoted after %(months)s months"),
}


def _percent(value: float, locale: str) -> str:
    # The published figures keep their decimals as given ("87.5%"), in the reader's digits.
    return number_text(value, None, locale) + "%"


def _rate(rate: Published, locale: str) -> str:
    if rate.band is not None:
        shown = rate_text(rate)
    else:
        assert rate.value is not None  # noqa: S101 - a rate is a value or a band
        shown = _percent(rate.value, locale)
    low, high = number_text(rate.low, None, locale), number_text(rate.high, None, locale)
    return f"{shown} ({low}–{high}%)"


def _points(value: float, locale: str) -> str:
    return ("+" if value > 0 else "-") + number_text(abs(value), None, locale) if value else "0"


def _difference(tr: Translator, d: Difference) -> str:
    interval = tr(
        N_("%(low)s to %(high)s points"),
        low=_points(d.low, tr.locale),
        high=_points(d.high, tr.locale),
    )
    if d.value is None:
        return interval
    return tr(
        N_("%(value)s points (%(interval)s)"),
        value=_points(d.value, tr.locale),
        interval=interval,
    )


def _money(value: float, locale: str) -> str:
    return number_text(round(value), 0, locale)


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


def _curve(tr: Translator, report: OutcomeReport) -> Chart | None:
    c = report.comparison
    if c is None or not c.curve:
        return None
    first = (0, 100.0, 100.0, 100.0, tr(N_("%(percent)s (everyone at the start)"), percent="100%"))
    return banded_lines_chart(
        tr(N_("Still employed, months after the program started")),
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
                            _rate(rate, tr.locale),
                        )
                        for p in c.curve
                    ),
                ),
            )
            for name, group in (
                (tr(N_("Participants")), "participants"),
                (tr(N_("Comparison")), "comparison"),
            )
        ],
        tr(N_("months")),
    )


def outcome_view(
    report: OutcomeReport, editable: bool = True, tr: Translator = ENGLISH
) -> dict[str, Any]:
    """Return what reports/_outcomes.html shows, in tr's language, from the published figures
    only."""
    c = report.comparison
    locale = tr.locale
    rows = [
        OutcomeRowView(
            tr(MEASURES[o.measure], months=o.months),
            _rate(o.participants, locale),
            _rate(o.comparison, locale),
            _difference(tr, o.difference),
        )
        for o in (c.outcomes if c else ())
    ]
    t = report.turnover
    return {
        "outcomes": report,
        "outcome_caveat": tr(CAVEAT),
        "outcome_rows": rows,
        "outcome_curve": _curve(tr, report),
        "outcome_editable": editable,
        "turnover": t,
        "turnover_text": None
        if t is None
        else {
            "value": None if t.value is None else _money(t.value, locale),
            "low": _money(t.low, locale),
            "high": _money(t.high, locale),
            "cost": _money(t.cost_per_leaver, locale),
        },
        # Plain for the download links' query (the API reads plain numbers), in the page's
        # language for the sentence and the form, which reads them back in that language.
        "turnover_salary": f"{report.assumption.salary:g}",
        "turnover_share": f"{100 * report.assumption.share:g}",
        "turnover_salary_shown": number_text(report.assumption.salary, None, locale),
        "turnover_share_shown": number_text(100 * report.assumption.share, None, locale),
        "turnover_source": TURNOVER_SOURCE,
    }
