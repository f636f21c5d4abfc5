"""One's own account: the parts of the profile that matching uses."""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from growpath.domain.errors import InvalidInput, NotFound, Problem
from growpath.domain.people import check_timezone
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.forms import ProfileFields, ProfileForm
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.web.profile_form import (
    SKILL_LEVELS,
    SPARE_ROWS,
    language_choices,
    languages_from_choices,
    skill_rows,
    skill_suggestions,
    skills_from_rows,
)
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_
from growpath.services import competencies, languages, people
from growpath.services.context import Context

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])


def _profile_page(
    request: Request,
    ctx: Context,
    person: people.PersonView,
    values: dict[str, Any],
    problems: list[Problem],
    status_code: int = 200,
) -> Response:
    framework = competencies.list_competencies(ctx)
    tr = translator(request, ctx.actor)
    context: dict[str, Any] = {
        "person": person,
        "values": values,
        "problems": problems,
        "skill_suggestions": skill_suggestions((c.name for c in framework), person.skills),
        "skill_levels": [(value, tr(text)) for value, text in SKILL_LEVELS],
        "languages": language_choices(person.languages, tr),
    }
    return render(request, "account/profile.html", context, status_code=status_code)


def _me(ctx: Context) -> people.PersonView:
    if ctx.actor.person_id is None:
        raise NotFound(N_("this account has no profile in the directory"))
    return people.get_person(ctx, ctx.actor.person_id)


@router.get("/account/profile")
def profile_form(request: Request, ctx: CurrentContext) -> Response:
    """Show the form for one's own skills, languages, time zone, interests, bio and the
    language growpath speaks."""
    person = _me(ctx)
    values = {
        "skill_rows": skill_rows(person.skills),
        "languages": list(person.languages),
        "timezone": person.timezone,
        "interests": "; ".join(person.interests),
        "bio": person.bio,
        "locale": ctx.actor.locale or "",
    }
    return _profile_page(request, ctx, person, values, [])


def _typed(form: ProfileForm, more: int = 0) -> dict[str, Any]:
    # Rows come back as posted, so a problem's row number still names the row it is about.
    posted = list(zip_longest(form.skill_name, form.skill_level, fillvalue=""))
    return {
        "skill_rows": posted + [("", "")] * more,
        "languages": form.languages,
        "timezone": form.timezone,
        "interests": form.interests,
        "bio": form.bio,
        "locale": form.locale,
    }


def _zone_problems(timezone: str) -> list[Problem]:
    try:
        check_timezone(timezone)
    except ValueError as exc:
        return [Problem(str(exc), "timezone")]
    return []


def _locale_problems(locale: str) -> list[Problem]:
    try:
        languages.checked_locale(locale)
    except InvalidInput as exc:
        return list(exc.problems)
    return []


@router.post("/account/profile")
def profile_update(request: Request, ctx: CurrentContext, form: ProfileFields) -> Response:
    """Save one's own profile, or show the form again with each problem named."""
    person = _me(ctx)
    if form.more_rows:
        # Adding rows is not saving: the form comes back as typed, with more empty rows.
        return _profile_page(request, ctx, person, _typed(form, more=SPARE_ROWS), [])
    problems: list[Problem] = []
    changes = {
        "skills": skills_from_rows(form.skill_name, form.skill_level, problems),
        "languages": languages_from_choices(form.languages, person.languages, problems),
        "timezone": form.timezone,
        "interests": form.interests,
        "bio": form.bio,
        "locale": form.locale or None,
    }
    if problems:
        # The rows are refused before the service sees them; a bad zone is named with them.
        problems += _zone_problems(form.timezone) + _locale_problems(form.locale)
        return _profile_page(request, ctx, person, _typed(form), problems, 422)
    try:
        people.update_my_profile(ctx, changes)
    except InvalidInput as exc:
        return _profile_page(request, ctx, person, _typed(form), problems_of(exc), 422)
    tr = translator(request, ctx.actor)
    return see_other(request, "/account/profile", tr("Your profile is saved."))
