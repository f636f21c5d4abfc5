"""An engagement's pages: goals with their KPI chart, charter, sessions, actions, growth."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.engagements import available_moves, check_move
from growpath.domain.errors import InvalidInput, Problem
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.forms import (
    CharterForm,
    GoalForm,
    GoalStatusForm,
    MeasurementForm,
    RatingForm,
    TransitionForm,
)
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.charts import line_chart
from growpath.entrypoints.web.confirmation import ask, is_confirmed
from growpath.entrypoints.web.engagement_endings import ENDINGS, ending_confirmation
from growpath.entrypoints.web.engagement_forms import number_or_none
from growpath.entrypoints.web.form_fields import form_date, form_int
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.entrypoints.web.timefmt import viewer_zone
from growpath.i18n import N_, Translator
from growpath.services import (
    engagements,
    goals,
)
from growpath.services.context import Context
from growpath.services.engagement_page import EngagementWork
from growpath.services.engagement_page import engagement_page as engagement_page_of
from growpath.services.engagements import EngagementView

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
MOVE_LABELS = {
    "start": N_("Start"),
    "pause": N_("Pause"),
    "resume": N_("Resume"),
    "complete": N_("Complete"),
    "end_early": N_("End early"),
    "renew": N_("Renew"),
}
# Statuses as the flash after a move or a goal change says them.
STATUS_NAMES = {
    "proposed": N_("ready to start"),
    "active": N_("active"),
    "paused": N_("paused"),
    "renewed": N_("renewed"),
    "completed": N_("completed"),
    "ended_early": N_("ended early"),
}
GOAL_STATUS_NAMES = {
    "open": N_("open"),
    "met": N_("met"),
    "not_met": N_("not met"),
    "dropped": N_("dropped"),
}
Text = Annotated[str, Form(max_length=4000)]
Short = Annotated[str, Form(max_length=200)]
T = TypeVar("T")


def engagement_page(
    request: Request,
    ctx: Context,
    engagement_id: int,
    failed: str = "",
    values: Mapping[str, Any] | None = None,
    problems: list[Problem] | None = None,
) -> Response:
    """Render the engagement page; a failed form comes back with its values and problems."""
    page = engagement_page_of(ctx, engagement_id)
    engagement = page.engagement
    _ = translator(request, ctx.actor)
    me = next((m for m in engagement.members if m.person_id == ctx.actor.person_id), None)
    return render(
        request,
        "engagement/engagement.html",
        {
            "actor": ctx.actor,
            "engagement": engagement,
            "participant": _member(_, engagement, "participant"),
            "guide": _member(_, engagement, "guide"),
            "moves": [
                (m, _(MOVE_LABELS[m])) for m in available_moves(engagement.kind, engagement.status)
            ],
            # Admins see the state and move the lifecycle; only the pair sees the content.
            "content": _content(ctx, engagement, page.work, _) if me and page.work else None,
            "proposal": page.work.proposal if me and page.work else None,
            "lesson_suggestions": page.work.lessons if me and page.work else (),
            "others": _(" and ").join(
                m.name for m in engagement.members if m.person_id != ctx.actor.person_id
            ),
            "me": me,
            "zone": _zone(request, ctx, engagement),
            "failed": failed,
            "values": values or {},
            "problems": problems or [],
            "today": ctx.today.isoformat(),
        },
        status_code=422 if problems else 200,
    )


def submit(
    request: Request,
    ctx: Context,
    engagement_id: int,
    form: str,
    values: Mapping[str, Any],
    problems: list[Problem],
    call: Callable[[], T],
) -> T | Response:
    """Run a form's service call, or show the page again with what the form or service refused."""
    try:
        if problems:
            raise InvalidInput(problems)
        return call()
    except InvalidInput as exc:
        # The domain names a renewal date new_end_on; the lifecycle form calls it end_on.
        found = [
            replace(p, field="end_on") if p.field == "new_end_on" else p for p in problems_of(exc)
        ]
        return engagement_page(request, ctx, engagement_id, form, values, found)


def _zone(request: Request, ctx: Context, engagement: EngagementView) -> str:
    """Return the actor's time zone when they are a member ("" for an admin: times in UTC)."""
    me = next((m for m in engagement.members if m.person_id == ctx.actor.person_id), None)
    # The page's own times read the same zone: one lookup serves both.
    return viewer_zone(request, ctx.actor) if me else ""


def ending_page(
    request: Request,
    ctx: Context,
    engagement_id: int,
    action: str,
    reason: str = "",
    problems: list[Problem] | None = None,
) -> Response:
    """Ask before completing or ending early, saying what it will do; nothing changes yet."""
    engagement = engagements.get_engagement(ctx, engagement_id)
    # Completing and ending early are open to every kind: the status alone decides.
    check_move(engagement_id, engagement.status, action)
    confirmation = ending_confirmation(
        translator(request, ctx.actor),
        ctx,
        engagement,
        action,
        reason,
        _zone(request, ctx, engagement),
    )
    return ask(request, confirmation, problems)


