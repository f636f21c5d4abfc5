"""`growpath report PROGRAM --format …` and `growpath db rebuild-report-facts` for operators."""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from growpath.domain.errors import DomainError, NotFound
from growpath.entrypoints.cli_support import errors, fail, operator
from growpath.i18n import N_

if TYPE_CHECKING:
    from growpath.services.context import Context

console = Console()


class ReportFormat(StrEnum):
    """What `growpath report` writes."""

    HTML = "html"
    CSV = "csv"
    JSON = "json"


def _program_id(ctx: Context, program: str) -> int:
    from growpath.services import programs

    if program.isdigit():
        return int(program)
    for view in programs.list_programs(ctx):
        if view.name == program:
            return view.id
    raise NotFound(
        N_("no program named '%(name)s'; `growpath programs list` shows them"), name=program
    )


def report_command(
    program: Annotated[str, typer.Argument(help="Program id, or its exact name.")],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="html (a self-contained page), csv or json.")
    ] = ReportFormat.JSON,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write here instead of stdout."),
    ] = None,
    salary: Annotated[
        str | None, typer.Option(help="Annual salary assumed for the turnover cost (outcomes).")
    ] = None,
    share: Annotated[
        str | None,
        typer.Option(help="Cost of replacing a leaver, in % of salary (default 21; outcomes)."),
    ] = None,
) -> None:
    """Write a program's report and its outcomes: every figure over k people, or "suppressed"."""
    from growpath.services import outcomes, reporting

    ctx = operator()
    try:
        program_id = _program_id(ctx, program)
        report = reporting.program_report(ctx, program_id, output_format.value)
        compared = outcomes.program_outcomes(
            ctx, program_id, outcomes.turnover_assumption(salary, share), output_format.value
        )
    except DomainError as exc:
        raise fail(exc) from exc
    if output_format is ReportFormat.HTML:
        # Imported on use: the web layer (FastAPI, templates, charts) would otherwise slow the
        # start of every growpath command.
        from growpath.entrypoints.web.report_pages import report_html

        content = report_html(report, compared)
    elif output_format is ReportFormat.CSV:
        as_of = report.as_of.date().isoformat()
        content = reporting.report_csv(report) + outcomes.report_csv_rows(compared, as_of)
    else:
        from growpath.entrypoints.http.outcome_schemas import OutcomesPublic
        from growpath.entrypoints.http.report_schemas import ReportPublic

        dumped = ReportPublic.of(report).model_dump(mode="json")
        dumped["outcomes"] = OutcomesPublic.of(compared).model_dump(mode="json")
        content = json.dumps(dumped, indent=2) + "\n"
    if output is None:
        sys.stdout.write(content)
    else:
        output.write_text(content, encoding="utf-8")
        errors.print(f"Wrote {output}")


def rebuild_report_facts_command() -> None:
    """Recompute every participant's report facts (after rows were written outside the app)."""
    from growpath.services import reporting

    ctx = operator()
    started = time.perf_counter()
    participants = reporting.rebuild_facts(ctx)
    console.print(
        f"Rebuilt the report facts of {participants} participant(s) "
        f"in {time.perf_counter() - started:.1f} s."
    )
