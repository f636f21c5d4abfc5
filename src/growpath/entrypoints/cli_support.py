"""What every `growpath` command shares: building the app and reporting refusals.

Imported by every command module, so it stays light: the app (SQLAlchemy, the ORM, the
settings) is imported when a command first asks for it, not when the command line starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console

from growpath.domain.errors import DomainError, InvalidInput

if TYPE_CHECKING:
    from growpath.bootstrap import Growpath
    from growpath.services.context import Context

EXIT_BAD_INPUT = 2
errors = Console(stderr=True)


def growpath_app() -> Growpath:
    """Bootstrap growpath from the environment, or exit 2 naming the bad setting."""
    from growpath.bootstrap import bootstrap, settings_from_environment

    try:
        return bootstrap(settings_from_environment())
    except ValueError as exc:
        errors.print(f"[red]Settings refused:[/red] {exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from exc


def operator() -> Context:
    """Bootstrap growpath and return the context of the operator at the command line."""
    from growpath.services.context import operator_context

    return operator_context(growpath_app())


def fail(exc: DomainError) -> typer.Exit:
    """Print a refusal with every problem it lists; return the exit to raise."""
    if isinstance(exc, InvalidInput):
        errors.print(f"[red]Refused:[/red] {len(exc.problems)} problem(s); nothing was written.")
        for problem in exc.problems:
            errors.print(f"  {problem}", markup=False, highlight=False, soft_wrap=True)
    else:
        errors.print(f"[red]Error:[/red] {exc.message}", soft_wrap=True)
    return typer.Exit(EXIT_BAD_INPUT)
