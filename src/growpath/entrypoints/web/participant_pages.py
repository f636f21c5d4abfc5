"""A participant's pages: home, triage, check-ins, privacy and their own data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from growpath.domain.checkin_questions import MAX_ASKED, MAX_TEXT_ANSWER, answer_labels
from growpath.domain.consents import KINDS
from growpath.domain.errors import InvalidInput, NotFound, Problem
from growpath.domain.triage import questionnaire
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.forms import CheckInForm
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.charts import bar_chart
from growpath.entrypoints.web.enrolment_pages import awaiting_me
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import CSRF_FIELD, csrf_protected
from growpath.i18n import N_, Translator
from growpath.services import (
    accounts,
    checkin_questions,
    checkins,
    competencies,
    consents,
    digests,
    mail_preferences,
    participation,
    personal_data,
    triage,
)
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
# Who gave a rating, as the participant reads it; translated where shown.
RATERS = {"self": N_("you"), "guide": N_("your coach or mentor"), "manager": N_("your manager")}
SCALE = ("1", "2", "3", "4", "5")
SCALE_CHOICES = [(n, n) for n in SCALE]


def _questionnaire(locale: str) -> dict[str, object]:
    data = questionnaire(locale)
    questions = [
        (q["key"], q["text"], [(c["key"], c["text"]) for c in q["choices"]])
        for q in data["questions"]
    ]
    return {"title": data["title"], "questions": questions}


def _competency_names(ctx: Context) -> dict[str, str]:
    return {c.key: c.name for c in competencies.list_competencies(ctx)}


@router.get("/home")
def home(request: Request, ctx: CurrentContext) -> Response:
    """Show what needs the participant: engagements, sessions, actions, check-ins, proposals."""
    mine = participation.home(ctx)
    growth = mine.growth
    names = mine.competency_names
    # The program is named only when there is more than one: the chart's labels must stay short.
    own = [
        (
            names.get(g.competency_key, g.competency_key)
            + (f" · {e.program_name}" if len(growth) > 1 else ""),
            float(g.change),
        )
        for e in growth
        for g in e.growth
        if g.rater_role == "self"
    ]
    tr = translator(request, ctx.actor)
    return render(
        request,
        "participant/home.html",
        {
            "actor": ctx.actor,
            "engagements": mine.engagements,
            "sessions": mine.upcoming_sessions,
            "actions": mine.actions_due,
            "checkins": [c for c in mine.checkins if c.answered_at is None],
            "proposals": [p for p in mine.proposals if awaiting_me(p, ctx.actor.person_id)],
            "reflections": mine.reflections,
            "enrolments": mine.enrolments,
            "growth": growth,
            "growth_chart": bar_chart(
                tr(N_("Levels gained since your baseline (your own rating)")), own, tr=tr
            )
            if own
            else None,
            "competency_names": names,
            "raters": RATERS,
            "today": ctx.today,
            "questions": mine.questions,
            "training_due": mine.training_due,
            "followed_lessons": mine.followed_lessons,
        },
    )


@router.get("/triage")
def triage_form(request: Request, ctx: CurrentContext) -> Response:
    """Show the triage questionnaire."""
    return render(
        request,
        "participant/triage.html",
        {"actor": ctx.actor, **_questionnaire(ctx.locale), "answers": {}, "problems": []},
    )


async def _posted_fields(request: Request) -> dict[str, str]:
    # The questionnaire's questions come from data, so its form fields are read by name here.
    form = await request.form()
    # The CSRF token is checked by the router and is no answer.
    answers = [(key, value) for key, value in form.items() if key != CSRF_FIELD]
    return {key: str(value)[:200] for key, value in answers[:50]}


@router.post("/triage")
def take_triage(
    request: Request,
    ctx: CurrentContext,
    fields: Annotated[dict[str, str], Depends(_posted_fields)],
) -> Response:
    """Assess the answers and show coaching, mentoring or both, why, and the programs that fit."""
    page = {"actor": ctx.actor, **_questionnaire(ctx.locale), "answers": fields}
    try:
        outcome = triage.take_triage(ctx, fields)
    except InvalidInput as exc:
        return render(
            request,
            "participant/triage.html",
            {**page, "problems": problems_of(exc)},
            status_code=422,
        )
    return render(request, "participant/triage.html", {**page, "problems": [], "outcome": outcome})


def _my_checkin(ctx: Context, checkin_id: int) -> checkins.CheckInView:
    found = next((c for c in checkins.my_checkins(ctx) if c.id == checkin_id), None)
    if found is None:
        raise NotFound(N_("no check-in with id %(id)s for you"), id=checkin_id)
    return found


def _checkin_page(ctx: Context, checkin_id: int) -> dict[str, object]:
    return {
        "actor": ctx.actor,
        "checkin": _my_checkin(ctx, checkin_id),
        "questions": checkin_questions.questions_of_checkin(ctx, checkin_id),
        "answer_labels": answer_labels,
        "scale": SCALE_CHOICES,
    }


@router.get("/checkins/{checkin_id}")
def checkin_form(request: Request, ctx: CurrentContext, checkin_id: PathId) -> Response:
    """Show a check-in: did you meet, how satisfied, how much progress, the program's own
    questions, a private comment."""
    page = _checkin_page(ctx, checkin_id)
    return render(request, "participant/checkin.html", {**page, "answer": {}, "problems": []})


async def _question_fields(request: Request) -> dict[int, str]:
    # The program's own questions come from data, so their fields are read by name here; one
    # character over the limit is kept, so that a long answer is refused rather than cut.
    form = await request.form()
    fields: dict[int, str] = {}
    for key, value in form.multi_items():
        number = key.removeprefix("question_")
        if key != number and number.isascii() and number.isdigit() and isinstance(value, str):
            fields[int(number)] = value[: MAX_TEXT_ANSWER + 1]
        if len(fields) > MAX_ASKED:
            break
    return fields


QuestionFields = Annotated[dict[int, str], Depends(_question_fields)]


def _checked_answer(
    tr: Translator, met: str, satisfaction: str, progress: str
) -> tuple[bool, int, int]:
    yes_or_no = Problem(tr(N_("choose yes or no")), "met_since_last")
    problems = [] if met in ("yes", "no") else [yes_or_no]
    problems += [
        Problem(tr(N_("choose a number from 1 to 5")), name)
        for name, value in (("satisfaction", satisfaction), ("progress", progress))
        if value not in SCALE
    ]
    if problems:
        raise InvalidInput(problems)
    return met == "yes", int(satisfaction), int(progress)


@router.post("/checkins/{checkin_id}")
def answer_checkin(
    request: Request,
    ctx: CurrentContext,
    checkin_id: PathId,
    form: CheckInForm,
    questions: QuestionFields,
) -> Response:
    """Answer a check-in; the comment and text answers are encrypted, never shown to others."""
    answer = form.text()
    tr = translator(request, ctx.actor)
    try:
        met, satisfied, progressed = _checked_answer(
            tr, answer["met_since_last"], answer["satisfaction"], answer["progress"]
        )
        checkins.answer_checkin(
            ctx, checkin_id, met, satisfied, progressed, answer["comment"], dict(questions)
        )
    except InvalidInput as exc:
        typed = {f"question_{number}": value for number, value in questions.items()}
        return render(
            request,
            "participant/checkin.html",
            {
                **_checkin_page(ctx, checkin_id),
                "answer": {**answer, **typed},
                "problems": problems_of(exc),
            },
            status_code=422,
        )
    return see_other(request, "/home", tr(N_("Thank you: your check-in is saved.")))


@router.get("/me/privacy")
def privacy(request: Request, ctx: CurrentContext) -> Response:
    """Show what the participant shares, their digest setting and their data controls."""
    return render(
        request,
        "participant/privacy.html",
        {
            "actor": ctx.actor,
            "consents": consents.my_consents(ctx),
            "descriptions": _descriptions(translator(request, ctx.actor)),
            "digest_opt_out": digests.digest_opt_out(ctx),
            "reminder_opt_out": mail_preferences.reminder_opt_out(ctx),
        },
    )


def _descriptions(tr: Translator) -> dict[str, str]:
    return {kind: tr(description) for kind, description in KINDS.items()}


def _yes_or_no(tr: Translator, value: str, name: str) -> bool:
    if value not in ("yes", "no"):
        raise InvalidInput([Problem(tr(N_("choose yes or no")), name)])
    return value == "yes"


@router.post("/me/consents/{kind}")
def set_consent(
    request: Request,
    ctx: CurrentContext,
    kind: str,
    granted: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Give or withdraw one consent; with htmx only that consent is redrawn."""
    tr = translator(request, ctx.actor)
    views = consents.set_consent(ctx, kind, _yes_or_no(tr, granted, "granted"))
    changed = next(c for c in views if c.kind == kind)
    descriptions = _descriptions(tr)
    described = descriptions[changed.kind]
    message = (
        tr(N_("Given: %(consent)s."), consent=described)
        if changed.granted
        else tr(N_("Withdrawn: %(consent)s."), consent=described)
    )
    if request.headers.get("hx-request") == "true":
        return render(
            request,
            "participant/_consent.html",
            {
                "actor": ctx.actor,
                "consent": changed,
                "descriptions": descriptions,
                "message": message,
            },
        )
    return see_other(request, "/me/privacy", message)


