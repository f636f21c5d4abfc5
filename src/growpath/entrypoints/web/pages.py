"""Server-rendered pages: login, logout, the people directory."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from growpath.domain.accounts import Actor
from growpath.domain.errors import AuthenticationFailed, InvalidInput, TooManyAttempts
from growpath.entrypoints.api.schemas import PathId
from growpath.entrypoints.web.rendering import render
from growpath.entrypoints.web.security import (
    app_of,
    check_csrf,
    client_address,
    log_in,
    optional_actor,
    request_context,
)
from growpath.services import accounts, people

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25


def redirect_to_login(request: Request) -> RedirectResponse:
    """Send an anonymous visitor to the login page, coming back here afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def _safe_next(target: str) -> str:
    # Only same-site paths, so the login form cannot bounce people to another site.
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/home"
    return target


@router.get("/")
def home(request: Request) -> Response:
    """Send visitors to their home page, or to the login page."""
    return RedirectResponse("/home" if optional_actor(request) else "/login", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str = "/home") -> Response:
    """Show the login form."""
    return render(request, "login.html", {"next": _safe_next(next), "error": None, "email": ""})


@router.post("/login")
def login(
    request: Request,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/home",
) -> Response:
    """Log in and go where the visitor was heading."""
    check_csrf(request, csrf)
    try:
        actor: Actor = accounts.authenticate(
            app_of(request), email, password, client_address(request)
        )
    except (AuthenticationFailed, TooManyAttempts) as exc:
        return render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": exc.message, "email": email},
            status_code=401,
        )
    log_in(request, actor)
    if actor.must_change_password:
        return RedirectResponse("/account/password", status_code=303)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    """End the login session."""
    check_csrf(request, csrf)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/people")
def people_directory(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    department: Annotated[str, Query(max_length=120)] = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """Show the people directory, searchable and paginated."""
    ctx = request_context(request)
    try:
        result = people.list_people(ctx, {"q": q, "department": department}, page, PAGE_SIZE)
    except InvalidInput as exc:
        return render(
            request,
            "error.html",
            {"status": 422, "message": exc.message, "problems": []},
            status_code=422,
        )
    return render(
        request,
        "people.html",
        {"actor": ctx.actor, "result": result, "q": q, "department": department},
    )


@router.get("/people/{person_id}")
def person_page(request: Request, person_id: PathId) -> Response:
    """Show one person's profile."""
    ctx = request_context(request)
    person = people.get_person(ctx, person_id)
    return render(request, "person.html", {"actor": ctx.actor, "person": person})


@router.get("/account/password")
def password_form(request: Request) -> Response:
    """Show the change-password form."""
    ctx = request_context(request)
    return render(request, "password.html", {"actor": ctx.actor, "problems": [], "done": False})


@router.post("/account/password")
def password_change(
    request: Request,
    current_password: Annotated[str, Form(max_length=1000)],
    new_password: Annotated[str, Form(max_length=1000)],
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Change the password and stay logged in here (other sessions end)."""
    check_csrf(request, csrf)
    ctx = request_context(request)
    try:
        actor = accounts.change_password(ctx, current_password, new_password)
    except InvalidInput as exc:
        return render(
            request,
            "password.html",
            {"actor": ctx.actor, "problems": exc.problems, "done": False},
            status_code=422,
        )
    log_in(request, actor)
    return render(request, "password.html", {"actor": actor, "problems": [], "done": True})
