"""The `growpath` command for administrators and operators.

Every command module imports at its top only the standard library, Typer, Rich,
`cli_support` and the plain `growpath.domain` modules its signatures name: `growpath --help`
(and any command's) must start at once. Services, adapters, settings and the web app are
imported in the body of the command that uses them (`tests/e2e/test_cli_startup.py` holds
every command module to this).
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from growpath.domain.accounts import Role
from growpath.domain.errors import DomainError, InvalidInput, Problem
from growpath.entrypoints.cli_accounts import (
    break_glass_command,
    deactivate_command,
    list_accounts_command,
    reactivate_command,
    two_step_off_command,
)
from growpath.entrypoints.cli_backup import backup_command, restore_command
from growpath.entrypoints.cli_modules import modules_app
from growpath.entrypoints.cli_practice import practice_app
from growpath.entrypoints.cli_programs import engagements_app, match_app, programs_app
from growpath.entrypoints.cli_questions import questions_app
from growpath.entrypoints.cli_reports import rebuild_report_facts_command, report_command
from growpath.entrypoints.cli_scim import scim_app
from growpath.entrypoints.cli_support import EXIT_BAD_INPUT, errors, fail, growpath_app, operator
from growpath.entrypoints.cli_triads import triads_app
from growpath.i18n import N_

if TYPE_CHECKING:
    from growpath.bootstrap import Growpath

app = typer.Typer(help="growpath: coaching and mentoring programs.", no_args_is_help=True)
people_app = typer.Typer(help="Import and export people.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)
users_app = typer.Typer(help="Accounts.", no_args_is_help=True)
keys_app = typer.Typer(help="Encryption keys of notes.", no_args_is_help=True)
nudges_app = typer.Typer(help="The e-mail outbox.", no_args_is_help=True)
app.add_typer(people_app, name="people")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(keys_app, name="keys")
app.add_typer(nudges_app, name="nudges")
programs_app.add_typer(questions_app, name="questions")
app.add_typer(programs_app, name="programs")
app.add_typer(match_app, name="match")
app.add_typer(engagements_app, name="engagements")
app.add_typer(scim_app, name="scim")
app.add_typer(practice_app, name="practice")
app.add_typer(modules_app, name="modules")
app.add_typer(triads_app, name="triads")
app.command(name="report")(report_command)
app.command(name="backup")(backup_command)
app.command(name="restore")(restore_command)
users_app.command(name="list")(list_accounts_command)
users_app.command(name="deactivate")(deactivate_command)
users_app.command(name="reactivate")(reactivate_command)
users_app.command(name="break-glass")(break_glass_command)
users_app.command(name="two-step-off")(two_step_off_command)
console = Console()
SCHEDULER_INTERVAL_SECONDS = 300
EXIT_NUDGES_FAILED = 1  # `nudges run`: some nudge failed for good
EXIT_RELAY_REFUSED = 3  # `nudges run`: the relay refused our configuration; nothing more sent


def _ready_database(growpath: Growpath) -> None:
    from growpath.adapters import migrate
    from growpath.services.competencies import ensure_catalogue
    from growpath.services.context import operator_context

    migrate.upgrade(growpath.engine)
    ensure_catalogue(operator_context(growpath))


@app.command()
def init(
    admin_email: Annotated[str, typer.Option(help="E-mail of the first organisation admin.")],
) -> None:
    """Create the database schema and the first administrator; print a one-time password.

    The first admin is the operator's own bootstrap, so it keeps a printed one-time password
    rather than an invitation link: on a fresh install mail may not be set up yet, and the
    operator at this prompt already holds the database. It logs in once, within 72 hours,
    and must be replaced first. Everyone else is invited by e-mail (`growpath users invite`).
    """
    from growpath.services import accounts

    growpath = growpath_app()
    try:
        # Refused before the schema is created, so a typo leaves the database untouched.
        accounts.checked_email(admin_email)
    except DomainError as exc:
        raise fail(exc) from exc
    _ready_database(growpath)
    try:
        password = accounts.init_admin(growpath, admin_email)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"Created organisation admin [bold]{admin_email}[/bold].")
    console.print(
        f"One-time password (shown once, change it after logging in): {password}",
        markup=False,
        highlight=False,
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    scheduler: Annotated[
        bool,
        typer.Option(
            "--scheduler/--no-scheduler",
            help="Also run check-ins, digests, health nudges and e-mail delivery every 5 minutes "
            "(instead of `growpath nudges run` from cron).",
        ),
    ] = False,
) -> None:
    """Serve the web application and the API."""
    from growpath.adapters import migrate
    from growpath.adapters.scheduler import PeriodicRunner
    from growpath.services.jobs import run_periodic_jobs

    _default_base_url(host, port)
    growpath = growpath_app()
    _refuse_public_secret(growpath, host)
    _refuse_busy_port(host, port, "serve")
    if not migrate.is_up_to_date(growpath.engine):
        errors.print(
            "[red]The database schema is not up to date.[/red] "
            "Run `growpath db upgrade` (or `growpath init`) first."
        )
        raise typer.Exit(EXIT_BAD_INPUT)
    runner = PeriodicRunner(lambda: run_periodic_jobs(growpath), SCHEDULER_INTERVAL_SECONDS)
    if scheduler:
        runner.start()
    try:
        _serve(growpath, host, port, workers)
    finally:
        if scheduler:
            runner.stop()


def _default_base_url(host: str, port: int) -> None:
    # Without GROWPATH_BASE_URL, e-mailed links would name port 8000 whatever port is served;
    # set through the environment so the server's own workers read the same address.
    if "GROWPATH_BASE_URL" in os.environ:
        return
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        name = host
    else:
        # A wildcard address is where the server listens, not one a browser can open.
        name = "localhost" if address.is_unspecified else str(address)
        name = f"[{name}]" if address.version == 6 and name != "localhost" else name
    os.environ["GROWPATH_BASE_URL"] = f"http://{name}:{port}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refuse_public_secret(growpath: Growpath, host: str) -> None:
    # The development secret is in the source code: with it, anyone forges a login cookie for
    # any account. Only this machine may reach a server signing with it, and only in development.
    from growpath.settings import DEVELOPMENT_SECRET_KEY

    settings = growpath.settings
    if settings.secret_key != DEVELOPMENT_SECRET_KEY:
        return
    if settings.environment == "development" and _is_loopback(host):
        errors.print(
            "[bold red]WARNING:[/bold red] serving with the public development secret "
            "(GROWPATH_SECRET_KEY is set to it): anyone who can reach this server can forge a "
            "login as any account. Reachable from this machine only."
        )
        return
    errors.print(
        "[red]Refused:[/red] GROWPATH_SECRET_KEY is the public development secret, which lets "
        f"anyone forge a login; growpath serves on {host} only with a private secret. Set "
        "GROWPATH_SECRET_KEY to a long random value (or unset it in development, and growpath "
        "keeps a random one in growpath-secret.key)."
    )
    raise typer.Exit(EXIT_BAD_INPUT)


def _refuse_busy_port(host: str, port: int, command: str) -> None:
    # Said before seeding or migrating, and in words: uvicorn's own refusal is an errno.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            errors.print(
                f"[red]Cannot serve on {host}:{port}:[/red] {exc.strerror or exc}. "
                f"Pick another port: growpath {command} --port 8080"
                + (" (or make demo PORT=8080)." if command == "demo" else "."),
                highlight=False,
            )
            raise typer.Exit(1) from exc


def _serve(
    growpath: Growpath, host: str, port: int, workers: int, log_format: str | None = None
) -> None:
    # The demo runs in a person's terminal, where plain text reads better than JSON.
    import uvicorn

    from growpath.adapters.logs import configure_logging

    configure_logging(growpath.settings.log_level, log_format or growpath.settings.log_format)
    growpath.engine.dispose()  # each worker opens its own connections
    console.print(f"Serving growpath on http://{host}:{port} (Ctrl+C to stop)")
    uvicorn.run(
        "growpath.entrypoints.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        # The app applies X-Forwarded-* itself, from GROWPATH_TRUSTED_PROXIES (BehindProxy).
        proxy_headers=False,
    )


@app.command(name="demo")
def demo_command(
    serve_app: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the app after seeding.")
    ] = True,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Seed a demo organisation, print one login per role, and serve the app."""
    from growpath.services import demo

    _default_base_url(host, port)
    growpath = growpath_app()
    if growpath.settings.environment == "production":
        errors.print(
            "[red]Refused:[/red] the demo creates accounts with a published password; "
            "it does not run when GROWPATH_ENVIRONMENT=production."
        )
        raise typer.Exit(EXIT_BAD_INPUT)
    if serve_app:
        _refuse_public_secret(growpath, host)
        _refuse_busy_port(host, port, "demo")
    _ready_database(growpath)
    with console.status("Seeding the demo organisation…"):
        organisation = demo.seed_demo(growpath)
    console.print(
        f"Demo organisation ready: {organisation.people.total} people "
        f"({organisation.newcomers} new)."
    )
    if organisation.programs.programs:
        console.print(
            f"Seeded {organisation.programs.programs} programs, "
            f"{organisation.programs.proposals} match proposals and "
            f"{organisation.programs.engagements} engagements."
        )
    table = Table(title="Demo logins")
    for column in ("Role", "E-mail", "Password"):
        table.add_column(column, no_wrap=True)
    for login in organisation.logins:
        table.add_row(login.role, login.email, login.password)
    console.print(table)
    for secret in sorted({login.totp_secret for login in organisation.logins} - {""}):
        admins = ", ".join(login.role for login in organisation.logins if login.totp_secret)
        console.print(
            f"Two-step login for the {admins}: add the authenticator key {secret} to an "
            "authenticator app, or print the current code with "
            f".venv/bin/python -c \"import pyotp; print(pyotp.TOTP('{secret}').now())\"",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if serve_app:
        _serve(growpath, host, port, workers=1, log_format="text")


@people_app.command(name="import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help="HRIS export: CSV (any delimiter, UTF-8/UTF-16/cp1252), Excel .xlsx or JSON.",
        ),
    ],
    preset: Annotated[
        str | None,
        typer.Option(
            help="Read the columns of an HRIS's export: bamboohr, workday, hibob, personio, "
            "rippling."
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            readable=True,
            help='A JSON file mapping the file\'s columns to fields: {"Work Email": "email", …}.',
        ),
    ] = None,
    saved_mapping: Annotated[
        bool, typer.Option("--saved-mapping", help="Use the column mapping saved by an admin.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check everything and count the changes; write nothing."),
    ] = False,
) -> None:
    """Import people atomically: any bad row writes nothing and every bad row is listed."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from growpath.domain.hris_columns import check_mapping
    from growpath.services import people_import
    from growpath.services.context import operator_context

    growpath = growpath_app()
    content = file.read_bytes()
    with Progress(
        TextColumn("Importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    ) as progress:
        task = progress.add_task("import", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            columns = check_mapping(_json_file(mapping)) if mapping else None
            result = people_import.import_people(
                operator_context(growpath),
                content,
                file.name,
                on_progress=advance,
                preset=preset,
                mapping=columns,
                saved_mapping=saved_mapping,
                dry_run=dry_run,
            )
        except DomainError as exc:
            raise fail(exc) from exc
    errors.print(f"Read {file.name} as {result.read_as}.", markup=False, highlight=False)
    for warning in result.warnings:
        errors.print(f"[yellow]Warning:[/yellow] {warning}", soft_wrap=True, highlight=False)
    counts = result.counts
    if result.dry_run:
        console.print(f"Dry run, nothing written: {result.total} people would be {counts}.")
    else:
        console.print(f"Imported {result.total} people: {counts}.")


def _json_file(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        not_json = N_("%(file)s is not JSON (%(error)s)")
        raise InvalidInput([Problem.of(not_json, "mapping", file=path.name, error=exc)]) from exc


@people_app.command(name="export")
def export_command(
    file: Annotated[
        Path | None,
        typer.Argument(dir_okay=False, help="Where to write; standard output if left out."),
    ] = None,
) -> None:
    """Export every person as CSV in the import's columns."""
    from growpath.services import people_import

    content = people_import.export_people_csv(operator())
    if file is None:
        sys.stdout.write(content)
    else:
        file.write_text(content, encoding="utf-8")
        errors.print(f"Wrote {file}")


