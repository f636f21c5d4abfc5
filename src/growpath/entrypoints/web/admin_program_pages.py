"""Admins' program pages: the list, creating from a track, settings, status, health board."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.domain.health import DEFAULT_RULES, RULE_BOUNDS
from growpath.domain.programs import CHECKIN_BOUNDS, CHECKIN_DEFAULTS, track_templates
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.confirmation import Confirmation, ask, is_confirmed
from growpath.entrypoints.web.form_fields import form_date, form_int
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_, Translator
from growpath.services import enrolment, health, match_runs, program_admins, programs, training
from growpath.services.context import Context
from growpath.services.health import RUNNING

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
Text = Annotated[str, Form(max_length=200)]
LongText = Annotated[str, Form(max_length=4000)]
Short = Annotated[str, Form(max_length=20)]
MODES = [
    ("", N_("The program's setting")),
    ("optimal", N_("Optimal: the highest total score")),
    ("max_matched", N_("Most matched: place as many people as possible")),
    ("stable", N_("Stable: no pair would rather swap")),
]
RULE_LABELS = {
    "health_rules.incomplete_days": N_(
        "Remind an enrolled person whose profile is incomplete after"
    ),
    "health_rules.invitation_days": N_("Remind whoever has not answered a proposal after"),
    "health_rules.response_days": N_("A proposal lapses after"),
    "health_rules.first_meeting_days": N_(
        "Nudge when no first meeting is scheduled after the match"
    ),
    "health_rules.cadence_multiple": N_("Nudge when no session for this many times the cadence"),
    "health_rules.end_warning_days": N_("Warn this long before the planned end with goals open"),
    "health_rules.inactivity_days": N_("A pair without any session this long is stalled"),
    "health_rules.conclude_after_days": N_("End a stalled pair this long after the warning"),
    "checkin_schedule.first_after_days": N_("First check-in after the start"),
    "checkin_schedule.every_days": N_("Then a check-in every"),
}
MAX_RULE_FIELD = 20


def _choices(tr: Translator, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(value, tr(text)) for value, text in choices]


def _rule_fields(
    tr: Translator, program: programs.ProgramView, typed: dict[str, str]
) -> list[dict[str, Any]]:
    stored = {
        **{f"health_rules.{k}": v for k, v in program.health_rules.items()},
        **{f"checkin_schedule.{k}": v for k, v in program.checkin_schedule.items()},
    }
    defaults = {
        **{f"health_rules.{k}": (v, RULE_BOUNDS[k]) for k, v in DEFAULT_RULES.items()},
        **{f"checkin_schedule.{k}": (v, CHECKIN_BOUNDS[k]) for k, v in CHECKIN_DEFAULTS.items()},
    }
    return [
        {
            "name": name,
            "label": tr(label),
            "value": typed.get(name, stored.get(name, "")),
            "default": defaults[name][0],
            "bounds": defaults[name][1],
            "unit": "" if name.endswith("cadence_multiple") else tr(N_("days")),
        }
        for name, label in RULE_LABELS.items()
    ]


@router.get("/admin/programs")
def program_list(request: Request, ctx: CurrentContext) -> Response:
    """List the programs the admin administers, draft, open and closed."""
    ctx.require_admin(N_("only an administrator may manage programs"))
    return render(
        request,
        "admin/programs.html",
        {"actor": ctx.actor, "programs": programs.list_programs(ctx, administered=True)},
    )


def _new_form(
    request: Request, ctx: Context, values: dict[str, str], problems: list[Problem]
) -> Response:
    return render(
        request,
        "admin/program_new.html",
        {
            "actor": ctx.actor,
            "tracks": track_templates(ctx.locale),
            "values": values,
            "problems": problems,
        },
        status_code=422 if problems else 200,
    )


@router.get("/admin/programs/new")
def new_program_form(request: Request, ctx: CurrentContext) -> Response:
    """Show the form that creates a program from a track template."""
    ctx.require_admin(N_("only an administrator may create programs"))
    return _new_form(request, ctx, {}, [])


@router.post("/admin/programs")
def create_program(
    request: Request,
    ctx: CurrentContext,
    track: Annotated[str, Form(max_length=80)] = "",
    name: Text = "",
    purpose: LongText = "",
    starts_on: Short = "",
    ends_on: Short = "",
) -> Response:
    """Create a draft program from a track; a bad form comes back with every problem named."""
    ctx.require_admin(N_("only an administrator may create programs"))
    values = {
        "track": track,
        "name": name,
        "purpose": purpose,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    tr = translator(request, ctx.actor)
    problems: list[Problem] = []
    if track not in {t["key"] for t in track_templates()}:
        problems.append(Problem(tr(N_("choose one of the tracks")), "track"))
    overrides: dict[str, Any] = {
        "name": name,
        "starts_on": form_date(starts_on, "starts_on", problems),
        "ends_on": form_date(ends_on, "ends_on", problems),
    }
    if purpose.strip():
        overrides["purpose"] = purpose.strip()
    if problems:
        return _new_form(request, ctx, values, problems)
    try:
        program = programs.create_from_template(ctx, track, overrides=overrides)
    except InvalidInput as exc:
        return _new_form(request, ctx, values, problems_of(exc))
    except Conflict as exc:  # a duplicate name: keep what was typed
        return _new_form(request, ctx, values, [exc.as_problem("name")])
    said = tr(
        N_("Created %(name)s as a draft. Open it when it is ready for enrolment."),
        name=program.name,
    )
    return see_other(request, f"/admin/programs/{program.id}", said)


def program_page_with(
    request: Request,
    ctx: Context,
    program_id: int,
    values: dict[str, Any] | None = None,
    problems: list[Problem] | None = None,
    typed_rules: dict[str, str] | None = None,
    rule_problems: list[Problem] | None = None,
    match_problems: list[Problem] | None = None,
    admin_problems: list[Problem] | None = None,
) -> Response:
    """Render a program's admin page, with what a form sent back and its problems."""
    ctx.require_program_admin(
        program_id, N_("only an administrator of this program may manage programs")
    )
    program = programs.get_program(ctx, program_id)
    tr = translator(request, ctx.actor)
    return render(
        request,
        "admin/program.html",
        {
            "actor": ctx.actor,
            "program": program,
            "enrolments": enrolment.list_enrolments(ctx, program_id),
            "runs": match_runs.list_runs(ctx, program_id),
            "values": values or _settings_of(program),
            "problems": problems or [],
            "modes": _choices(tr, MODES),
            "meeting_links": _choices(tr, MEETING_LINK_CHOICES),
            "training_choices": _choices(tr, TRAINING_CHOICES),
            "training": training.program_training(ctx, program_id),
            "rules": _rule_fields(tr, program, typed_rules or {}),
            "rule_problems": rule_problems or [],
            "match_problems": match_problems or [],
            "admins": program_admins.list_program_admins(ctx, program_id),
            "admin_problems": admin_problems or [],
        },
        status_code=422 if problems or rule_problems or match_problems or admin_problems else 200,
    )


