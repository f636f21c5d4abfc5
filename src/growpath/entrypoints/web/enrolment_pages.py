"""A participant's programs: browse and enrol, recommended guides, match proposals."""

from __future__ import annotations

from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.enrolment import EnrolmentStatus
from growpath.domain.errors import Conflict, InvalidInput, Problem
from growpath.domain.programs import GUIDE_ROLE, PARTICIPANT_ROLE
from growpath.domain.proposals import PENDING
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.confirmation import Confirmation, ask, is_confirmed
from growpath.entrypoints.web.profile_form import language_choices
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.entrypoints.web.timefmt import day_text, viewer_zone, zone_of
from growpath.i18n import N_, Translator
from growpath.services import (
    competencies,
    engagements,
    enrolment,
    match_cards,
    matching,
    participation,
    programs,
    self_service,
)
from growpath.services.context import Context
from growpath.services.engagements import EngagementView
from growpath.services.matching import ProposalView

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
RECOMMENDATIONS = 8
SEAT_HOLDING = (*PENDING, "accepted")
# The roles as a sentence names them, translated where shown.
ROLE_WORDS = {
    "mentor": N_("mentor"),
    "mentee": N_("mentee"),
    "coach": N_("coach"),
    "coachee": N_("coachee"),
}
# Translated where shown (templates/participant/_explanation.html).
FACTORS = {
    "skills": N_("Skills and expertise that cover your goals"),
    "text": N_("Goals and experience that read alike"),
    "seniority": N_("A sensible seniority gap"),
    "department": N_("Department, as the program prefers"),
    "job_family": N_("Job family"),
    "timezone": N_("Overlapping working hours"),
    "language": N_("A shared language"),
    "style": N_("Communication style"),
    "interests": N_("Shared interests"),
    "focus": N_("Coaching focus that fits your goals"),
}


class Answerable(Protocol):
    """What telling whether a proposal waits for someone needs: a proposal's view or a line
    of the home page's list."""

    @property
    def status(self) -> str: ...
    @property
    def mentee_person_id(self) -> int: ...
    @property
    def mentee_response(self) -> str | None: ...
    @property
    def mentor_response(self) -> str | None: ...


def awaiting_me(proposal: Answerable, person_id: int | None) -> bool:
    """Whether a proposal still waits for this person's answer."""
    mine = (
        proposal.mentee_response
        if person_id == proposal.mentee_person_id
        else proposal.mentor_response
    )
    return proposal.status in PENDING and mine is None


@router.get("/programs")
def program_list(request: Request, ctx: CurrentContext) -> Response:
    """Show the open programs and the participant's enrolments."""
    mine = participation.my_enrolments(ctx)
    return render(
        request,
        "participant/programs.html",
        {
            "actor": ctx.actor,
            "programs": programs.list_programs(ctx, "open"),
            "enrolments": mine,
            "enrolled_in": {e.program_id: e.role for e in mine if e.status == "active"},
        },
    )


def _program_page(
    request: Request,
    ctx: Context,
    program_id: int,
    form: dict[str, Any] | None = None,
    problems: list[Problem] | None = None,
    status_code: int = 200,
) -> Response:
    program = programs.get_program(ctx, program_id)
    mine = [e for e in participation.my_enrolments(ctx) if e.program_id == program_id]
    return render(
        request,
        "participant/program.html",
        {
            "actor": ctx.actor,
            "program": program,
            "enrolments": mine,
            "active_roles": {e.role for e in mine if e.status == "active"},
            "participant_role": PARTICIPANT_ROLE[program.kind],
            "guide_role": GUIDE_ROLE[program.kind],
            "why_not": participation.why_not_eligible(ctx, program_id),
            "competencies": competencies.list_competencies(ctx),
            "languages": language_choices((), translator(request, ctx.actor)),
            "form": form or {},
            "problems": problems or [],
        },
        status_code=status_code,
    )


@router.get("/programs/{program_id}")
def program_page(request: Request, ctx: CurrentContext, program_id: PathId) -> Response:
    """Show a program and the forms to join it, as participant or as guide."""
    return _program_page(request, ctx, program_id)


