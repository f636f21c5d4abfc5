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
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.charts import ENGLISH, Chart, bar_chart
from growpath.entrypoints.web.numberfmt import number_text, percent_text, typed_number
from growpath.entrypoints.web.numberfmt import register as register_number_formats
from growpath.entrypoints.web.outcome_panel import outcome_view
from growpath.entrypoints.web.rendering import TEMPLATES, render
from growpath.entrypoints.web.security import csrf_protected
from growpath.entrypoints.web.timefmt import day_text
from growpath.entrypoints.web.timefmt import register as register_time_formats
from growpath.i18n import N_, SOURCE_LOCALE, Translator
from growpath.services import outcomes, reporting
from growpath.services.adoption import ADOPTION_DEFINITION
from growpath.services.lineage import LINEAGE_DEFINITION
from growpath.template_gettext import install_gettext

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
STYLESHEET = TEMPLATES.parent / "static" / "growpath.css"
TOP_THEMES = 10
PARTICIPATION_BARS = (
    ("enrolled", N_("Enrolled")),
    ("matched", N_("Matched")),
    ("active", N_("Active")),
)
# The domain's figure labels (growpath.domain.reporting knows no languages), marked here for
# the catalog; the page translates every figure label it shows (lineage's and adoption's are
# marked where they are defined).
DOMAIN_FIGURE_LABELS = (
    N_("Enrolled"),
    N_("Matched"),
    N_("Active"),
    N_("Match rate"),
    N_("Acceptance rate"),
    N_("Days from match to first meeting"),
    N_("Cadence kept"),
    N_("No session for 14+ days"),
    N_("No session for 30+ days"),
    N_("No session for 90+ days"),
    N_("Goals met"),
    N_("Satisfaction (1–5)"),
    N_("Net promoter score"),
    N_("Competency growth"),
    N_("People rated"),
    N_("Mean change"),
    N_("95% CI low"),
    N_("95% CI high"),
    N_("People"),
)
# A table's first column heading: what its groups are.
DIMENSIONS = {
    "cohort": N_("Cohort"),
    "department": N_("Department"),
    "level": N_("Level"),
    "support": N_("Support"),
    "competency": N_("Competency"),
    "theme": N_("Theme"),
    "generations": N_("Generations"),
    "program": N_("Program"),
    "week": N_("Week"),
}
# Each breakdown's two charts, by its dimension (growpath.services.reporting.TITLES).
CHART_TITLES = {
    "cohort": (N_("Match rate by cohort"), N_("Satisfaction (1–5) by cohort")),
    "department": (N_("Match rate by department"), N_("Satisfaction (1–5) by department")),
    "level": (N_("Match rate by seniority level"), N_("Satisfaction (1–5) by seniority level")),
    "support": (
        N_("Match rate coaching, mentoring or both"),
        N_("Satisfaction (1–5) coaching, mentoring or both"),
    ),
}
HIDDEN = N_("hidden")