# What each meeting link setting means, as the settings form offers it.
MEETING_LINK_CHOICES = [
    ("none", N_("No meeting link: pairs agree where they meet")),
    ("jitsi", N_("A Jitsi room of its own for each pair, made by growpath")),
    ("guide_room", N_("The coach's or mentor's own room (Zoom, Teams, Meet), from their account")),
]


# What each training requirement means, as the settings form offers it.
TRAINING_CHOICES = [
    ("none", N_("No onboarding required")),
    ("before_matching", N_("Each person completes their role's onboarding before matching")),
    (
        "before_first_session",
        N_("Each person completes their role's onboarding before the first session"),
    ),
]


def _settings_of(program: programs.ProgramView) -> dict[str, Any]:
    return {
        "name": program.name,
        "purpose": program.purpose,
        "starts_on": program.starts_on.isoformat() if program.starts_on else "",
        "ends_on": program.ends_on.isoformat() if program.ends_on else "",
        "default_length_months": str(program.default_length_months),
        "cadence_days": str(program.cadence_days),
        "group_size": str(program.group_size or ""),
        "manager_visibility_default": program.manager_visibility_default,
        "auto_confirm_slots": program.auto_confirm_slots,
        "meeting_link": program.meeting_link,
        "training_required": program.training_required,
    }


