"""`growpath programs questions …`: a program's own check-in questions, for administrators."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from growpath.domain.errors import DomainError
from growpath.entrypoints.cli_support import fail, operator

questions_app = typer.Typer(
    help="A program's own check-in questions, asked after the fixed pulse.", no_args_is_help=True
)
console = Console()


@questions_app.command(name="list")
def list_questions(program_id: int) -> None:
    """List a program's questions: those asked, in order, then the retired ones."""
    from growpath.services import checkin_questions

    try:
        found = checkin_questions.list_questions(operator(), program_id)
    except DomainError as exc:
        raise fail(exc) from exc
    table = Table(title=f"Check-in questions of program {program_id}")
    for column in ("Id", "Kind", "Question", "Answers", "Required", "State"):
        table.add_column(column)
    for q in found:
        table.add_row(
            str(q.id),
            q.kind,
            q.wording,
            str(q.answers),
            "yes" if q.required else "no",
            f"retired {q.retired_at:%Y-%m-%d}" if q.retired_at else "asked",
        )
    console.print(table)


@questions_app.command(name="add")
def add_question(
    program_id: int,
    kind: Annotated[str, typer.Option(help="scale (1–5), choice or text (≤ 500 characters).")],
    wording: Annotated[str, typer.Option(help="The question, one line.")],
    low: Annotated[str, typer.Option(help="Scale: what 1 means.")] = "",
    high: Annotated[str, typer.Option(help="Scale: what 5 means.")] = "",
    option: Annotated[
        list[str] | None, typer.Option(help="Choice: an option (give 2 to 8, in order).")
    ] = None,
    required: Annotated[
        bool, typer.Option("--required/--optional", help="Whether a check-in must answer it.")
    ] = False,
) -> None:
    """Add a question asked last in the program's check-ins; bad fields exit 2, named."""
    from growpath.services import checkin_questions

    try:
        added = checkin_questions.add_question(
            operator(), program_id, kind, wording, low, high, option or (), required
        )
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"Added question {added.id} to program {program_id}: check-ins ask it now.")