@dataclass(frozen=True)
class TableView:
    """A report table as text: column headings and one line of cells per group."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    hidden: str  # how a withheld cell reads, in the page's language

    @property
    def has_hidden(self) -> bool:
        """Whether any cell is hidden, so the table says why under it."""
        return any(self.hidden in row for row in self.rows)


# Whole numbers where a decimal would be noise ("15 days", "17%"); one decimal on short scales.
DECIMALS = {"people": 0, "%": 0, "days": 0, "NPS": 0, "score": 1, "levels": 1}


def _rounded(value: float, unit: str) -> float:
    return round(value, DECIMALS.get(unit, 1)) + 0.0  # + 0.0: no "-0"


def _days(tr: Translator, value: float, text: str) -> str:
    return tr.plural("%(days)s day", "%(days)s days", int(value), days=text)


def _text(tr: Translator, key: str, cell: Cell, unit: str) -> str:
    if cell.band is not None:
        band = band_text(key, cell.band)
        if unit == "%":
            return f"{band}%"
        return tr(N_("%(days)s days"), days=band) if unit == "days" else band
    if cell.value is None:
        return tr(HIDDEN)
    value = _rounded(cell.value, unit)
    if unit == "%":
        return percent_text(value / 100, 0, tr.locale)
    if unit == "levels":
        # A change of rating reads as one: signed, so "+1 level" is not taken for a rating of 1.
        signed = ("-" if value < 0 else "+") + number_text(abs(value), None, tr.locale)
        many = int(abs(value)) if abs(value).is_integer() else 2
        return tr.plural("%(levels)s level", "%(levels)s levels", many, levels=signed)
    text = number_text(value, None, tr.locale)
    return _days(tr, value, text) if unit == "days" else text


def _group(tr: Translator, report: reporting.Report, label: str) -> str:
    # The groups the report names are translated; a group named by data is shown as it is.
    said = report.said.get(label)
    return label if said is None else tr(said.template, **said.values)


def _table_view(tr: Translator, report: reporting.Report, table: Table) -> TableView:
    rows = (*table.rows, *([table.total] if table.total else []))
    dated = any(row.as_of for row in rows)
    dimension = DIMENSIONS.get(table.dimension)
    return TableView(
        tr(table.title),
        (
            tr(dimension) if dimension else table.dimension.capitalize(),
            *(tr(f.label) for f in table.figures),
            *((tr(N_("As of")),) if dated else ()),
        ),
        tuple(
            (
                _group(tr, report, row.label),
                *(_text(tr, f.key, row.cells[f.key], f.unit) for f in table.figures),
                *((day_text(row.as_of, tr.locale) if row.as_of else "",) if dated else ()),
            )
            for row in rows
        ),
        tr(HIDDEN),
    )


def _bar(key: str, cell: Cell, unit: str = "") -> float | str | None:
    if cell.band is not None:
        return band_text(key, cell.band)
    return None if cell.value is None else _rounded(cell.value, unit)


def _bars(
    tr: Translator,
    report: reporting.Report,
    table: Table,
    figure: str,
    with_total: bool = True,
) -> list[tuple[str, float | str | None]]:
    rows: tuple[Row, ...] = table.rows
    if with_total and table.total:
        rows = (*rows, table.total)
    unit = next(f.unit for f in table.figures if f.key == figure)
    return [(_group(tr, report, row.label), _bar(figure, row.cells[figure], unit)) for row in rows]


def summary(report: reporting.Report, tr: Translator = ENGLISH) -> str:
    """Say the program's main figures in words, from the published ones only."""
    units = {f.key: f.unit for f in report.breakdowns[0].figures}
    cells = report.overview.cells

    def said(key: str) -> str | None:
        cell = cells.get(key)
        return None if cell is None or cell.suppressed else _text(tr, key, cell, units[key])

    sentences = []
    enrolled, matched, rate = said("enrolled"), said("matched"), said("match_rate")
    if enrolled and matched and rate:
        sentences.append(
            tr(
                N_(
                    "%(enrolled)s people enrolled and %(matched)s were matched, "
                    "a match rate of %(rate)s."
                ),
                enrolled=enrolled,
                matched=matched,
                rate=rate,
            )
        )
    elif enrolled and matched:
        sentences.append(
            tr(
                N_("%(enrolled)s people enrolled and %(matched)s were matched."),
                enrolled=enrolled,
                matched=matched,
            )
        )
    elif enrolled:
        sentences.append(tr(N_("%(enrolled)s people enrolled."), enrolled=enrolled))
    if days := said("days_to_first_meeting"):
        sentences.append(
            tr(N_("Pairs first met %(days)s after being matched, on average."), days=days)
        )
    if satisfaction := said("satisfaction"):
        sentences.append(
            tr(N_("Participants rate their satisfaction %(score)s out of 5."), score=satisfaction)
        )
    if goals := said("goal_attainment"):
        sentences.append(tr(N_("%(share)s of goals are met."), share=goals))
    if quiet := said("stalled_30"):
        sentences.append(
            tr(
                N_("%(share)s of running pairs have had no session for 30 days or more."),
                share=quiet,
            )
        )
    if not sentences:
        return tr(
            N_(
                "Too few people take part yet: every figure aggregates at least "
                "%(min_group)s people, so none can be shown without pointing at someone."
            ),
            min_group=report.min_group,
        )
    return " ".join(sentences)


@dataclass(frozen=True)
class QuestionPanel:
    """A custom question as the report shows it: a chart of its answers and its figures."""

    result: QuestionResult
    respondents: str
    mean: str | None
    chart: Chart | None


def _question_panel(tr: Translator, result: QuestionResult) -> QuestionPanel:
    chart = None
    if result.lines and not all(line.share.suppressed for line in result.lines):
        chart = bar_chart(
            tr(N_("%(question)s: share of respondents"), question=result.wording),
            [(line.label, _bar("share", line.share, "%")) for line in result.lines],
            unit="%",
            maximum=100,
            # A named value: a bare "% o…" would read as a format to the catalog tools.
            scale_label=tr(N_("%(percent)s of respondents"), percent="%"),
            tr=tr,
        )
    return QuestionPanel(
        result,
        _text(tr, "respondents", result.respondents, "people"),
        None if result.mean is None else _text(tr, MEAN_KEY, result.mean, "score"),
        chart,
    )