@router.post("/me/digest")
def set_digest(
    request: Request,
    ctx: CurrentContext,
    opt_out: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Turn the weekly digest e-mail off or on."""
    tr = translator(request, ctx.actor)
    off = digests.set_digest(ctx, _yes_or_no(tr, opt_out, "opt_out"))
    message = tr(N_("The weekly digest is off.")) if off else tr(N_("The weekly digest is on."))
    return see_other(request, "/me/privacy", message)


@router.post("/me/reminders")
def set_reminders(
    request: Request,
    ctx: CurrentContext,
    opt_out: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Turn reminder e-mails (check-ins, proposals, profile, pair health) off or on."""
    tr = translator(request, ctx.actor)
    off = mail_preferences.set_reminders(ctx, _yes_or_no(tr, opt_out, "opt_out"))
    message = tr(N_("Reminder e-mails are off.")) if off else tr(N_("Reminder e-mails are on."))
    return see_other(request, "/me/privacy", message)


@router.get("/me/data")
def download_my_data(request: Request, ctx: CurrentContext) -> Response:
    """Download everything growpath holds about the participant, as a JSON file."""
    return JSONResponse(
        jsonable_encoder(personal_data.export_my_data(ctx)),
        headers={"Content-Disposition": 'attachment; filename="growpath-my-data.json"'},
    )


@router.post("/me/logout-everywhere")
def logout_everywhere(
    request: Request,
    ctx: CurrentContext,
) -> Response:
    """End every login session and API token of the participant, this one included."""
    tr = translator(request, ctx.actor)
    revoked = accounts.logout_everywhere(ctx)
    request.session.clear()
    message = (
        tr.plural(
            "You are logged out everywhere and revoked %(n)d API token.",
            "You are logged out everywhere and revoked %(n)d API tokens.",
            revoked,
        )
        if revoked
        else tr(N_("You are logged out everywhere."))
    )
    return see_other(request, "/login", message)
