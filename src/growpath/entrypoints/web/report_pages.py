"""The program report page, and the same report as a standalone HTML file for the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from growpath.domain.question_reports import MEAN_KEY, QuestionResult
from growpath.domain.reporting import Cell, Row, Table, band_text
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.charts import Chart, bar_chart
from growpath.entrypoints.web.numberfmt import register as register_number_formats
from growpath.entrypoints.web.outcome_panel import outcome_view
from growpath.entrypoints.web.rendering import TEMPLATES, render
from growpath.entrypoints.web.security import csrf_protected
from growpath.entrypoints.web.timefmt import day_text
from growpath.entrypoints.web.timefmt import register as register_time_formats
from growpath.i18n import install_gettext
from growpath.services import outcomes, reporting
from growpath.services.adoption import ADOPTION_DEFINITION
from growpath.services.lineage import LINEAGE_DEFINITION

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
STYLESHEET = TEMPLATES.parent / "static" / "growpath.css"
TOP_THEMES = 10
PARTICIPATION_BARS = (("enrolled", "Enrolled"), ("matched", "Matched"), ("active", "Active"))
UNITS = {"%": "%", "days": " days", "score": "", "NPS": ""}


@dataclass(frozen=True)
class TableView:
    """A report table as text: column headings and one line of cells per group."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def has_hidden(self) -> bool:
        """Whether any cell is hidden, so the table says why under it."""
        return any(HIDDEN in row for row in self.rows)


HIDDEN = "hidden"
# Whole numbers where a decimal would be noise ("15 days", "17%"); one decimal on short scales.
DECIMALS = {"people": 0, "%": 0, "days": 0, "NPS": 0, "score": 1, "levels": 1}


def _rounded(value: float, unit: str) -> float:
    return round(value, DECIMALS.get(unit, 1)) + 0.0  # + 0.0: no "-0"


def _text(key: str, cell: Cell, unit: str) -> str:
    if cell.band is not None:
        return f"{band_text(key, cell.band)}{UNITS.get(unit, '')}"
    if cell.value is None:
        return HIDDEN
    value = _rounded(cell.value, unit)
    if unit == "people":
        return f"{value:.0f}"
    if unit == "levels":
        # A change of rating reads as one: signed, so "+1 level" is not taken for a rating of 1.
        return f"{value:+g} level{'' if abs(value) == 1 else 's'}"
    if unit == "days":
        return f"{value:g} day{'' if value == 1 else 's'}"
    return f"{value:g}{UNITS.get(unit, '')}"


def _table_view(table: Table) -> TableView:
    rows = (*table.rows, *([table.total] if table.total else []))
    dated = any(row.as_of for row in rows)
    return TableView(
        table.title,
        (
            table.dimension.capitalize(),
            *(f.label for f in table.figures),
            *(("As of",) if dated else ()),
        ),
        tuple(
            (
                row.label,
                *(_text(f.key, row.cells[f.key], f.unit) for f in table.figures),
                *((day_text(row.as_of) if row.as_of else "",) if dated else ()),
            )
            for row in rows
        ),
    )


def _bar(key: str, cell: Cell, unit: str = "") -> float | str | None:
    if cell.band is not None:
        return band_text(key, cell.band)
    return None if cell.value is None else _rounded(cell.value, unit)


def _bars(
    table: Table, figure: str, with_total: bool = True
) -> list[tuple[str, float | str | None]]:
    rows: tuple[Row, ...] = table.rows
    if with_total and table.total:
        rows = (*rows, table.total)
    unit = next(f.unit for f in table.figures if f.key == figure)
    return [(row.label, _bar(figure, row.cells[figure], unit)) for row in rows]


def summary(report: reporting.Report) -> str:
    """Say the program's main figures in words, from the published ones only."""
    units = {f.key: f.unit for f in report.breakdowns[0].figures}
    cells = report.overview.cells

    def said(key: str) -> str | None:
        cell = cells.get(key)
        return None if cell is None or cell.suppressed else _text(key, cell, units[key])

    sentences = []
    enrolled, matched, rate = said("enrolled"), said("matched"), said("match_rate")
    if enrolled and matched:
        sentences.append(
            f"{enrolled} people enrolled and {matched} were matched"
            + (f", a match rate of {rate}." if rate else ".")
        )
    elif enrolled:
        sentences.append(f"{enrolled} people enrolled.")
    if days := said("days_to_first_meeting"):
        sentences.append(f"Pairs first met {days} after being matched, on average.")
    if satisfaction := said("satisfaction"):
        sentences.append(f"Participants rate their satisfaction {satisfaction} out of 5.")
    if goals := said("goal_attainment"):
        sentences.append(f"{goals} of goals are met.")
    if quiet := said("stalled_30"):
        sentences.append(f"{quiet} of running pairs have had no session for 30 days or more.")
    if not sentences:
        return (
            f"Too few people take part yet: every figure aggregates at least "
            f"{report.min_group} people, so none can be shown without pointing at someone."
        )
    return " ".join(sentences)


