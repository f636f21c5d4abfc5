"""What every `growpath` command shares: building the app and reporting refusals."""

from __future__ import annotations

import typer
from rich.console import Console

from growpath.bootstrap import Growpath, bootstrap, settings_from_environment
from growpath.domain.errors import DomainError, InvalidInput

EXIT_BAD_INPUT = 2
errors = Console(stderr=True)


def growpath_app() -> Growpath:
    """Bootstrap growpath from the environment, or exit 2 naming the bad setting."""
    try:
        return bootstrap(settings_from_environment())
    except ValueError as exc:
        errors.print(f"[red]Settings refused:[/red] {exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from exc


def fail(exc: DomainError) -> typer.Exit:
    """Print a refusal with every problem it lists; return the exit to raise."""
    if isinstance(exc, InvalidInput):
        errors.print(f"[red]Refused:[/red] {len(exc.problems)} problem(s); nothing was written.")
        for problem in exc.problems:
            errors.print(f"  {problem}", markup=False, highlight=False, soft_wrap=True)
    else:
        errors.print(f"[red]Error:[/red] {exc.message}", soft_wrap=True)
    return typer.Exit(EXIT_BAD_INPUT)
