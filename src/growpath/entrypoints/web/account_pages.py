"""One's own account: the parts of the profile that matching uses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from growpath.domain.errors import InvalidInput, NotFound
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.services import people

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])


def _form_values(person: people.PersonView) -> dict[str, str]:
    return {
        "timezone": person.timezone,
        "languages": "; ".join(person.languages),
        "skills": "; ".join(f"{name}:{level}" for name, level in person.skills.items()),
        "interests": "; ".join(person.interests),
        "bio": person.bio,
    }


@router.get("/account/profile")
def profile_form(request: Request, ctx: CurrentContext) -> Response:
    """Show the form for one's own skills, languages, time zone, interests and bio."""
    if ctx.actor.person_id is None:
        raise NotFound("this account has no profile in the directory")
    person = people.get_person(ctx, ctx.actor.person_id)
    context: dict[str, Any] = {"person": person, "values": _form_values(person), "problems": []}
    return render(request, "account/profile.html", context)


@router.post("/account/profile")
def profile_update(
    request: Request,
    ctx: CurrentContext,
    timezone: Annotated[str, Form(max_length=64)] = "",
    languages: Annotated[str, Form(max_length=500)] = "",
    skills: Annotated[str, Form(max_length=2000)] = "",
    interests: Annotated[str, Form(max_length=1000)] = "",
    bio: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Save one's own profile, or show the form again with each problem named."""
    values = {
        "timezone": timezone,
        "languages": languages,
        "skills": skills,
        "interests": interests,
        "bio": bio,
    }
    try:
        people.update_my_profile(ctx, values)
    except InvalidInput as exc:
        person = people.get_person(ctx, ctx.actor.person_id or 0)
        context = {"person": person, "values": values, "problems": problems_of(exc)}
        return render(request, "account/profile.html", context, status_code=422)
    return see_other(request, "/account/profile", "Your profile is saved.")
