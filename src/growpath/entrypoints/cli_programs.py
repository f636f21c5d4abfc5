"""`growpath programs …`, `growpath match …` and `growpath engagements …` for administrators."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from growpath.domain.errors import DomainError
from growpath.entrypoints.cli_support import fail, operator

programs_app = typer.Typer(help="Programs and track templates.", no_args_is_help=True)
match_app = typer.Typer(help="Run matching and approve proposals.", no_args_is_help=True)
engagements_app = typer.Typer(help="Engagement lifecycle.", no_args_is_help=True)
console = Console()


@programs_app.command(name="tracks")
def list_tracks() -> None:
    """List the shipped track templates."""
    from growpath.domain.programs import track_templates

    table = Table(title="Track templates")
    for column in ("Key", "Kind", "Format", "Months", "Cadence (days)"):
        table.add_column(column)
    for t in track_templates():
        table.add_row(
            t["key"],
            t["kind"],
            t["format"],
            str(t["default_length_months"]),
            str(t["cadence_days"]),
        )
    console.print(table)


@programs_app.command(name="list")
def list_programs() -> None:
    """List every program."""
    from growpath.services import programs

    table = Table(title="Programs")
    for column in ("Id", "Name", "Kind", "Format", "Status", "Participants", "Guides"):
        table.add_column(column)
    for p in programs.list_programs(operator()):
        table.add_row(
            str(p.id), p.name, p.kind, p.format, p.status, str(p.participants), str(p.guides)
        )
    console.print(table)


@programs_app.command(name="create")
def create_program(
    template: Annotated[str, typer.Option(help="Track template key (see `programs tracks`).")],
    name: Annotated[
        str | None, typer.Option(help="Program name; the template's by default.")
    ] = None,
    starts_on: Annotated[str | None, typer.Option(help="Start date, YYYY-MM-DD.")] = None,
    open_now: Annotated[
        bool, typer.Option("--open/--draft", help="Open for enrolment now.")
    ] = False,
) -> None:
    """Create a program from a track template."""
    from growpath.services import programs
    from growpath.services.competencies import ensure_catalogue

    ctx = operator()
    try:
        ensure_catalogue(ctx)
        start = date.fromisoformat(starts_on) if starts_on else None
        program = programs.create_from_template(ctx, template, name=name, starts_on=start)
        if open_now:
            program = programs.set_status(ctx, program.id, "open")
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--starts-on") from exc
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"Created program {program.id} '{program.name}' ({program.status}).")


@programs_app.command(name="open")
def open_program(program_id: int) -> None:
    """Open a program for enrolment."""
    _set_status(program_id, "open")


@programs_app.command(name="close")
def close_program(program_id: int) -> None:
    """Close a program."""
    _set_status(program_id, "closed")


def _set_status(program_id: int, status: str) -> None:
    from growpath.services import programs

    try:
        program = programs.set_status(operator(), program_id, status)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"Program {program.id} '{program.name}' is {program.status}.")


@programs_app.command(name="admins")
def admins(
    program_id: int,
    add: Annotated[
        list[str] | None, typer.Option(help="Login e-mail of an account to make an admin.")
    ] = None,
    remove: Annotated[
        list[str] | None, typer.Option(help="Login e-mail of an admin to take off.")
    ] = None,
) -> None:
    """List a program's administrators; --add and --remove name or take off some first."""
    from growpath.services import program_admins

    ctx = operator()
    try:
        if add or remove:
            program_admins.change_program_admins(ctx, program_id, add or (), remove or ())
        named = program_admins.list_program_admins(ctx, program_id)
    except DomainError as exc:
        raise fail(exc) from exc
    if not named:
        console.print(f"Program {program_id} has no administrators but the organisation admins.")
    for admin in named:
        console.print(escape(admin.email))


