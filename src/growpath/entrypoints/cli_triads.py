"""`growpath triads …`: form a program's practice triads and see their states."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from growpath.domain.errors import DomainError
from growpath.entrypoints.cli_support import fail, operator

triads_app = typer.Typer(help="Practice triads: coaching practice in threes.", no_args_is_help=True)
console = Console()


@triads_app.command(name="form")
def form_triads(
    program_id: int,
    yes: Annotated[bool, typer.Option("--yes", help="Form them without asking.")] = False,
) -> None:
    """Show the triads a program's enrolled people would form, then form them once confirmed."""
    from growpath.services import triads

    ctx = operator()
    try:
        plan = triads.preview_triads(ctx, program_id)
    except DomainError as exc:
        raise fail(exc) from exc
    table = Table(title=f"Practice triads for {plan.program_name}: {len(plan.groups)} groups")
    for column in ("Group", "Members, in rotation order", "Note"):
        table.add_column(column)
    for number, group in enumerate(plan.groups, start=1):
        table.add_row(str(number), escape(", ".join(group.names)), group.note)
    console.print(table)
    if plan.already_practising:
        console.print(f"{plan.already_practising} people already in a running triad stay there.")
    if not yes and not typer.confirm("Form these triads?"):
        console.print("Nothing was formed.")
        raise typer.Exit(1)
    try:
        formed = triads.form_triads(ctx, program_id, plan.plan)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"Formed {len(formed)} practice triads; round 1 begins.")


@triads_app.command(name="list")
def list_triads(program_id: int) -> None:
    """List a program's triads: members and round numbers, never their feedback."""
    from growpath.services import triads

    try:
        states = triads.program_triads(operator(), program_id)
    except DomainError as exc:
        raise fail(exc) from exc
    table = Table(title=f"Practice triads of program {program_id}")
    for column in ("Triad", "Members", "Round", "Status"):
        table.add_column(column)
    for t in states:
        table.add_row(
            str(t.id),
            escape(", ".join(t.members)),
            f"{t.current_round} of {t.round_count}",
            t.status,
        )
    console.print(table)
