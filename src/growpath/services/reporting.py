"""Program reports for administrators: aggregate figures only, each over k people or withheld."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from growpath.adapters.csv_files import csv_text
from growpath.adapters.report_queries import Group
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.practice import adoption_weeks
from growpath.domain.publication import releasable, state_of
from growpath.domain.question_reports import MEAN_KEY, QuestionResult
from growpath.domain.reporting import (
    GROWTH_FIGURES,
    THEME_FIGURES,
    Cell,
    Row,
    Table,
    Tally,
    band_text,
    protect_breakdown,
    protect_independent,
    with_bands,
)
from growpath.i18n import N_
from growpath.services.adoption import adoption_table, week_label
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context
from growpath.services.lineage import LINEAGE_LABELS, lineage_tables
from growpath.services.programs import load_program
from growpath.services.question_reports import question_results
from growpath.services.report_texts import Said

FORMATS = ("page", "html", "json", "csv")
COHORT_DEFINITION = N_(
    "A cohort is the calendar month (UTC) in which a participant's engagement started; "
    "participants whose engagement has not started yet form the cohort 'Not started'."
)
TITLES = {
    "cohort": N_("By cohort"),
    "department": N_("By department"),
    "level": N_("By seniority level"),
    "support": N_("Coaching, mentoring or both"),
}
GROWTH_TITLE = N_("Competency growth per competency")
THEMES_TITLE = N_("Development themes")
NOT_RECORDED = N_("Not recorded")
NOT_STARTED = N_("Not started")
LEVEL = N_("Level %(level)s")
# The row of a breakdown's total (growpath.domain.reporting names it "All").
ALL = N_("All")


@dataclass(frozen=True)
class Report:
    """A program's report: breakdowns sharing one total, competency growth and themes."""

    program_id: int
    program_name: str
    program_kind: str
    as_of: datetime
    min_group: int
    overview: Row  # the whole program: the total every breakdown shares
    breakdowns: tuple[Table, ...]
    competencies: Table
    themes: Table
    # The program's own check-in questions (growpath.domain.question_reports).
    questions: tuple[QuestionResult, ...] = ()
    lineage: tuple[Table, ...] = ()  # paying it forward, and generations onward
    adoption: Table | None = None  # the enrolled managers practising coaching weekly
    # The groups the report itself names ("Level 5", "Not recorded", "All"), by their English
    # label, as messages to translate; groups named by data (a department) are not here.
    said: Mapping[str, Said] = field(default_factory=dict)

    @property
    def tables(self) -> tuple[Table, ...]:
        """Every table of the report, in reading order."""
        adoption = (self.adoption,) if self.adoption else ()
        return (*self.breakdowns, self.competencies, self.themes, *self.lineage, *adoption)


def _order(dimension: str, value: str | None) -> tuple[bool, float, str]:
    # Numbers in number order (level 10 after level 9); the unknown group last.
    if value is None or value == "":
        return (True, 0.0, "")
    return (False, float(value), "") if dimension in ("cohort", "level") else (False, 0.0, value)


def _label(dimension: str, value: str | None) -> Said | str:
    # A group the report names is said as a message; one named by data is its own text.
    if value is None or value == "":
        return Said(NOT_STARTED if dimension == "cohort" else NOT_RECORDED)
    if dimension == "cohort":
        year, month = divmod(int(float(value)), 100)  # PostgreSQL's EXTRACT gives a numeric
        return f"{year}-{month:02d}"
    if dimension == "level":
        return Said(LEVEL, {"level": int(value)})
    return value


def _text(label: Said | str) -> str:
    return label.english if isinstance(label, Said) else label


def _most_discussed_first(table: Table) -> Table:
    # Suppressed themes go last in name order: ranking them would hint at their counts.
    def key(row: Row) -> tuple[bool, int, str]:
        cell = row.cells["people"]
        return (cell.suppressed, -(cell.people or 0), row.label)

    return replace(table, rows=tuple(sorted(table.rows, key=key)))


def _breakdown(dimension: str, groups: Sequence[Group], k: int) -> Table:
    ordered = sorted(groups, key=lambda g: _order(dimension, g.value))
    table = protect_breakdown(
        f"by_{dimension}",
        TITLES[dimension],
        dimension,
        [(_text(_label(dimension, g.value)), g.tallies) for g in ordered],
        k,
    )
    dates = [g.as_of for g in ordered]
    known = [d for d in dates if d is not None]
    return replace(
        table,
        rows=tuple(replace(row, as_of=d) for row, d in zip(table.rows, dates, strict=True)),
        total=replace(table.total, as_of=max(known)) if table.total and known else table.total,
    )


def publish_changes(uow: UnitOfWork, program_id: int, now: datetime, k: int) -> int:
    """Publish the participants' changes that move every figure by 0 or k people or more.

    The others wait, and the figures they would move keep their published values (and dates)
    until enough other people's changes join them (growpath.domain.publication).
    """
    changed = uow.reports.changed(program_id, now)
    published = uow.reports.published_people(program_id) if changed else {}
    if not changed:
        released: frozenset[int] = frozenset()
    elif any(published.values()):
        changes = {
            enrolment: (state_of(*before), state_of(*today))
            for enrolment, (before, today) in uow.reports.sides(program_id, now, changed).items()
        }
        released = releasable(changes, published, k)
    else:
        # Nothing published yet: every cell moves from no one to all its people, so by k or
        # more, or stays under k (the rule releases everyone; no need to read them all).
        released = frozenset(changed)
    if released:
        uow.reports.publish(program_id, now, released)
    uow.reports.settle(program_id, set(changed) - released)
    return len(released)