@router.get("/admin/programs/{program_id}")
def program_page(request: Request, ctx: CurrentContext, program_id: PathId) -> Response:
    """Show a program: settings, status, enrolments, match runs and administrators."""
    return program_page_with(request, ctx, program_id)


@router.post("/admin/programs/{program_id}")
def update_program(
    request: Request,
    ctx: CurrentContext,
    program_id: PathId,
    name: Text = "",
    purpose: LongText = "",
    starts_on: Short = "",
    ends_on: Short = "",
    default_length_months: Short = "",
    cadence_days: Short = "",
    group_size: Short = "",
    manager_visibility_default: Short = "",
    auto_confirm_slots: Short = "",
    meeting_link: Short = "none",
    training_required: Short = "none",
) -> Response:
    """Change a program's settings; a bad form comes back with every problem named."""
    ctx.require_program_admin(
        program_id, N_("only an administrator of this program may change programs")
    )
    values: dict[str, Any] = {
        "name": name,
        "purpose": purpose,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "default_length_months": default_length_months,
        "cadence_days": cadence_days,
        "group_size": group_size,
        "manager_visibility_default": manager_visibility_default == "on",
        "auto_confirm_slots": auto_confirm_slots == "on",
        "meeting_link": meeting_link,
        "training_required": training_required,
    }
    problems: list[Problem] = []
    changes: dict[str, Any] = {
        "name": name,
        "purpose": purpose.strip(),
        "starts_on": form_date(starts_on, "starts_on", problems),
        "ends_on": form_date(ends_on, "ends_on", problems),
        "group_size": form_int(group_size, "group_size", problems),
        "manager_visibility_default": values["manager_visibility_default"],
        "auto_confirm_slots": values["auto_confirm_slots"],
        "meeting_link": meeting_link,
        "training_required": training_required,
    }
    for number in ("default_length_months", "cadence_days"):
        changes[number] = form_int(values[number], number, problems)
        if changes[number] is None and number not in {p.field for p in problems}:
            problems.append(Problem(translator(request, ctx.actor)(N_("is missing")), number))
    if not problems:
        try:
            programs.update_program(ctx, program_id, changes)
        except InvalidInput as exc:
            problems = problems_of(exc)
    if problems:
        return program_page_with(request, ctx, program_id, values, problems)
    said = translator(request, ctx.actor)(N_("Settings saved."))
    return see_other(request, f"/admin/programs/{program_id}", said)


@router.post("/admin/programs/{program_id}/rules")
async def save_rules(request: Request, ctx: CurrentContext, program_id: PathId) -> Response:
    """Save a program's health rules and check-in schedule (empty: the default)."""
    ctx.require_program_admin(
        program_id, N_("only an administrator of this program may change programs")
    )
    form = await request.form()
    typed = {k: v[:MAX_RULE_FIELD] for k in RULE_LABELS if isinstance(v := form.get(k, ""), str)}
    problems: list[Problem] = []
    changes: dict[str, dict[str, int]] = {"health_rules": {}, "checkin_schedule": {}}
    for name in RULE_LABELS:
        number = form_int(typed.get(name, ""), name, problems)
        if number is not None:
            group, key = name.split(".")
            changes[group][key] = number
    if not problems:
        try:
            # Services talk to the database synchronously: keep them off the event loop.
            await run_in_threadpool(programs.update_program, ctx, program_id, changes)
        except InvalidInput as exc:
            problems = problems_of(exc)
    if problems:
        return await run_in_threadpool(
            program_page_with, request, ctx, program_id, None, None, typed, problems
        )
    said = translator(request, ctx.actor)(N_("Health rules saved."))
    return see_other(request, f"/admin/programs/{program_id}#rules", said)