@people_app.command(name="erase")
def erase_command(
    email: Annotated[str, typer.Argument(help="E-mail of the person to erase.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm; erasure cannot be undone.")] = False,
) -> None:
    """Erase a person: notes crypto-shredded, texts blanked, outbox and audit cleared of them."""
    if not yes:
        errors.print("[red]Refused:[/red] erasure cannot be undone; add --yes to confirm.")
        raise typer.Exit(EXIT_BAD_INPUT)
    from growpath.services import personal_data
    from growpath.services.context import operator_context

    growpath = growpath_app()
    try:
        result = personal_data.erase_person_by_email(operator_context(growpath), email)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(
        f"Erased {email}: {result['data_keys_shredded']} data key(s) shredded, "
        f"{result['nudges_removed']} e-mail(s) removed from the outbox, "
        f"{result['audit_events_pseudonymised']} audit event(s) pseudonymised, "
        f"{result['links_removed']} e-mailed link(s) removed."
    )


@db_app.command()
def upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Migrate the database schema up (to the newest by default)."""
    from growpath.adapters import migrate

    growpath = growpath_app()
    migrate.upgrade(growpath.engine, revision)
    console.print(f"Database at revision {migrate.current_revision(growpath.engine)}.")


@db_app.command()
def downgrade(revision: Annotated[str, typer.Argument(help="Target revision, or 'base'.")]) -> None:
    """Migrate the database schema down to a revision."""
    from growpath.adapters import migrate

    growpath = growpath_app()
    migrate.downgrade(growpath.engine, revision)
    console.print(f"Database at revision {migrate.current_revision(growpath.engine)}.")


db_app.command(name="rebuild-report-facts")(rebuild_report_facts_command)


@db_app.command()
def current() -> None:
    """Print the database's schema revision and the newest one known."""
    from growpath.adapters import migrate

    growpath = growpath_app()
    console.print(
        f"current: {migrate.current_revision(growpath.engine)}; "
        f"newest: {migrate.head_revision(growpath.engine)}"
    )


