"""Server-rendered pages: login, logout, the people directory."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from growpath.domain.accounts import Actor
from growpath.domain.errors import (
    AuthenticationFailed,
    InvalidInput,
    PermissionDenied,
    TooManyAttempts,
)
from growpath.entrypoints.http.context import (
    CurrentContext,
    OptionalActor,
    PasswordChangeContext,
    app_of,
    client_address,
)
from growpath.entrypoints.http.forms import LoginFields, PasswordForm
from growpath.entrypoints.http.proxy import app_url, route_path
from growpath.entrypoints.http.schemas import PathId
from growpath.entrypoints.web.oidc_client import provider_logout_url
from growpath.entrypoints.web.rendering import refusal_text, render
from growpath.entrypoints.web.security import (
    await_second_step,
    csrf_protected,
    log_in,
    log_out,
)
from growpath.entrypoints.web.way_back import way_back
from growpath.services import accounts, people, second_factor

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
PAGE_SIZE = 25


def redirect_to_login(request: Request) -> RedirectResponse:
    """Send an anonymous visitor to the login page, coming back here afterwards."""
    target = route_path(request.scope) + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(app_url(request, f"/login?next={quote(target)}"), status_code=303)


def landing_path(actor: Actor) -> str:
    """Return the page a person starts on: where the work of their widest role is."""
    # Someone with several roles starts where they answer for the most people: an admin's
    # programs, then a manager's team, then a guide's pairs, then their own participation.
    if actor.is_admin:
        return "/admin"
    if actor.is_manager:
        return "/team"
    if actor.is_guide:
        return "/mentoring"
    return "/home"


def after_login(actor: Actor, next: str) -> str:
    """Return where a fresh login goes: what must be settled first, else the page asked for."""
    if actor.must_change_password:
        return "/account/password"
    if actor.must_set_up_totp:
        return "/account/two-step"
    return safe_next(next) or landing_path(actor)


def finish_password_login(request: Request, actor: Actor, next: str) -> Response:
    """Log in after a right password, or hold the login until its second step."""
    if actor.has_totp:
        await_second_step(request, actor, safe_next(next))
        return RedirectResponse(app_url(request, "/login/code"), status_code=303)
    log_in(request, actor)
    return RedirectResponse(app_url(request, after_login(actor, next)), status_code=303)


def safe_next(target: str) -> str:
    """Return a same-site path to go to after logging in, or "" for the landing page."""
    # Only same-site paths, so the login form cannot bounce people to another site; "" means
    # no page was asked for, and the person lands on their role's page.
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return ""
    return target


@router.get("/")
def home(request: Request, actor: OptionalActor) -> Response:
    """Send visitors to the page of their role, or to the login page."""
    return RedirectResponse(
        app_url(request, landing_path(actor) if actor else "/login"), status_code=303
    )


def login_page(
    request: Request, next: str, error: str | None = None, email: str = "", status_code: int = 200
) -> Response:
    """Render the login page with the sign-in ways GROWPATH_AUTH turns on."""
    settings = app_of(request).settings
    context = {
        "next": safe_next(next),
        "error": error,
        "email": email,
        "oidc_name": settings.oidc_name if settings.oidc_offered() else None,
        "saml_name": settings.saml_name if settings.saml_offered() else None,
        # GROWPATH_AUTH: sso hides the password form behind the break-glass disclosure.
        "passwords": settings.passwords_offered(),
    }
    return render(request, "login.html", context, status_code=status_code)


@router.get("/login")
def login_form(request: Request, next: str = "") -> Response:
    """Show the login form, and the single sign-on buttons when they are on."""
    return login_page(request, next)


@router.post("/login")
def login(request: Request, form: LoginFields) -> Response:
    """Log in and go where the visitor was heading."""
    email, next = form.email, form.next
    app = app_of(request)
    try:
        actor: Actor = accounts.authenticate(app, email, form.password, client_address(request))
        # The API's credentials may carry the code too; without one, the code page asks.
        if actor.has_totp and form.code.strip():
            actor = second_factor.prove_second_step(
                app, actor.user_id, form.code, client_address(request)
            )
            log_in(request, actor)
            return RedirectResponse(app_url(request, after_login(actor, next)), status_code=303)
    except (AuthenticationFailed, TooManyAttempts, PermissionDenied) as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 401
        return login_page(request, next, refusal_text(request, exc), email, status)
    return finish_password_login(request, actor, next)


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the login session, on the server too, and at the identity provider if it has one."""
    provider_logout = provider_logout_url(request)
    log_out(request)
    return RedirectResponse(provider_logout or app_url(request, "/login"), status_code=303)


@router.get("/people")
def people_directory(
    request: Request,
    ctx: CurrentContext,
    q: Annotated[str, Query(max_length=200)] = "",
    department: Annotated[str, Query(max_length=120)] = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """Show the people directory, searchable and paginated."""
    try:
        result = people.list_people(ctx, {"q": q, "department": department}, page, PAGE_SIZE)
    except InvalidInput as exc:
        return render(
            request,
            "error.html",
            {
                "status": 422,
                "message": refusal_text(request, exc, ctx.actor),
                "problems": [],
                "back": way_back(request, 422),
            },
            status_code=422,
        )
    return render(
        request,
        "people.html",
        {"actor": ctx.actor, "result": result, "q": q, "department": department},
    )


@router.get("/people/{person_id}")
def person_page(request: Request, ctx: CurrentContext, person_id: PathId) -> Response:
    """Show one person's profile."""
    person = people.get_person(ctx, person_id)
    return render(request, "person.html", {"actor": ctx.actor, "person": person})


@router.get("/account/password")
def password_form(request: Request, ctx: PasswordChangeContext) -> Response:
    """Show the change-password form."""
    return render(request, "password.html", {"actor": ctx.actor, "problems": [], "done": False})


@router.post("/account/password")
def password_change(request: Request, ctx: PasswordChangeContext, form: PasswordForm) -> Response:
    """Change the password and stay logged in here (other sessions end)."""
    try:
        actor = accounts.change_password(ctx, form.current_password, form.new_password)
    except InvalidInput as exc:
        return render(
            request,
            "password.html",
            {"actor": ctx.actor, "problems": exc.problems, "done": False},
            status_code=422,
        )
    log_in(request, actor, method=ctx.actor.login_method)
    return render(request, "password.html", {"actor": actor, "problems": [], "done": True})