def _closing(tr: Translator, ctx: Context, program_id: int) -> Confirmation:
    program = programs.get_program(ctx, program_id)
    running = sum(1 for pair in health.program_health(ctx, program_id) if pair.status in RUNNING)
    enrolled = (
        tr(
            N_(
                "Nobody can enrol in %(name)s any more; the %(participants)s participant(s) and "
                "%(guides)s coaches enrolled now stay enrolled."
            ),
            name=program.name,
            participants=program.participants,
            guides=program.guides,
        )
        if program.kind == "coaching"
        else tr(
            N_(
                "Nobody can enrol in %(name)s any more; the %(participants)s participant(s) and "
                "%(guides)s mentors enrolled now stay enrolled."
            ),
            name=program.name,
            participants=program.participants,
            guides=program.guides,
        )
    )
    return Confirmation(
        title=tr(N_("Close %(name)s?"), name=program.name),
        consequences=[
            enrolled,
            tr(N_("The %(count)s running engagement(s) continue until they end."), count=running),
            tr(N_("A closed program cannot be opened again: a new round needs a new program.")),
        ],
        action=f"/admin/programs/{program_id}/status",
        button=tr(N_("Close the program")),
        back=f"/admin/programs/{program_id}",
        back_label=tr(N_("Keep it open")) if program.status == "open" else tr(N_("Keep it")),
        fields={"status": "closed"},
    )


@router.get("/admin/programs/{program_id}/close")
def confirm_close(request: Request, ctx: CurrentContext, program_id: PathId) -> Response:
    """Ask before closing a program, with how many people and pairs it concerns."""
    ctx.require_program_admin(
        program_id, N_("only an administrator of this program may open or close programs")
    )
    return ask(request, _closing(translator(request, ctx.actor), ctx, program_id))


@router.post("/admin/programs/{program_id}/status")
def change_status(
    request: Request,
    ctx: CurrentContext,
    program_id: PathId,
    status: Short = "",
    confirm: Short = "",
) -> Response:
    """Open a program for enrolment, take it back to draft, or close it once confirmed."""
    tr = translator(request, ctx.actor)
    if status == "closed" and not is_confirmed(confirm):
        ctx.require_program_admin(
            program_id, N_("only an administrator of this program may open or close programs")
        )
        return ask(request, _closing(tr, ctx, program_id))
    program = programs.set_status(ctx, program_id, status)
    said = {
        "open": N_("%(name)s is open for enrolment."),
        "closed": N_("%(name)s is closed."),
        "draft": N_("%(name)s is a draft again."),
    }
    return see_other(request, f"/admin/programs/{program_id}", tr(said[status], name=program.name))


@router.get("/admin/programs/{program_id}/health")
def health_board(request: Request, ctx: CurrentContext, program_id: PathId) -> Response:
    """Show a program's pairs by health (stalled, at risk, healthy) with the reasons."""
    board = health.program_health(ctx, program_id)
    program = programs.get_program(ctx, program_id)
    running = [pair for pair in board if pair.status in health.RUNNING]
    tr = translator(request, ctx.actor)
    groups = [
        (status, tr(label), [pair for pair in running if pair.health.status == status])
        for status, label in (
            ("stalled", N_("Stalled")),
            ("at_risk", N_("At risk")),
            ("healthy", N_("Healthy")),
        )
    ]
    finished = [pair for pair in board if pair.status not in health.RUNNING]
    return render(
        request,
        "admin/health.html",
        {"actor": ctx.actor, "program": program, "groups": groups, "finished": finished},
    )


@router.post("/admin/programs/{program_id}/admins")
def add_admin(
    request: Request, ctx: CurrentContext, program_id: PathId, email: Text = ""
) -> Response:
    """Name one more administrator of the program (organisation admins)."""
    try:
        program_admins.change_program_admins(ctx, program_id, add=[email])
    except InvalidInput as exc:
        return program_page_with(request, ctx, program_id, admin_problems=problems_of(exc))
    said = translator(request, ctx.actor)(N_("%(email)s runs it now."), email=email)
    return see_other(request, f"/admin/programs/{program_id}#admins", said)


@router.post("/admin/programs/{program_id}/admins/remove")
def remove_admin(
    request: Request, ctx: CurrentContext, program_id: PathId, email: Text = ""
) -> Response:
    """Stop an account administering the program (organisation admins)."""
    try:
        program_admins.change_program_admins(ctx, program_id, remove=[email])
    except InvalidInput as exc:
        return program_page_with(request, ctx, program_id, admin_problems=problems_of(exc))
    said = translator(request, ctx.actor)(N_("%(email)s no longer runs it."), email=email)
    return see_other(request, f"/admin/programs/{program_id}#admins", said)