def _member(_: Translator, engagement: EngagementView, role: str) -> str:
    return ", ".join(m.name for m in engagement.members if m.role == role) or _("nobody yet")


def _content(
    ctx: Context, engagement: EngagementView, work: EngagementWork, tr: Translator
) -> dict[str, Any]:
    names = dict(work.competencies)
    scheduled = [s for s in work.sessions if s.status == "scheduled"]
    coming = [s for s in scheduled if s.scheduled_at > ctx.now]
    return {
        "goals": [
            (
                goal,
                line_chart(
                    f"{goal.title}: {goal.measure}",
                    [(m.measured_on, m.value) for m in goal.measurements],
                    target=goal.target_value,
                    tr=tr,
                ),
            )
            for goal in work.goals
        ],
        "charter": work.charter,
        "sessions": work.sessions,
        "actions": work.actions,
        "growth": work.growth,
        "guide": work.guide,
        "resources": work.resources,
        "competencies": work.competencies,
        "competency_names": names,
        "names": {m.person_id: m.name for m in engagement.members},
        "can_schedule": engagement.status in ("proposed", "active", "renewed"),
        # The pair's online room: content is shown to members only, and so is the link.
        "meeting_url": work.meeting_url,
        "next_session": coming[0] if coming else None,
        "later": coming[1:],
        # Sessions whose time has come and that nobody logged yet: what the pair does next.
        "to_log": [s for s in scheduled if s.scheduled_at <= ctx.now],
    }


@router.get("/engagements/{engagement_id}")
def show_engagement(request: Request, ctx: CurrentContext, engagement_id: PathId) -> Response:
    """Show an engagement: its state to admins, its whole work to the pair."""
    return engagement_page(request, ctx, engagement_id)


@router.get("/engagements/{engagement_id}/complete")
def confirm_completion(request: Request, ctx: CurrentContext, engagement_id: PathId) -> Response:
    """Ask before completing the engagement, saying what completing does."""
    return ending_page(request, ctx, engagement_id, "complete")


@router.get("/engagements/{engagement_id}/end-early")
def confirm_early_end(request: Request, ctx: CurrentContext, engagement_id: PathId) -> Response:
    """Ask why and whether to end the engagement early, saying what ending does."""
    return ending_page(request, ctx, engagement_id, "end_early")


@router.post("/engagements/{engagement_id}/transitions")
def move_engagement(
    request: Request,
    ctx: CurrentContext,
    engagement_id: PathId,
    form: TransitionForm,
) -> Response:
    """Start, pause, resume or renew the engagement; complete or end it once confirmed."""
    values = form.text()
    if values["action"] in ENDINGS:
        return _end(request, ctx, engagement_id, values)
    problems: list[Problem] = []
    end_date = form_date(values["end_on"], "end_on", problems)
    moved = submit(
        request,
        ctx,
        engagement_id,
        "transition",
        values,
        problems,
        lambda: engagements.change_engagement(
            ctx, engagement_id, values["action"], reason=values["reason"], end_on=end_date
        ),
    )
    if isinstance(moved, Response):
        return moved
    return see_other(request, f"/engagements/{engagement_id}", _moved(request, ctx, moved.status))


def _moved(request: Request, ctx: Context, status: str) -> str:
    """Return the flash saying the engagement's new status, in the reader's language."""
    _ = translator(request, ctx.actor)
    said = _(STATUS_NAMES[status]) if status in STATUS_NAMES else status.replace("_", " ")
    return _("The engagement is now %(status)s.", status=said)


def _end(request: Request, ctx: Context, engagement_id: int, values: dict[str, str]) -> Response:
    """Complete or end early once confirmed; until then, or on a problem, ask (again)."""
    action, reason = values["action"], values["reason"]
    if not is_confirmed(values["confirm"]):
        return ending_page(request, ctx, engagement_id, action, reason)
    try:
        moved = engagements.change_engagement(ctx, engagement_id, action, reason=reason)
    except InvalidInput as exc:
        return ending_page(request, ctx, engagement_id, action, problems=problems_of(exc))
    return see_other(request, f"/engagements/{engagement_id}", _moved(request, ctx, moved.status))


