"""`growpath users list|deactivate|reactivate|break-glass|two-step-off`: the operator's view
of accounts."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from growpath.domain.errors import DomainError
from growpath.entrypoints.cli_support import fail, growpath_app, operator

console = Console()
EmailArgument = Annotated[str, typer.Argument(help="The account's e-mail.")]


def list_accounts_command(
    email_contains: Annotated[
        str, typer.Option("--email-contains", help="Only accounts whose e-mail contains this.")
    ] = "",
) -> None:
    """List accounts (the first 200 by e-mail): person, roles, last login, whether active."""
    from growpath.services import account_admin

    table = Table(title="Accounts")
    for column in ("Id", "E-mail", "Person", "Roles", "Last login (UTC)", "State"):
        table.add_column(column)
    for a in account_admin.list_accounts(operator(), email_contains):
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
    from growpath.services import account_admin

    ctx = operator()
    try:
        change = account_admin.deactivate(ctx, account_admin.account_id_by_email(ctx, email))
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(change.summary, markup=False, highlight=False)


def reactivate_command(email: EmailArgument) -> None:
    """Let a deactivated account log in again with its own password."""
    from growpath.services import account_admin

    ctx = operator()
    try:
        change = account_admin.reactivate(ctx, account_admin.account_id_by_email(ctx, email))
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(change.summary, markup=False, highlight=False)


def break_glass_command(email: EmailArgument) -> None:
    """Print a one-time password for an organisation admin: logs in once within an hour, even
    with GROWPATH_AUTH=sso, and must be replaced at once (audited)."""
    from growpath.services import break_glass

    try:
        password = break_glass.break_glass(growpath_app(), email)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(
        f"One-time password for {email}: {password}\n"
        "It logs in once, within 1 hour; growpath then asks for a new password. Every other "
        "session and API token of the account has ended.",
        markup=False,
        highlight=False,
    )


def two_step_off_command(email: EmailArgument) -> None:
    """Turn off the two-step login of someone who lost their phone and recovery codes; their
    sessions and API tokens end. An admin sets it up again at their next login."""
    from growpath.services import second_factor

    ctx = operator()
    try:
        turned_off = second_factor.turn_off_for_account(ctx, email)
    except DomainError as exc:
        raise fail(exc) from exc
    message = (
        f"Two-step login is off for {email}; their sessions and API tokens have ended."
        if turned_off
        else f"Two-step login was not on for {email}; nothing changed."
    )
    console.print(message, markup=False, highlight=False)