def report_view(report: reporting.Report, tr: Translator = ENGLISH) -> dict[str, Any]:
    """Return what the report templates show, in tr's language: charts (each with its table)
    and full tables."""
    overview = report.overview.cells
    participation = bar_chart(
        tr(N_("Participation: people")),
        [(tr(label), _bar(key, overview[key], "people")) for key, label in PARTICIPATION_BARS],
        scale_label=tr(N_("people")),
        tr=tr,
    )
    stalled = bar_chart(
        tr(N_("Running pairs without a session for 14, 30 and 90 days")),
        [
            (
                tr(N_("%(days)s+ days"), days=days),
                _bar(f"stalled_{days}", overview[f"stalled_{days}"], "%"),
            )
            for days in (14, 30, 90)
        ],
        unit="%",
        maximum=100,
        scale_label=tr(N_("%(percent)s of pairs"), percent="%"),
        tr=tr,
    )
    by_group: list[tuple[Table, list[Chart], TableView]] = [
        (
            table,
            [
                bar_chart(
                    tr(CHART_TITLES[table.dimension][0]),
                    _bars(tr, report, table, "match_rate"),
                    unit="%",
                    maximum=100,
                    scale_label=tr(N_("%(percent)s matched"), percent="%"),
                    tr=tr,
                ),
                bar_chart(
                    tr(CHART_TITLES[table.dimension][1]),
                    _bars(tr, report, table, "satisfaction"),
                    maximum=5,
                    scale_label=tr(N_("score")),
                    tr=tr,
                ),
            ],
            _table_view(tr, report, table),
        )
        for table in report.breakdowns
    ]
    growth = bar_chart(
        tr(N_("Mean change per competency (levels)")),
        _bars(tr, report, report.competencies, "mean_change"),
        scale_label=tr(N_("levels")),
        tr=tr,
    )
    published_themes = [r for r in report.themes.rows if not r.cells["people"].suppressed]
    themes = bar_chart(
        tr(N_("Most discussed development themes (people)")),
        [(r.label, r.cells["people"].value) for r in published_themes[:TOP_THEMES]],
        scale_label=tr(N_("people")),
        tr=tr,
    )
    overview_view = _table_view(tr, report, report.breakdowns[0])
    return {
        **_lineage_view(tr, report),
        "adoption_table": _table_view(tr, report, report.adoption) if report.adoption else None,
        "adoption_definition": tr(ADOPTION_DEFINITION),
        "report": report,
        "summary": summary(report, tr),
        "hidden": tr(HIDDEN),
        "overview": overview_view.rows[-1],
        "overview_columns": overview_view.columns,
        "participation": participation,
        "stalled": stalled,
        "by_group": by_group,
        "growth": growth,
        "growth_table": _table_view(tr, report, report.competencies),
        "themes": themes,
        "cohort_definition": tr(reporting.COHORT_DEFINITION),
        "questions": [_question_panel(tr, q) for q in report.questions],
    }


def _lineage_view(tr: Translator, report: reporting.Report) -> dict[str, Any]:
    # The lineage panel (reports/_lineage.html): its chart and tables, from the published cells.
    by_generation = next((t for t in report.lineage if t.key == "lineage_generations"), None)
    chart = (
        bar_chart(
            tr(N_("Former mentees by generations of mentoring onward")),
            _bars(tr, report, by_generation, "people", with_total=False),
            scale_label=tr(N_("people")),
            tr=tr,
        )
        if by_generation
        else None
    )
    return {
        "lineage_chart": chart,
        "lineage_tables": [_table_view(tr, report, table) for table in report.lineage],
        "lineage_definition": tr(LINEAGE_DEFINITION),
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
    tr = translator(request, ctx.actor)
    # Typed in the page's language: "60.000" is sixty thousand on a German page, not sixty.
    assumption = outcomes.turnover_assumption(
        typed_number(salary, tr.locale), typed_number(share, tr.locale)
    )
    report = reporting.program_report(ctx, program_id)
    compared = outcomes.program_outcomes(ctx, program_id, assumption)
    return render(
        request,
        "reports/report.html",
        {**report_view(report, tr), **outcome_view(compared, tr=tr)},
    )


@cache
def _standalone() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(), auto_reload=False
    )
    # Without a viewer, the file says its times in UTC, and its words in English.
    register_time_formats(environment)
    register_number_formats(environment)
    install_gettext(environment, SOURCE_LOCALE)
    return environment


def report_html(report: reporting.Report, compared: outcomes.OutcomeReport | None = None) -> str:
    """Render the report as one self-contained HTML file (for `growpath report --format html`)."""
    template = _standalone().get_template("reports/standalone.html")
    panel = outcome_view(compared, editable=False) if compared else {}
    return template.render(
        stylesheet=STYLESHEET.read_text(encoding="utf-8"), **report_view(report), **panel
    )