@router.post("/engagements/{engagement_id}/goals")
def add_goal(
    request: Request,
    ctx: CurrentContext,
    engagement_id: PathId,
    form: GoalForm,
) -> Response:
    """Add a SMART goal."""
    values = form.text()
    problems: list[Problem] = []
    fields = {
        **values,
        "baseline_value": number_or_none(values["baseline_value"], "baseline_value", problems),
        "target_value": number_or_none(values["target_value"], "target_value", problems),
        "due_on": form_date(values["due_on"], "due_on", problems),
        # The page offers one competency; the schema takes a list.
        "competency_keys": [key] if (key := values["competency_keys"]) else [],
    }
    goal = submit(
        request,
        ctx,
        engagement_id,
        "goal",
        values,
        problems,
        lambda: goals.add_goal(ctx, engagement_id, fields),
    )
    if isinstance(goal, Response):
        return goal
    _ = translator(request, ctx.actor)
    return see_other(request, f"/engagements/{engagement_id}#goal-{goal.id}", _("Goal added."))


@router.post("/goals/{goal_id}/measurements")
def record_measurement(
    request: Request,
    ctx: CurrentContext,
    goal_id: PathId,
    form: MeasurementForm,
) -> Response:
    """Record a KPI reading for a goal."""
    typed = form.text()
    problems: list[Problem] = []
    day = form_date(typed["measured_on"], "measured_on", problems)
    number = number_or_none(typed["value"], "value", problems)
    if day is None and not problems:
        problems.append(Problem(N_("is missing"), "measured_on"))
    if number is None and not any(p.field == "value" for p in problems):
        problems.append(Problem(N_("is missing"), "value"))
    try:
        if problems or day is None or number is None:
            raise InvalidInput(problems)
        goal = goals.record_measurement(ctx, goal_id, day, number)
    except InvalidInput as exc:
        back = typed.pop("engagement_id")
        if not back.isdigit():
            raise
        values = {**typed, "goal_id": goal_id}
        return engagement_page(request, ctx, int(back), "measurement", values, problems_of(exc))
    _ = translator(request, ctx.actor)
    return see_other(
        request, f"/engagements/{goal.engagement_id}#goal-{goal.id}", _("Measurement recorded.")
    )


@router.post("/goals/{goal_id}/status")
def set_goal_status(
    request: Request, ctx: CurrentContext, goal_id: PathId, form: GoalStatusForm
) -> Response:
    """Mark a goal met, not met, dropped or open again."""
    goal = goals.set_goal_status(ctx, goal_id, form.text()["status"])
    _ = translator(request, ctx.actor)
    said = GOAL_STATUS_NAMES.get(goal.status)
    status = _(said) if said else goal.status.replace("_", " ")
    return see_other(
        request,
        f"/engagements/{goal.engagement_id}#goal-{goal.id}",
        _("Goal marked %(status)s.", status=status),
    )


@router.post("/engagements/{engagement_id}/charter")
def save_charter(
    request: Request,
    ctx: CurrentContext,
    engagement_id: PathId,
    form: CharterForm,
) -> Response:
    """Write the mentoring charter; both sides confirm it again."""
    values = form.text()
    problems: list[Problem] = []
    renewal = form_date(values["renewal_on"], "renewal_on", problems)
    fields: dict[str, Any] = {**values, "renewal_on": renewal}
    saved = submit(
        request,
        ctx,
        engagement_id,
        "charter",
        values,
        problems,
        lambda: goals.set_charter(
            ctx, engagement_id, {k: v for k, v in fields.items() if v is not None}
        ),
    )
    if isinstance(saved, Response):
        return saved
    _ = translator(request, ctx.actor)
    return see_other(
        request,
        f"/engagements/{engagement_id}#charter",
        _("Charter saved. You both confirm it again."),
    )


@router.post("/engagements/{engagement_id}/charter/confirm")
def confirm_charter(
    request: Request,
    ctx: CurrentContext,
    engagement_id: PathId,
) -> Response:
    """Confirm the charter as mentee or mentor."""
    charter = goals.confirm_charter(ctx, engagement_id)
    _ = translator(request, ctx.actor)
    message = _("Charter confirmed by you both.") if charter["confirmed"] else _("You confirmed.")
    return see_other(request, f"/engagements/{engagement_id}#charter", message)


@router.post("/engagements/{engagement_id}/ratings")
def rate_competency(
    request: Request,
    ctx: CurrentContext,
    engagement_id: PathId,
    form: RatingForm,
) -> Response:
    """Rate a competency at baseline, midpoint or final."""
    values = form.text()
    problems: list[Problem] = []
    level = form_int(values["rating"], "rating", problems)
    rated = submit(
        request,
        ctx,
        engagement_id,
        "rating",
        values,
        problems,
        lambda: goals.rate(
            ctx, engagement_id, values["competency_key"], values["phase"], level or 0
        ),
    )
    if isinstance(rated, Response):
        return rated
    _ = translator(request, ctx.actor)
    return see_other(request, f"/engagements/{engagement_id}#growth", _("Rating saved."))