def _number_or_text(value: str) -> int | str | None:
    # A typed number goes to the service as a number; anything else as typed, so the
    # service names the field instead of the form failing as a whole.
    value = value.strip()
    if not value:
        return None
    return int(value) if value.isdigit() else value


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]


def _enrolment_fields(role: str, form: dict[str, Any]) -> dict[str, Any]:
    if role in PARTICIPANT_ROLE.values():
        preferences = {
            "language": form["language"].strip() or None,
            "department": form["department"] or None,
            "timezone_window_hours": _number_or_text(form["timezone_window_hours"]),
            "mentor_seniority": form["mentor_seniority"] or None,
        }
        return {
            "goals": form["goals"],
            "desired_competencies": form["desired_competencies"],
            "preferences": {k: v for k, v in preferences.items() if v is not None},
        }
    return {
        "capacity": _number_or_text(form["capacity"]),
        "expertise": _items(form["expertise"]),
        "focus_areas": _items(form["focus_areas"]),
        "certifications": _items(form["certifications"]),
    }


@router.post("/programs/{program_id}/enrol")
def enrol(
    request: Request,
    ctx: CurrentContext,
    program_id: PathId,
    role: Annotated[str, Form(max_length=20)] = "",
    goals: Annotated[str, Form(max_length=8000)] = "",
    desired_competencies: Annotated[list[str] | None, Form(max_length=30)] = None,
    language: Annotated[str, Form(alias="preferences.language", max_length=20)] = "",
    department: Annotated[str, Form(alias="preferences.department", max_length=20)] = "",
    timezone_window_hours: Annotated[
        str, Form(alias="preferences.timezone_window_hours", max_length=10)
    ] = "",
    mentor_seniority: Annotated[
        str, Form(alias="preferences.mentor_seniority", max_length=20)
    ] = "",
    capacity: Annotated[str, Form(max_length=10)] = "",
    expertise: Annotated[str, Form(max_length=2000)] = "",
    focus_areas: Annotated[str, Form(max_length=2000)] = "",
    certifications: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Enrol as participant (goals, competencies, preferences) or guide (expertise, capacity)."""
    form = {
        "role": role,
        "goals": goals,
        "desired_competencies": desired_competencies or [],
        "language": language,
        "department": department,
        "timezone_window_hours": timezone_window_hours,
        "mentor_seniority": mentor_seniority,
        "capacity": capacity,
        "expertise": expertise,
        "focus_areas": focus_areas,
        "certifications": certifications,
    }
    try:
        made = enrolment.enrol(ctx, program_id, role, _enrolment_fields(role, form))
    except InvalidInput as exc:
        return _program_page(request, ctx, program_id, form, problems_of(exc), 422)
    program = programs.get_program(ctx, program_id)
    tr = translator(request, ctx.actor)
    enrolled = tr(
        N_("You are enrolled in %(program)s as %(role)s."),
        program=program.name,
        role=tr(ROLE_WORDS.get(made.role, made.role)),
    )
    message = f"{enrolled} {_next_after_enrolling(tr, program, made.role)}"
    return see_other(request, f"/programs/{program_id}", message)


def _next_after_enrolling(tr: Translator, program: programs.ProgramView, role: str) -> str:
    starts = (
        tr(N_("; the program starts on %(day)s"), day=day_text(program.starts_on))
        if program.starts_on
        else ""
    )
    if role != PARTICIPANT_ROLE[program.kind]:
        return tr(
            N_(
                "Next: participants can ask you from their recommendations, and the program's "
                "admins run matching%(starts)s; what is proposed to you appears under Proposals."
            ),
            starts=starts,
        )
    if GUIDE_ROLE[program.kind] == "coach":
        return tr(
            N_(
                "Next: your recommended coaches are ready to choose from (See recommended "
                "coaches, below), or wait for the program's admins to run matching%(starts)s."
            ),
            starts=starts,
        )
    return tr(
        N_(
            "Next: your recommended mentors are ready to choose from (See recommended "
            "mentors, below), or wait for the program's admins to run matching%(starts)s."
        ),
        starts=starts,
    )


def _ask_to_withdraw(request: Request, ctx: Context, enrolment_id: int) -> Response:
    preview = enrolment.preview_withdrawal(ctx, enrolment_id)
    if preview.enrolment.status == EnrolmentStatus.WITHDRAWN:
        program = f"/programs/{preview.enrolment.program_id}"
        tr = translator(request, ctx.actor)
        return see_other(request, program, tr(N_("This enrolment is already withdrawn.")))
    return ask(request, _withdrawing(translator(request, ctx.actor), ctx, preview))


def _withdrawing(tr: Translator, ctx: Context, preview: enrolment.Withdrawal) -> Confirmation:
    made = preview.enrolment
    own = made.person_id == ctx.actor.person_id
    program = f"/programs/{made.program_id}"
    names = {"program": preview.program_name, "role": tr(ROLE_WORDS.get(made.role, made.role))}
    return Confirmation(
        title=tr(N_("Withdraw your enrolment in %(program)s?"), **names)
        if own
        else tr(
            N_("Withdraw %(name)s's enrolment in %(program)s?"), name=made.person_name, **names
        ),
        consequences=[
            tr(
                N_(
                    "You are no longer enrolled as %(role)s and will not be matched in %(program)s."
                ),
                **names,
            )
            if own
            else tr(
                N_(
                    "%(name)s is no longer enrolled as %(role)s and will not be matched in "
                    "%(program)s."
                ),
                name=made.person_name,
                **names,
            ),
            tr(N_("%(count)s open match proposal(s) lapse."), count=preview.open_proposals),
            tr(N_("Engagements already accepted carry on.")),
            tr(N_("To take part again later, enrol again while the program is open.")),
        ],
        action=f"/enrolments/{made.id}/withdraw",
        button=tr(N_("Withdraw")),
        back=program if own else f"/admin/programs/{made.program_id}",
        back_label=tr(N_("Keep my enrolment")) if own else tr(N_("Keep the enrolment")),
    )


@router.get("/enrolments/{enrolment_id}/withdraw")
def confirm_withdraw(request: Request, ctx: CurrentContext, enrolment_id: PathId) -> Response:
    """Ask before withdrawing an enrolment, with the proposals that would lapse."""
    return _ask_to_withdraw(request, ctx, enrolment_id)


@router.post("/enrolments/{enrolment_id}/withdraw")
def withdraw(
    request: Request,
    ctx: CurrentContext,
    enrolment_id: PathId,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Withdraw an enrolment once confirmed; its pending proposals lapse."""
    if not is_confirmed(confirm):
        return _ask_to_withdraw(request, ctx, enrolment_id)
    gone = enrolment.withdraw(ctx, enrolment_id)
    tr = translator(request, ctx.actor)
    role = tr(ROLE_WORDS.get(gone.role, gone.role))
    message = tr(N_("Your enrolment as %(role)s is withdrawn."), role=role)
    return see_other(request, f"/programs/{gone.program_id}", message)


@router.get("/programs/{program_id}/recommendations")
def recommendations(request: Request, ctx: CurrentContext, program_id: PathId) -> Response:
    """Show the guides who fit the participant best, each with the reasons, and a request button."""
    program = programs.get_program(ctx, program_id)
    page: dict[str, Any] = {
        "actor": ctx.actor,
        "program": program,
        "factors": FACTORS,
        "participant_role": PARTICIPANT_ROLE[program.kind],
        "guide_role": GUIDE_ROLE[program.kind],
    }
    try:
        found = self_service.recommendations(ctx, program_id, RECOMMENDATIONS)
    except Conflict as exc:
        # Not enrolled yet: say so, and point to the enrolment form instead of an error page.
        page.update(
            recommendations=[],
            not_enrolled=exc.translated(translator(request, ctx.actor)),
            held=None,
            cards={},
        )
        return render(request, "participant/recommendations.html", page, status_code=409)
    held = next(
        (
            p
            for p in matching.my_proposals(ctx)
            if p.program_id == program_id
            and p.mentee_person_id == ctx.actor.person_id
            and p.status in SEAT_HOLDING
        ),
        None,
    )
    cards = match_cards.recommendation_cards(ctx, program_id, found, translator(request, ctx.actor))
    page.update(recommendations=found, not_enrolled=None, held=held, cards=cards)
    return render(request, "participant/recommendations.html", page)


@router.post("/programs/{program_id}/requests")
def request_guide(
    request: Request,
    ctx: CurrentContext,
    program_id: PathId,
    mentor_enrolment_id: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Ask one recommended guide; they have the program's response window to answer."""
    tr = translator(request, ctx.actor)
    if not mentor_enrolment_id.isdigit():
        raise InvalidInput([Problem(tr(N_("choose a guide from the list")), "mentor_enrolment_id")])
    asked = self_service.request_guide(ctx, program_id, int(mentor_enrolment_id))
    zone = zone_of(viewer_zone(request, ctx.actor))
    if asked.expires_at:
        day = day_text(asked.expires_at.astimezone(zone).date())
        message = tr(
            N_("Your request went to %(name)s, who will answer by %(day)s."),
            name=asked.mentor_name,
            day=day,
        )
    else:
        message = tr(N_("Your request went to %(name)s, who will answer."), name=asked.mentor_name)
    return see_other(request, "/proposals", message)


@router.get("/proposals")
def proposal_list(request: Request, ctx: CurrentContext) -> Response:
    """Show the participant's match proposals and requests, with the reasons for each."""
    mine = matching.my_proposals(ctx)
    waiting = [p for p in mine if awaiting_me(p, ctx.actor.person_id)]
    names = {e.program_id: e.program_name for e in participation.my_enrolments(ctx)}
    return render(
        request,
        "participant/proposals.html",
        {
            "actor": ctx.actor,
            "waiting": waiting,
            "others": [p for p in mine if p not in waiting],
            "program_names": names,
            "factors": FACTORS,
            "guide_cards": match_cards.guide_cards_of_proposals(
                ctx, waiting, translator(request, ctx.actor)
            ),
        },
    )


def _engagement_of(ctx: Context, accepted: ProposalView) -> EngagementView | None:
    # Both accepting puts the two people in an engagement of the program (a group's may run).
    pair = {accepted.mentee_person_id, accepted.mentor_person_id}
    return next(
        (
            e
            for e in engagements.my_engagements(ctx)
            if e.program_id == accepted.program_id and pair <= {m.person_id for m in e.members}
        ),
        None,
    )


@router.post("/proposals/{proposal_id}/response")
def respond(
    request: Request,
    ctx: CurrentContext,
    proposal_id: PathId,
    answer: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Accept or decline a proposal; when both accept, say how their engagement starts."""
    tr = translator(request, ctx.actor)
    if answer not in ("accept", "decline"):
        raise InvalidInput([Problem(tr(N_("choose accept or decline")), "answer")])
    answered = matching.respond(ctx, proposal_id, answer == "accept")
    other = (
        answered.mentor_name
        if ctx.actor.person_id == answered.mentee_person_id
        else answered.mentee_name
    )
    if answered.status == "accepted":
        joined = _engagement_of(ctx, answered)
        if joined is None:
            return see_other(
                request, "/proposals", tr(N_("You and %(name)s are matched."), name=other)
            )
        if joined.status == "proposed":
            message = tr(
                N_(
                    "You and %(name)s are matched. Next: start the engagement: either of you "
                    "presses Start on this page, which sets its planned end; then schedule your "
                    "first session."
                ),
                name=other,
            )
        else:
            message = tr(
                N_("You and %(name)s are matched; you joined the running engagement."), name=other
            )
        return see_other(request, f"/engagements/{joined.id}", message)
    if answer == "accept":
        zone = zone_of(viewer_zone(request, ctx.actor))
        expires = answered.expires_at
        if expires:
            day = day_text(expires.astimezone(zone).date())
            message = tr(
                N_(
                    "You accepted; %(name)s has yet to answer by %(day)s. Once they accept, the "
                    "engagement is ready for either of you to start."
                ),
                name=other,
                day=day,
            )
        else:
            message = tr(
                N_(
                    "You accepted; %(name)s has yet to answer. Once they accept, the engagement is "
                    "ready for either of you to start."
                ),
                name=other,
            )
    else:
        message = tr(N_("You declined the match with %(name)s."), name=other)
    return see_other(request, "/proposals", message)
