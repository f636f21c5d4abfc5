"""`growpath backup` and `growpath restore`: the whole database to a file and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from growpath.entrypoints.cli_support import EXIT_BAD_INPUT, errors, growpath_app

console = Console()


def backup_command(
    path: Annotated[Path, typer.Argument(dir_okay=False, help="The backup file to write.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Back up the database to a file, safely while the app runs."""
    from growpath.adapters.backup import BackupRefused, backup

    growpath = growpath_app()
    try:
        backup(growpath.engine, path, force=force)
    except BackupRefused as exc:
        errors.print(f"[red]Refused:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    console.print(f"Backed up the {growpath.engine.dialect.name} database to {path}.")


def restore_command(
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="A backup file.")
    ],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a database that already holds data."),
    ] = False,
) -> None:
    """Restore the database from a backup, then migrate it to the newest schema."""
    from growpath.adapters.backup import BackupRefused, restore

    growpath = growpath_app()
    try:
        result = restore(growpath.engine, path, force=force)
    except BackupRefused as exc:
        errors.print(f"[red]Refused:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    console.print(
        f"Restored {path} (schema revision {result.backup_revision}); "
        f"the database is at revision {result.revision}."
    )
