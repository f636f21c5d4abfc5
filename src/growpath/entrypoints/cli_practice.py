"""`growpath practice adoption`: how many managers practise coaching weekly, in aggregate."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from growpath.domain.errors import DomainError
from growpath.entrypoints.cli_support import fail, operator

console = Console()
practice_app = typer.Typer(help="Managers who coach: the weekly practice.", no_args_is_help=True)


@practice_app.command(name="adoption")
def adoption_command(
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON instead of a table.")] = False,
) -> None:
    """Show the share of managers with a coaching conversation in each of the last four weeks."""
    from growpath.services import practice

    try:
        weeks = practice.adoption_report(operator())
    except DomainError as exc:
        raise fail(exc) from exc
    if as_json:
        rows = [
            {
                "week": w.week.isoformat(),
                "managers": w.managers,
                "practising": w.practising,
                "share": w.share,
                "band": w.band,
                "text": w.text,
            }
            for w in weeks
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="Managers practising weekly (suppressed under k managers)")
    for column in ("Week of", "Managers", "Practising", "Share"):
        table.add_column(column)
    for w in weeks:
        practising = "—" if w.practising is None else str(w.practising)
        table.add_row(f"{w.week:%Y-%m-%d}", str(w.managers), practising, w.text)
    console.print(table)