@users_app.command(name="invite")
def invite_user(
    email: Annotated[str, typer.Argument(help="E-mail; links to the person with this e-mail.")],
    role: Annotated[
        list[Role] | None, typer.Option(help="Role(s); participant by default.")
    ] = None,
) -> None:
    """E-mail a person a single-use link to choose their password (no password is printed)."""
    from growpath.services import invitations

    try:
        sent = invitations.invite(operator(), email, set(role or [Role.PARTICIPANT]))
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(
        f"Invitation {sent.id} queued for {sent.email}, valid until "
        f"{sent.expires_at:%Y-%m-%d %H:%M} UTC; `growpath nudges run` sends it.",
        markup=False,
        highlight=False,
    )


@users_app.command(name="invitations")
def list_invitations() -> None:
    """List the newest invitations and where each stands."""
    from growpath.services import invitations

    table = Table(title="Invitations")
    for column in ("Id", "E-mail", "Roles", "Expires (UTC)", "State"):
        table.add_column(column)
    for i in invitations.list_invitations(operator()):
        table.add_row(
            str(i.id), i.email, ", ".join(i.roles), f"{i.expires_at:%Y-%m-%d %H:%M}", i.status
        )
    console.print(table)


@users_app.command(name="resend")
def resend_invitation(
    invitation_id: Annotated[int, typer.Argument(min=1, help="The invitation's id.")],
) -> None:
    """Send an invitation again with a new link; the old link stops working."""
    from growpath.services import invitations

    try:
        sent = invitations.resend(operator(), invitation_id)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"Invitation {sent.id} queued again for {sent.email}.", markup=False)


