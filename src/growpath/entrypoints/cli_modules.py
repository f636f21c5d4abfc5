"""`growpath modules …`: the learning modules, and adding the organisation's own from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from growpath.domain.errors import DomainError
from growpath.entrypoints.cli_support import EXIT_BAD_INPUT, errors, fail, operator

modules_app = typer.Typer(help="Learning modules and resources.", no_args_is_help=True)
console = Console()


@modules_app.command(name="list")
def list_modules() -> None:
    """List every module and resource, hidden ones included."""
    from growpath.services import learning

    table = Table(title="Learning modules")
    for column in ("Slug", "Title", "Audience", "Kind", "Minutes", "Source", "Shown"):
        table.add_column(column)
    for m in learning.admin_modules(operator()):
        table.add_row(
            m.slug,
            escape(m.title),
            m.audience,
            m.kind,
            str(m.minutes),
            "shipped" if m.shipped else "own",
            "hidden" if m.hidden else "yes",
        )
    console.print(table)


@modules_app.command(name="add")
def add_module(
    file: Annotated[Path, typer.Argument(help="Markdown file with front matter.")],
    slug: Annotated[
        str, typer.Option(help="Its address under /learn (default: the file's name).")
    ] = "",
) -> None:
    """Add a module or resource from a Markdown file with front matter; bad fields are named."""
    from growpath.services import learning

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.print(f"[red]Cannot read {escape(str(file))}:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    try:
        module = learning.add_module_file(operator(), slug or file.stem, text)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"Added {escape(module.title)} at /learn/{module.slug} for {module.audience}s.")


@modules_app.command(name="hide")
def hide_module(slug: Annotated[str, typer.Argument(help="The module's slug.")]) -> None:
    """Hide a module from everyone: no longer listed, read or required."""
    from growpath.services import learning

    try:
        module = learning.hide_module(operator(), slug)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"Hidden: {escape(module.title)}.")


@modules_app.command(name="show")
def show_module(slug: Annotated[str, typer.Argument(help="The module's slug.")]) -> None:
    """Show a hidden module again."""
    from growpath.services import learning

    try:
        module = learning.show_module(operator(), slug)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"Shown again: {escape(module.title)}.")
