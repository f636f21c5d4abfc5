"""`growpath scim token create|list|revoke`: the identity provider's SCIM bearer tokens."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from growpath.domain.errors import DomainError
from growpath.entrypoints.cli_support import fail, growpath_app

console = Console()
scim_app = typer.Typer(help="SCIM 2.0 provisioning by an identity provider.", no_args_is_help=True)
token_app = typer.Typer(help="The identity provider's bearer tokens.", no_args_is_help=True)
scim_app.add_typer(token_app, name="token")


@token_app.command(name="create")
def create_token_command(
    label: Annotated[str, typer.Option("--label", help="Who holds it, e.g. okta.")] = "",
) -> None:
    """Create a SCIM bearer token and print it once; only its digest is kept."""
    from growpath.services import scim_tokens

    try:
        issued = scim_tokens.create_token(growpath_app(), label)
    except DomainError as exc:
        raise fail(exc) from exc
    typer.echo(issued.token)
    typer.echo(f"SCIM token {issued.id} created: copy it now, it is not shown again.", err=True)


@token_app.command(name="list")
def list_tokens_command() -> None:
    """List SCIM tokens: id, label, when made and last used, whether revoked (never secrets)."""
    from growpath.services import scim_tokens

    table = Table(title="SCIM tokens")
    for column in ("Id", "Label", "Created (UTC)", "Last used (UTC)", "State"):
        table.add_column(column)
    for t in scim_tokens.list_tokens(growpath_app()):
        table.add_row(
            str(t.id),
            t.label,
            f"{t.created_at:%Y-%m-%d %H:%M}",
            f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never",
            "revoked" if t.revoked_at else "live",
        )
    console.print(table)


@token_app.command(name="revoke")
def revoke_token_command(
    token_id: Annotated[int, typer.Argument(help="The token's id (see `scim token list`).")],
) -> None:
    """Revoke a SCIM token: the identity provider's requests with it are refused at once."""
    from growpath.services import scim_tokens

    try:
        revoked = scim_tokens.revoke_token(growpath_app(), token_id)
    except DomainError as exc:
        raise fail(exc) from exc
    typer.echo(f"SCIM token {token_id} {'revoked' if revoked else 'was revoked already'}.")
