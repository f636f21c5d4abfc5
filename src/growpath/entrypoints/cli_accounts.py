"""`growpath users list|deactivate|reactivate`: the operator's view of accounts."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from growpath.domain.errors import DomainError
from growpath.entrypoints.cli_support import fail, growpath_app
from growpath.services import account_admin
from growpath.services.context import operator_context

console = Console()
EmailArgument = Annotated[str, typer.Argument(help="The account's e-mail.")]


def list_accounts_command(
    email_contains: Annotated[
        str, typer.Option("--email-contains", help="Only accounts whose e-mail contains this.")
    ] = "",
) -> None:
    """List accounts (the first 200 by e-mail): person, roles, last login, whether active."""
    table = Table(title="Accounts")
    for column in ("Id", "E-mail", "Person", "Roles", "Last login (UTC)", "State"):
        table.add_column(column)
    for a in account_admin.list_accounts(operator_context(growpath_app()), email_contains):
        table.add_row(
            str(a.id),
            a.email,
            a.name or "",
            ", ".join(a.roles),
            f"{a.last_login_at:%Y-%m-%d %H:%M}" if a.last_login_at else "never",
            "active" if a.is_active else "deactivated",
        )
    console.print(table)


def deactivate_command(email: EmailArgument) -> None:
    """End every login, API token and calendar feed of an account; it cannot log in until
    reactivated. Its data and history stay."""
    ctx = operator_context(growpath_app())
    try:
        change = account_admin.deactivate(ctx, account_admin.account_id_by_email(ctx, email))
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(change.summary, markup=False, highlight=False)


def reactivate_command(email: EmailArgument) -> None:
    """Let a deactivated account log in again with its own password."""
    ctx = operator_context(growpath_app())
    try:
        change = account_admin.reactivate(ctx, account_admin.account_id_by_email(ctx, email))
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(change.summary, markup=False, highlight=False)