def program_report(ctx: Context, program_id: int, export_format: str = "page") -> Report:
    """Build a program's report (its administrators); each view or export is audited."""
    ctx.require_program_admin(
        program_id, N_("only an administrator of this program may see this program's report")
    )
    if export_format not in FORMATS:
        raise InvalidInput(
            [Problem.of(N_("must be one of %(choices)s"), "format", choices=", ".join(FORMATS))]
        )
    k = ctx.app.settings.report_min_group
    with ctx.uow() as uow:
        program = load_program(uow, program_id)
        # Writes since the last catch-up only noted what they touched: recompute those first.
        uow.reports.catch_up()
        published = publish_changes(uow, program_id, ctx.now, k)
        grouped = uow.reports.breakdowns(program_id)
        breakdowns = [
            with_bands(_breakdown(dimension, groups, k)) for dimension, groups in grouped.items()
        ]
        competencies = with_bands(
            protect_independent(
                "competency_growth",
                GROWTH_TITLE,
                "competency",
                uow.reports.competency_growth(program_id),
                GROWTH_FIGURES,
                k,
            )
        )
        themes = _most_discussed_first(
            protect_independent(
                "themes",
                THEMES_TITLE,
                "theme",
                [(name, Tally(n)) for name, n in uow.reports.theme_people(program_id)],
                THEME_FIGURES,
                k,
            )
        )
        questions = question_results(uow, program_id, ctx.now, k)
        lineage = lineage_tables(uow, program_id, k)
        adoption = adoption_table(uow, program_id, ctx.now.date(), k)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "report.view" if export_format == "page" else "report.export",
            "program",
            str(program_id),
            ctx.source_address,
            detail={"format": export_format, "min_group": k, "published": published},
        )
        uow.commit()
        return Report(
            program.id,
            program.name,
            program.kind,
            ctx.now,
            k,
            breakdowns[0].total or Row("All", {}),
            tuple(breakdowns),
            competencies,
            themes,
            questions,
            lineage,
            adoption,
            _said(grouped, ctx.now),
        )


def _said(grouped: Mapping[str, Sequence[Group]], now: datetime) -> dict[str, Said]:
    # Every group label the report writes itself, by its English, with the message it says.
    labels = [_label(dimension, g.value) for dimension, groups in grouped.items() for g in groups]
    said = [label for label in labels if isinstance(label, Said)]
    said += [Said(ALL), *LINEAGE_LABELS, *(week_label(w) for w in adoption_weeks(now.date()))]
    return {s.english: s for s in said}


def catch_up_facts(app: Growpath) -> int:
    """Recompute the report facts behind the writes since the last catch-up (periodic job)."""
    with app.uow() as uow:
        participants = uow.reports.catch_up()
        uow.commit()
        return participants


def rebuild_facts(ctx: Context) -> int:
    """Recompute every participant's report facts; return how many participants have facts."""
    ctx.require_admin(N_("only an administrator may rebuild report facts"))
    with ctx.uow() as uow:
        participants = uow.reports.rebuild()
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "report.facts_rebuilt",
            "report_facts",
            "all",
            ctx.source_address,
            detail={"participants": participants},
        )
        uow.commit()
        return participants


def cell_columns(key: str, cell: Cell) -> tuple[str, str, str]:
    """Return a cell's value, status and band for a CSV: the value is a plain number or empty,
    so a spreadsheet or pandas reads the column as numbers; the status says why it is empty."""
    if cell.band is not None:
        return "", "band", band_text(key, cell.band)
    if cell.value is None:
        return "", "suppressed", ""
    return f"{cell.value:g}", "published", ""


# Machine-readable, in every reader's language alike: the columns, tables, figures and
# groups keep their English names, as the JSON keeps its field names.
CSV_COLUMNS = [
    "program",
    "table",
    "dimension",
    "group",
    "figure",
    "unit",
    "value",
    "status",
    "band",
    "people",
    "as_of",
]


def _csv_rows(report: Report) -> Iterator[list[str]]:
    yield CSV_COLUMNS
    for table in report.tables:
        for row in (*table.rows, *([table.total] if table.total else [])):
            for f in table.figures:
                cell = row.cells[f.key]
                yield [
                    report.program_name,
                    table.key,
                    table.dimension,
                    row.label,
                    f.key,
                    f.unit,
                    *cell_columns(f.key, cell),
                    "" if cell.people is None else str(cell.people),
                    row.as_of.date().isoformat() if row.as_of else "",
                ]
    yield from _question_rows(report)


def _question_rows(report: Report) -> Iterator[list[str]]:
    # One table per question, keyed by its id: its answer lines, then all its respondents.
    for question in report.questions:
        table = f"question_{question.question_id}"
        cells = [(line.label, "people", "people", line.people) for line in question.lines]
        cells += [(line.label, "share", "%", line.share) for line in question.lines]
        cells.append(("All", "respondents", "people", question.respondents))
        if question.mean is not None:
            cells.append(("All", MEAN_KEY, "score", question.mean))
        for label, figure, unit, cell in cells:
            yield [
                report.program_name,
                table,
                f"answer to: {question.wording}",
                label,
                figure,
                unit,
                *cell_columns(figure, cell),
                "" if cell.people is None else str(cell.people),
                "",
            ]


def report_csv(report: Report, bom: bool = False) -> str:
    """Return the report as CSV, one figure per line; value is a number or empty, and status
    says which: "published", "band" (the band column reads "≥ 90") or "suppressed".

    as_of is the day the row last moved on. ``bom`` starts the file with a UTF-8 byte order
    mark, so Excel opens "≥" and names outside ASCII correctly.

    A group named like a formula (a department called ``=HYPERLINK(…)``) is guarded with a '.
    """
    return ("\ufeff" if bom else "") + csv_text(_csv_rows(report))
