"""Session pages: schedule, the GROW form to log a session, cancel, and actions done."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from growpath.domain.engagements import FINISHED
from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.sessions import GROW_PARTS, SCHEDULED
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.forms import CancelForm, RescheduleForm, ScheduleForm
from growpath.entrypoints.http.language import request_locale, translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.confirmation import Confirmation, ask, is_confirmed
from growpath.entrypoints.web.engagement_forms import back_to, local_time
from growpath.entrypoints.web.engagement_pages import Short, submit
from growpath.entrypoints.web.form_fields import form_date, form_int
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.entrypoints.web.timefmt import viewer_zone, when
from growpath.i18n import N_
from growpath.services import competencies, engagements, meeting_links, people, sessions
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
NOTE = 20_000
Many = Annotated[list[str], Form(max_length=2000)]
ACTION_ROWS = 3
ACTION_INDEX = re.compile(r"^actions\[(\d+)\]")
# A member's role beside their name where an action's owner is chosen.
ROLE_NAMES = {"guide": N_("guide"), "participant": N_("participant")}
# A session's status as the page says it when there is nothing to cancel.
STATUS_NAMES = {
    "scheduled": N_("scheduled"),
    "held": N_("held"),
    "cancelled": N_("cancelled"),
    "no_show": N_("no show"),
}


@router.post("/engagements/{engagement_id}/sessions")
def schedule_session(
    request: Request,
    ctx: CurrentContext,
    engagement_id: PathId,
    form: ScheduleForm,
) -> Response:
    """Schedule a session; its calendar invite is linked from the engagement page."""
    values = form.text()
    timezone = values["timezone"]
    problems: list[Problem] = []
    moment = local_time(values["scheduled_at"], timezone, "scheduled_at", problems)
    minutes = form_int(values["duration_minutes"], "duration_minutes", problems)
    session = submit(
        request,
        ctx,
        engagement_id,
        "session",
        values,
        problems,
        # moment is None only with a problem noted, and then submit stops before the call.
        lambda: sessions.schedule(
            ctx, engagement_id, moment or ctx.now, minutes or 60, values["location"]
        ),
    )
    if isinstance(session, Response):
        return session
    _ = translator(request, ctx.actor)
    return see_other(
        request,
        f"/engagements/{engagement_id}#session-{session.id}",
        _(
            "Session scheduled for %(when)s. Add it to your calendar with its invite.",
            when=when(session.scheduled_at, timezone),
        ),
    )


def _session_page(
    request: Request,
    ctx: Context,
    session_id: int,
    values: Mapping[str, Any] | None = None,
    problems: list[Problem] | None = None,
) -> Response:
    session = sessions.get_session(ctx, session_id)
    engagement = engagements.get_engagement(ctx, session.engagement_id)
    zone = viewer_zone(request, ctx.actor)
    participant = next((m for m in engagement.members if m.role == "participant"), None)
    _ = translator(request, ctx.actor)
    return render(
        request,
        "engagement/session.html",
        {
            "actor": ctx.actor,
            "session": session,
            "engagement": engagement,
            "when": when(session.scheduled_at, zone, request_locale(request, ctx.actor)),
            "zone": zone,
            # Only members reach this page (the session service refuses anyone else).
            "meeting_url": meeting_links.meeting_link(ctx, session.engagement_id),
            "names": {m.person_id: m.name for m in engagement.members},
            "owners": [
                (m.person_id, f"{m.name} ({_(ROLE_NAMES.get(m.role, m.role))})")
                for m in engagement.members
            ],
            "default_owner": participant.person_id if participant else "",
            "notes": sessions.read_notes(ctx, session_id) if session.status == "held" else None,
            "themes": competencies.list_themes(ctx),
            "parts": GROW_PARTS,
            "rows": range(ACTION_ROWS),
            "values": values or {},
            "problems": problems or [],
            "today": ctx.today.isoformat(),
            # A finished engagement is read-only (the services refuse); the page offers nothing.
            "read_only": engagement.status in FINISHED,
        },
        status_code=422 if problems else 200,
    )


@router.get("/sessions/{session_id}")
def show_session(request: Request, ctx: CurrentContext, session_id: PathId) -> Response:
    """Show a session: the GROW form to log it, or its notes once held."""
    return _session_page(request, ctx, session_id)


@router.post("/sessions/{session_id}/hold")
def hold_session(
    request: Request,
    ctx: CurrentContext,
    session_id: PathId,
    shared_goal: Annotated[str, Form(alias="shared_notes.goal", max_length=NOTE)] = "",
    shared_reality: Annotated[str, Form(alias="shared_notes.reality", max_length=NOTE)] = "",
    shared_options: Annotated[str, Form(alias="shared_notes.options", max_length=NOTE)] = "",
    shared_will: Annotated[str, Form(alias="shared_notes.will", max_length=NOTE)] = "",
    private_goal: Annotated[str, Form(alias="private_notes.goal", max_length=NOTE)] = "",
    private_reality: Annotated[str, Form(alias="private_notes.reality", max_length=NOTE)] = "",
    private_options: Annotated[str, Form(alias="private_notes.options", max_length=NOTE)] = "",
    private_will: Annotated[str, Form(alias="private_notes.will", max_length=NOTE)] = "",
    themes: Many = [],  # noqa: B006 - FastAPI copies form defaults per request
    action_description: Many = [],  # noqa: B006
    action_owner: Many = [],  # noqa: B006
    action_due_on: Many = [],  # noqa: B006
) -> Response:
    """Log a held session: shared and private GROW notes, themes and new actions."""
    shared = dict(
        zip(GROW_PARTS, (shared_goal, shared_reality, shared_options, shared_will), strict=True)
    )
    private = dict(
        zip(GROW_PARTS, (private_goal, private_reality, private_options, private_will), strict=True)
    )
    # A row missing a field (a hand-made post) is dropped rather than misaligned.
    rows = list(zip(action_description, action_owner, action_due_on, strict=False))[:ACTION_ROWS]
    values = {
        **{f"shared_notes.{k}": v for k, v in shared.items()},
        **{f"private_notes.{k}": v for k, v in private.items()},
        "themes": themes,
        "actions": rows,
    }
    problems: list[Problem] = []
    actions, filled = [], []
    for index, (description, owner, due_on) in enumerate(rows):
        if not description.strip() and not due_on.strip():
            continue  # an empty row of the form, not an action
        filled.append(index)
        actions.append(
            {
                "description": description,
                "owner_person_id": form_int(owner, f"actions[{index}].owner_person_id", problems),
                "due_on": form_date(due_on, f"actions[{index}].due_on", problems),
            }
        )
    try:
        if problems:
            raise InvalidInput(problems)
        sessions.hold(
            ctx,
            session_id,
            shared_notes=shared,
            private_notes=private,
            actions=actions,
            themes=themes,
        )
    except InvalidInput as exc:
        return _session_page(request, ctx, session_id, values, _form_rows(exc, filled))
    _ = translator(request, ctx.actor)
    return see_other(request, f"/sessions/{session_id}", _("Session logged."))


def _form_rows(exc: InvalidInput, filled: list[int]) -> list[Problem]:
    # The service numbers only the actions it was given; the form numbers all its rows.
    def renumber(problem: Problem) -> Problem:
        found = ACTION_INDEX.match(problem.field or "")
        if found is None or int(found.group(1)) >= len(filled):
            return problem
        field = ACTION_INDEX.sub(f"actions[{filled[int(found.group(1))]}]", problem.field or "")
        return replace(problem, field=field)

    return [renumber(p) for p in problems_of(exc)]


@router.post("/sessions/{session_id}/reschedule")
def reschedule_session(
    request: Request, ctx: CurrentContext, session_id: PathId, form: RescheduleForm
) -> Response:
    """Move a session still to come to another time; the page says what was wrong if not."""
    values = form.text()
    problems: list[Problem] = []
    moment = local_time(values["scheduled_at"], values["timezone"], "scheduled_at", problems)
    minutes = form_int(values["duration_minutes"], "duration_minutes", problems)
    if moment is not None and not problems:
        try:
            session = sessions.reschedule(ctx, session_id, moment, minutes, values["location"])
        except InvalidInput as exc:
            problems = problems_of(exc)
        else:
            _ = translator(request, ctx.actor)
            return see_other(
                request,
                f"/sessions/{session_id}",
                _(
                    "Session moved to %(when)s. "
                    "Both of you get the updated calendar invite by e-mail.",
                    when=when(session.scheduled_at, values["timezone"]),
                ),
            )
    return _session_page(request, ctx, session_id, {"reschedule": values}, problems)


def _cancelling(request: Request, ctx: Context, session_id: int, no_show: bool) -> Confirmation:
    session = sessions.get_session(ctx, session_id)
    engagement = engagements.get_engagement(ctx, session.engagement_id)
    zone = people.get_person(ctx, ctx.actor.person_id).timezone if ctx.actor.person_id else ""
    _ = translator(request, ctx.actor)
    others = _(" and ").join(
        m.name for m in engagement.members if m.person_id != ctx.actor.person_id
    )
    moment = {"when": when(session.scheduled_at, zone), "names": others}
    return Confirmation(
        title=_("Record a no-show?") if no_show else _("Cancel this session?"),
        consequences=[
            _(
                "The session on %(when)s with %(names)s is recorded as missed: "
                "someone did not show up.",
                **moment,
            )
            if no_show
            else _("The session on %(when)s with %(names)s is cancelled.", **moment),
            _("It can no longer be logged or moved to another time."),
            _("To meet another time, schedule a new session on the engagement page."),
        ],
        action=f"/sessions/{session_id}/cancel",
        button=_("Record the no-show") if no_show else _("Cancel the session"),
        back=f"/sessions/{session_id}",
        back_label=_("Keep the session"),
        fields={"no_show": "yes"} if no_show else {},
    )


def _ask_to_cancel(request: Request, ctx: Context, session_id: int, no_show: bool) -> Response:
    session = sessions.get_session(ctx, session_id)
    if session.status != SCHEDULED:
        _ = translator(request, ctx.actor)
        named = STATUS_NAMES.get(session.status)
        said = _(named) if named else session.status.replace("_", " ")
        return see_other(
            request,
            f"/sessions/{session_id}",
            _("This session was %(status)s; nothing to cancel.", status=said),
        )
    return ask(request, _cancelling(request, ctx, session_id, no_show))


@router.get("/sessions/{session_id}/cancel")
def confirm_cancel_session(
    request: Request,
    ctx: CurrentContext,
    session_id: PathId,
    no_show: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    """Ask before cancelling a session (or recording a no-show), saying which one."""
    return _ask_to_cancel(request, ctx, session_id, bool(no_show))


@router.post("/sessions/{session_id}/cancel")
def cancel_session(
    request: Request, ctx: CurrentContext, session_id: PathId, form: CancelForm
) -> Response:
    """Cancel a scheduled session, or record a no-show, once confirmed."""
    values = form.text()
    no_show = bool(values["no_show"])
    if not is_confirmed(values["confirm"]):
        return _ask_to_cancel(request, ctx, session_id, no_show)
    session = sessions.cancel(ctx, session_id, no_show=no_show)
    _ = translator(request, ctx.actor)
    said = _("Session marked as a no-show.") if no_show else _("Session cancelled.")
    return see_other(request, f"/engagements/{session.engagement_id}#sessions", said)


@router.post("/actions/{action_id}/done")
def complete_action(
    request: Request,
    ctx: CurrentContext,
    action_id: PathId,
    back: Short = "",
) -> Response:
    """Mark an action done; with htmx only its line is replaced."""
    action = sessions.complete_action(ctx, action_id)
    if request.headers.get("hx-request") == "true":
        return render(request, "engagement/_action_done.html", {"action": action})
    _ = translator(request, ctx.actor)
    return see_other(
        request, back_to(back, "/home"), _("Done: %(action)s", action=action.description)
    )