@users_app.command(name="revoke")
def revoke_invitation(
    invitation_id: Annotated[int, typer.Argument(min=1, help="The invitation's id.")],
) -> None:
    """Withdraw an invitation: its link stops working."""
    from growpath.services import invitations

    try:
        revoked = invitations.revoke(operator(), invitation_id)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"Invitation {revoked.id} to {revoked.email} is withdrawn.", markup=False)


@app.command(name="audit")
def audit_command(
    action: Annotated[str | None, typer.Option(help="Only actions starting with this.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only this account's e-mail.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many events.")] = 50,
) -> None:
    """Show the audit trail, newest first."""
    from growpath.services import audit

    events = audit.query_audit(operator(), action=action, actor_email=actor, limit=limit)
    table = Table(title="Audit trail")
    for column in ("When (UTC)", "Who", "Action", "Target", "From", "Outcome"):
        table.add_column(column)
    for e in events:
        table.add_row(
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            e.actor_email or "operator",
            e.action,
            f"{e.target_type} {e.target_id}".strip(),
            e.source_address,
            e.outcome,
        )
    console.print(table)


@keys_app.command(name="generate")
def generate_key() -> None:
    """Print a new random notes key for GROWPATH_NOTES_KEY."""
    from growpath.adapters.crypto import new_key

    sys.stdout.write(new_key() + "\n")


@keys_app.command(name="rotate")
def rotate_keys() -> None:
    """Re-wrap every data key, and re-seal every sealed text, under the current notes key."""
    from growpath.adapters.crypto import DecryptionFailed
    from growpath.adapters.sealed_text import SealedTextUnavailable
    from growpath.services import keys

    try:
        count = keys.rotate_data_keys(operator())
    except (DecryptionFailed, SealedTextUnavailable) as exc:
        errors.print(
            f"[red]Refused:[/red] {exc}. List the old key in "
            "GROWPATH_NOTES_PREVIOUS_KEYS while rotating."
        )
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    console.print(
        f"Re-wrapped or re-sealed {count} data key(s) and row(s) under the current key. "
        "You may now remove the old key from GROWPATH_NOTES_PREVIOUS_KEYS."
    )


@nudges_app.command(name="run")
def run_nudges() -> None:
    """Queue check-ins, digests and health nudges, then send every nudge that is due (cron)."""
    from growpath.services.jobs import run_periodic_jobs

    report = run_periodic_jobs(growpath_app())
    console.print(str(report))
    if report.failed:
        errors.print(f"[red]{report.failed} nudge(s) failed for good:[/red]")
        for failure in report.failures:
            errors.print(f"  {failure}", markup=False, highlight=False, soft_wrap=True)
    if report.relay_refused:
        errors.print(
            "[red]The mail relay refuses growpath's set-up[/red] (a configuration error, not "
            "a message error): nothing more was sent, and no nudge spent an attempt on it. "
            "Fix the GROWPATH_SMTP_* settings and run again.",
            soft_wrap=True,
        )
        errors.print(f"  {report.relay_refused}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_RELAY_REFUSED)
    if report.failed:
        raise typer.Exit(EXIT_NUDGES_FAILED)
