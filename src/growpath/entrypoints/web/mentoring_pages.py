"""Guides' and managers' pages: my mentees and coachees, my team's trajectories."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.errors import InvalidInput, NotFound, Problem
from growpath.domain.goals import MAX_RATING, MIN_RATING, PHASES
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.charts import bar_chart
from growpath.entrypoints.web.enrolment_pages import FACTORS
from growpath.entrypoints.web.form_fields import form_int
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_
from growpath.services import (
    caseload,
    competencies,
    enrolment,
    goals,
    match_cards,
    trajectory,
)
from growpath.services.context import Context
from growpath.services.trajectory import Trajectory

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])


def _mentoring_page(
    request: Request, ctx: Context, problems: list[Problem] | None = None, enrolment_id: int = 0
) -> Response:
    return render(
        request,
        "mentoring/index.html",
        {
            "actor": ctx.actor,
            "load": caseload.my_caseload(ctx),
            "offers": match_cards.offers_to_guide(ctx, translator(request, ctx.actor)),
            "factors": FACTORS,
            "capacity_problems": problems or [],
            "capacity_of": enrolment_id,
        },
        status_code=422 if problems else 200,
    )


@router.get("/mentoring")
def mentoring(request: Request, ctx: CurrentContext) -> Response:
    """Show the pairs I guide, my seats, sessions to log and actions due."""
    return _mentoring_page(request, ctx)


@router.post("/enrolments/{enrolment_id}/capacity")
def change_capacity(
    request: Request,
    ctx: CurrentContext,
    enrolment_id: PathId,
    capacity: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Change how many pairs I take in a program; never below what my pairs and offers hold."""
    problems: list[Problem] = []
    seats = form_int(capacity, "capacity", problems)
    if seats is None and not problems:
        problems.append(Problem.of(N_("give a whole number of pairs"), "capacity"))
    if seats is not None:
        try:
            changed = enrolment.set_capacity(ctx, enrolment_id, seats)
        except InvalidInput as exc:
            problems = problems_of(exc)
        else:
            _ = translator(request, ctx.actor)
            said = _.plural(
                "You now take up to %(n)d pair.",
                "You now take up to %(n)d pairs.",
                changed.capacity,
            )
            return see_other(request, "/mentoring#capacity", said)
    return _mentoring_page(request, ctx, problems, enrolment_id)


@router.get("/team")
def team(request: Request, ctx: CurrentContext) -> Response:
    """Show my direct reports and which of them share their trajectory with me."""
    reports = [
        {"person_id": pid, "name": name, "shares": shares}
        for pid, name, shares in trajectory.my_reports(ctx)
    ]
    return render(request, "team/index.html", {"actor": ctx.actor, "reports": reports})


@router.get("/team/{person_id}")
def report(request: Request, ctx: CurrentContext, person_id: PathId) -> Response:
    """Show a consenting report's trajectory: counts and growth, never content."""
    return _report_page(request, ctx, trajectory.report_trajectory(ctx, person_id))


@router.post("/team/{person_id}/ratings")
def rate_report(
    request: Request,
    ctx: CurrentContext,
    person_id: PathId,
    # Defaults, so a post without its CSRF token is refused as such, not as an incomplete form.
    engagement_id: Annotated[int, Form()] = 0,
    competency_key: Annotated[str, Form(max_length=80)] = "",
    phase: Annotated[str, Form(max_length=20)] = "",
    rating: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Rate a report's competency as their manager (only on a trajectory they may see)."""
    seen = trajectory.report_trajectory(ctx, person_id)
    if engagement_id not in {e.engagement_id for e in seen.engagements}:
        raise NotFound(N_("no engagement with id %(id)s"), id=engagement_id)
    tr = translator(request, ctx.actor)
    typed = {
        "engagement_id": engagement_id,
        "competency_key": competency_key,
        "phase": phase,
        "rating": rating,
    }
    try:
        if not rating.strip():
            raise InvalidInput(
                [
                    Problem(
                        tr(
                            N_("choose a rating from %(low)d to %(high)d"),
                            low=MIN_RATING,
                            high=MAX_RATING,
                        ),
                        "rating",
                    )
                ]
            )
        if not rating.strip().isdigit():
            raise InvalidInput(
                [
                    Problem(
                        tr(
                            N_("must be a whole number %(low)d–%(high)d"),
                            low=MIN_RATING,
                            high=MAX_RATING,
                        ),
                        "rating",
                    )
                ]
            )
        goals.rate(ctx, engagement_id, competency_key, phase, int(rating))
    except InvalidInput as exc:
        return _report_page(
            request, ctx, seen, typed=typed, problems=problems_of(exc), status_code=422
        )
    return see_other(request, f"/team/{person_id}", tr(N_("Your rating is saved.")))


def _report_page(
    request: Request,
    ctx: Context,
    seen: Trajectory,
    typed: dict[str, Any] | None = None,
    problems: list[Problem] | None = None,
    status_code: int = 200,
) -> Response:
    names = {c.key: c.name for c in competencies.list_competencies(ctx)}
    tr = translator(request, ctx.actor)
    raters = {"self": tr(N_("self")), "guide": tr(N_("guide")), "manager": tr(N_("manager"))}
    phases = {
        "baseline": tr(N_("Baseline")),
        "midpoint": tr(N_("Midpoint")),
        "final": tr(N_("Final")),
    }
    # The latest rating of each competency, on the whole 1–5 scale; the table below says the
    # same with the baseline and the change, for everyone who does not read the picture.
    charts = {
        e.engagement_id: bar_chart(
            tr(N_("Latest rating per competency in %(program)s"), program=e.program_name),
            [
                (
                    tr(
                        N_("%(competency)s (%(rater)s), from %(baseline)s"),
                        competency=names.get(g.competency_key, g.competency_key),
                        rater=raters.get(g.rater_role, g.rater_role),
                        baseline=g.baseline,
                    ),
                    float(g.latest),
                )
                for g in e.growth
            ],
            maximum=MAX_RATING,
            scale_label=tr(N_("rating")),
            tr=tr,
        )
        for e in seen.engagements
        if e.growth
    }
    return render(
        request,
        "team/report.html",
        {
            "actor": ctx.actor,
            "report": seen,
            "names": names,
            "charts": charts,
            "engagement_options": [(e.engagement_id, e.program_name) for e in seen.engagements],
            "competencies": sorted(names.items(), key=lambda item: item[1]),
            "phase_options": [(p, phases.get(p, p.capitalize())) for p in PHASES],
            "rating_options": [(n, str(n)) for n in range(MIN_RATING, MAX_RATING + 1)],
            "typed": typed or {},
            "problems": problems or [],
        },
        status_code=status_code,
    )