@match_app.command(name="run")
def run_matching(
    program_id: int,
    mode: Annotated[str | None, typer.Option(help="optimal, max_matched or stable.")] = None,
) -> None:
    """Run the optimiser on a program and show every proposal with its score."""
    from growpath.services import matching

    try:
        run = matching.run_matching(operator(), program_id, mode)
    except DomainError as exc:
        raise fail(exc) from exc
    table = Table(
        title=f"Match run {run.number} of program {run.program_id} (run id {run.id}): "
        f"{len(run.proposals)} new proposals, {run.matched_count - len(run.proposals)} kept, "
        f"{run.unmatched_count} unmatched, total score {run.total_score:.3f}"
    )
    for column in ("Proposal", "Participant", "Guide", "Score", "Top reasons"):
        table.add_column(column)
    for p in run.proposals:
        top = sorted(p.explanation["contributions"], key=lambda c: -c["points"])[:3]
        reasons = ", ".join(f"{c['factor']} {c['points']:.2f}" for c in top)
        table.add_row(str(p.id), p.mentee_name, p.mentor_name, f"{p.score:.3f}", reasons)
    console.print(table)
    for warning in run.warnings:
        console.print(f"[yellow]Needs attention:[/yellow] {escape(warning)}")
    certified = "certified optimal" if run.certified_optimal else "NOT certified"
    console.print(f"{certified}; approve with `growpath match approve {run.id}`.")


@match_app.command(name="approve")
def approve(
    run_id: int,
    proposal: Annotated[
        list[int] | None, typer.Option(help="Approve only these proposals.")
    ] = None,
) -> None:
    """Approve all proposals of a run, or only those given with --proposal."""
    from growpath.services import matching

    try:
        run = matching.approve(operator(), run_id, proposal or None)
    except DomainError as exc:
        raise fail(exc) from exc
    approved = sum(1 for p in run.proposals if p.status == "approved")
    console.print(f"Run {run.id}: {approved} proposal(s) approved and waiting for answers.")


@match_app.command(name="expire")
def expire() -> None:
    """Lapse every proposal whose week to answer has passed (for cron)."""
    from growpath.services import matching

    count = matching.expire_proposals(operator())
    console.print(f"{count} proposal(s) lapsed.")


@engagements_app.command(name="show")
def show(engagement_id: int) -> None:
    """Show an engagement's state and members (never notes)."""
    from growpath.services import engagements

    try:
        view = engagements.get_engagement(operator(), engagement_id)
    except DomainError as exc:
        raise fail(exc) from exc
    console.print_json(
        json.dumps(
            {
                "id": view.id,
                "program": view.program_name,
                "kind": view.kind,
                "status": view.status,
                "starts_on": str(view.starts_on or ""),
                "planned_end_on": str(view.planned_end_on or ""),
                "members": [{"name": m.name, "role": m.role} for m in view.members],
            }
        )
    )


@engagements_app.command(name="transition")
def transition(
    engagement_id: int,
    action: Annotated[
        str, typer.Argument(help="start, pause, resume, complete, end_early or renew.")
    ],
    reason: Annotated[str, typer.Option(help="Why it ends early.")] = "",
    end_on: Annotated[str | None, typer.Option(help="End of a renewed term, YYYY-MM-DD.")] = None,
) -> None:
    """Move an engagement through its lifecycle."""
    from growpath.services import engagements

    try:
        end = date.fromisoformat(end_on) if end_on else None
        view = engagements.change_engagement(
            operator(), engagement_id, action, reason=reason, end_on=end
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--end-on") from exc
    except DomainError as exc:
        raise fail(exc) from exc
    console.print(f"Engagement {view.id} is {view.status.replace('_', ' ')}.")


@programs_app.command(name="health")
def program_health(program_id: int) -> None:
    """Show every pair of a program as healthy, at risk or stalled, with the reasons."""
    from growpath.services import health

    try:
        board = health.program_health(operator(), program_id)
    except DomainError as exc:
        raise fail(exc) from exc
    table = Table(title=f"Health of program {program_id}")
    for column in ("Engagement", "State", "Health", "People", "Why"):
        table.add_column(column)
    for pair in board:
        table.add_row(
            str(pair.engagement_id),
            pair.status,
            pair.health.status.replace("_", " "),
            ", ".join(pair.members),
            "; ".join(pair.health.reasons),
        )
    console.print(table)