@dataclass(frozen=True)
class QuestionPanel:
    """A custom question as the report shows it: a chart of its answers and its figures."""

    result: QuestionResult
    respondents: str
    mean: str | None
    chart: Chart | None


def _question_panel(result: QuestionResult) -> QuestionPanel:
    chart = None
    if result.lines and not all(line.share.suppressed for line in result.lines):
        chart = bar_chart(
            f"{result.wording}: share of respondents",
            [(line.label, _bar("share", line.share, "%")) for line in result.lines],
            unit="%",
            maximum=100,
            scale_label="% of respondents",
        )
    return QuestionPanel(
        result,
        _text("respondents", result.respondents, "people"),
        None if result.mean is None else _text(MEAN_KEY, result.mean, "score"),
        chart,
    )


def report_view(report: reporting.Report) -> dict[str, Any]:
    """Return what the report templates show: charts (each with its table) and full tables."""
    overview = report.overview.cells
    participation = bar_chart(
        "Participation: people",
        [(label, _bar(key, overview[key], "people")) for key, label in PARTICIPATION_BARS],
        scale_label="people",
    )
    stalled = bar_chart(
        "Running pairs without a session for 14, 30 and 90 days",
        [
            (f"{days}+ days", _bar(f"stalled_{days}", overview[f"stalled_{days}"], "%"))
            for days in (14, 30, 90)
        ],
        unit="%",
        maximum=100,
        scale_label="% of pairs",
    )
    by_group: list[tuple[Table, list[Chart], TableView]] = [
        (
            table,
            [
                bar_chart(
                    f"Match rate {table.title.lower()}",
                    _bars(table, "match_rate"),
                    unit="%",
                    maximum=100,
                    scale_label="% matched",
                ),
                bar_chart(
                    f"Satisfaction (1–5) {table.title.lower()}",
                    _bars(table, "satisfaction"),
                    maximum=5,
                    scale_label="score",
                ),
            ],
            _table_view(table),
        )
        for table in report.breakdowns
    ]
    growth = bar_chart(
        "Mean change per competency (levels)",
        _bars(report.competencies, "mean_change"),
        scale_label="levels",
    )
    published_themes = [r for r in report.themes.rows if not r.cells["people"].suppressed]
    themes = bar_chart(
        "Most discussed development themes (people)",
        [(r.label, r.cells["people"].value) for r in published_themes[:TOP_THEMES]],
        scale_label="people",
    )
    return {
        **_lineage_view(report),
        "adoption_table": _table_view(report.adoption) if report.adoption else None,
        "adoption_definition": ADOPTION_DEFINITION,
        "report": report,
        "summary": summary(report),
        "hidden": HIDDEN,
        "overview": _table_view(report.breakdowns[0]).rows[-1],
        "overview_columns": _table_view(report.breakdowns[0]).columns,
        "participation": participation,
        "stalled": stalled,
        "by_group": by_group,
        "growth": growth,
        "growth_table": _table_view(report.competencies),
        "themes": themes,
        "cohort_definition": reporting.COHORT_DEFINITION,
        "questions": [_question_panel(q) for q in report.questions],
    }


def _lineage_view(report: reporting.Report) -> dict[str, Any]:
    # The lineage panel (reports/_lineage.html): its chart and tables, from the published cells.
    by_generation = next((t for t in report.lineage if t.key == "lineage_generations"), None)
    chart = (
        bar_chart(
            "Former mentees by generations of mentoring onward",
            _bars(by_generation, "people", with_total=False),
            scale_label="people",
        )
        if by_generation
        else None
    )
    return {
        "lineage_chart": chart,
        "lineage_tables": [_table_view(table) for table in report.lineage],
        "lineage_definition": LINEAGE_DEFINITION,
    }


@router.get("/admin/programs/{program_id}/report")
def report_page(
    request: Request,
    ctx: CurrentContext,
    program_id: PathId,
    salary: Annotated[str | None, Query()] = None,
    share: Annotated[str | None, Query()] = None,
) -> Response:
    """Show a program's report: charts, their tables, the outcomes and the downloads."""
    assumption = outcomes.turnover_assumption(salary, share)
    report = reporting.program_report(ctx, program_id)
    compared = outcomes.program_outcomes(ctx, program_id, assumption)
    return render(request, "reports/report.html", {**report_view(report), **outcome_view(compared)})


@cache
def _standalone() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(), auto_reload=False
    )
    # Without a viewer, the file says its times in UTC, and its words in English.
    register_time_formats(environment)
    register_number_formats(environment)
    install_gettext(environment)
    return environment


def report_html(report: reporting.Report, compared: outcomes.OutcomeReport | None = None) -> str:
    """Render the report as one self-contained HTML file (for `growpath report --format html`)."""
    template = _standalone().get_template("reports/standalone.html")
    panel = outcome_view(compared, editable=False) if compared else {}
    return template.render(
        stylesheet=STYLESHEET.read_text(encoding="utf-8"), **report_view(report), **panel
    )
