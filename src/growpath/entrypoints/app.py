"""The FastAPI application factory: pages, JSON API, health, error mapping."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from scim2_models import SCIMException
from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from growpath import __version__
from growpath.bootstrap import Growpath, bootstrap
from growpath.domain.emailed_links import DeadLink
from growpath.domain.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PasswordChangeRequired,
    PermissionDenied,
    TooManyAttempts,
    TotpSetupRequired,
)
from growpath.entrypoints.api import accounts_admin as accounts_admin_api
from growpath.entrypoints.api import audit as audit_api
from growpath.entrypoints.api import auth as auth_api
from growpath.entrypoints.api import calendar_feeds as calendar_feeds_api
from growpath.entrypoints.api import checkin_questions as checkin_questions_api
from growpath.entrypoints.api import engagements as engagements_api
from growpath.entrypoints.api import find_time as find_time_api
from growpath.entrypoints.api import invitations as invitations_api
from growpath.entrypoints.api import learning as learning_api
from growpath.entrypoints.api import lessons as lessons_api
from growpath.entrypoints.api import matches as matches_api
from growpath.entrypoints.api import meeting_rooms as meeting_rooms_api
from growpath.entrypoints.api import outcomes as outcomes_api
from growpath.entrypoints.api import people as people_api
from growpath.entrypoints.api import practice as practice_api
from growpath.entrypoints.api import privacy as privacy_api
from growpath.entrypoints.api import programs as programs_api
from growpath.entrypoints.api import reflection as reflection_api
from growpath.entrypoints.api import reports as reports_api
from growpath.entrypoints.api import sessions as sessions_api
from growpath.entrypoints.api import triads as triads_api
from growpath.entrypoints.http import api_docs
from growpath.entrypoints.http.api_docs import openapi_with_security
from growpath.entrypoints.http.context import app_of, client_address, optional_actor
from growpath.entrypoints.http.csrf import api_write_protected
from growpath.entrypoints.http.error_answers import (
    detail_of,
    error_translator,
    http_code,
    problems_of,
)
from growpath.entrypoints.http.limits import BodyLimit
from growpath.entrypoints.http.proxy import BehindProxy, app_url, route_path
from growpath.entrypoints.http.route_index import route_by_first_segment
from growpath.entrypoints.http.schemas import ErrorPublic
from growpath.entrypoints.http.static_compression import CompressedStatic
from growpath.entrypoints.http.threads import handler_threads
from growpath.entrypoints.http.validation_messages import reason_of
from growpath.entrypoints.permissions import walk_routes
from growpath.entrypoints.scim import errors as scim_errors
from growpath.entrypoints.scim.router import router as scim_router
from growpath.entrypoints.web import (
    account_calendar_pages,
    account_pages,
    admin_account_pages,
    admin_matching_pages,
    admin_pages,
    admin_pair_pages,
    admin_program_pages,
    availability_pages,
    calendar_feed,
    engagement_pages,
    enrolment_pages,
    find_time_pages,
    import_pages,
    language_pages,
    learning_pages,
    lesson_pages,
    link_pages,
    mentoring_pages,
    oidc_pages,
    pages,
    participant_pages,
    practice_pages,
    question_pages,
    reflection_pages,
    report_pages,
    saml_pages,
    session_pages,
    triad_pages,
    two_step_pages,
    unsubscribe_pages,
)
from growpath.entrypoints.web.form_fields import field_label
from growpath.entrypoints.web.headers import SecurityHeaders
from growpath.entrypoints.web.rendering import render
from growpath.entrypoints.web.way_back import nearest_page, way_back
from growpath.services import audit

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "web" / "static"
STATUS_OF: list[tuple[type[DomainError], int]] = [
    (InvalidInput, 422),
    (DeadLink, 410),
    (NotFound, 404),
    (Conflict, 409),
    (PermissionDenied, 403),
    (AuthenticationFailed, 401),
    (TooManyAttempts, 429),
]
API_ROUTERS = (
    auth_api.router,
    invitations_api.router,
    accounts_admin_api.router,
    people_api.router,
    programs_api.router,
    matches_api.router,
    engagements_api.router,
    sessions_api.router,
    audit_api.router,
    privacy_api.router,
    reports_api.router,
    outcomes_api.router,
    calendar_feeds_api.router,
    find_time_api.router,
    lessons_api.router,
    meeting_rooms_api.router,
    practice_api.router,
    learning_api.router,
    triads_api.router,
    reflection_api.router,
    checkin_questions_api.router,
)
UNAVAILABLE = "the database is not answering; try again in a moment"
RETRY_AFTER_SECONDS = "5"
# Served without the page template: base.html looks up the visitor, which needs the database.
UNAVAILABLE_PAGE = (
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Unavailable · growpath</title>'
    f"<main><h1>growpath is unavailable for a moment</h1><p>{UNAVAILABLE.capitalize()}.</p>"
    "</main></html>"
)


def create_app(app: Growpath | None = None) -> FastAPI:
    """Build the web application around a bootstrapped growpath."""
    growpath = app or bootstrap()
    web = FastAPI(
        lifespan=handler_threads(growpath.settings.worker_threads),
        title="growpath",
        version=__version__,
        description="Coaching and mentoring programs: people, matching, engagements.",
        docs_url=None,
        redoc_url=None,
        # Operation ids are the handlers' names (unique, a test checks): clients generated
        # from the document get create_token(), not create_token_api_v1_auth_token_post().
        generate_unique_id_function=lambda route: route.name,
    )
    web.openapi = openapi_with_security(web)  # type: ignore[method-assign]
    web.state.growpath = growpath
    web.add_middleware(
        SessionMiddleware,
        secret_key=growpath.settings.secret_key,
        session_cookie="growpath_session",
        max_age=growpath.settings.session_max_age_seconds,
        same_site="lax",
        https_only=growpath.settings.environment == "production",
        path=growpath.settings.root_path or "/",
    )
    # Outside the session, so an oversize body is refused before anything reads it; inside
    # the security headers, so the refusal carries them too.
    web.add_middleware(BodyLimit)
    web.add_middleware(SecurityHeaders, https=growpath.settings.environment == "production")
    web.add_middleware(CompressedStatic)
    # Outermost: every other layer sees the root path and the client's own address.
    web.add_middleware(
        BehindProxy,
        root_path=growpath.settings.root_path,
        trusted_proxies=growpath.settings.trusted_proxies,
    )

    def healthz() -> JSONResponse:
        """Report liveness and whether the database answers."""
        try:
            # Autocommit: the SELECT alone, without a BEGIN and a ROLLBACK around it, each a
            # round trip (a worker thread that sleeps and wakes) and work for the database.
            with growpath.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT"
            ) as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # any database failure means "not ready", never a crash
            log.exception("health check could not reach the database")
            return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok", "version": __version__})

    # Load balancers and uptime checkers probe with HEAD as often as with GET. Added before
    # the routers: a request tries the routes in order, and the probe would try 200 first.
    web.add_api_route("/healthz", healthz, methods=["GET"], tags=["operations"])
    web.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)

    web.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Browsers ask for /favicon.ico whatever a page links; a static file like the others (so no
    # page in the permission matrix), answered so no 404 is logged.
    web.add_route("/favicon.ico", _favicon, methods=["GET", "HEAD"], include_in_schema=False)
    # Every API write carried by the session cookie proves it comes from this site.
    for api in API_ROUTERS:
        web.include_router(api, dependencies=[Depends(api_write_protected)])
    # SCIM takes the identity provider's bearer token only, never the session cookie, so it
    # needs no CSRF check: it is deliberately not under api_write_protected.
    web.include_router(scim_router)
    web.include_router(api_docs.router)
    web.include_router(pages.router)
    web.include_router(account_pages.router)
    web.include_router(language_pages.router)
    web.include_router(oidc_pages.router)
    web.include_router(two_step_pages.router)
    web.include_router(link_pages.router)
    web.include_router(saml_pages.router)
    web.include_router(participant_pages.router)
    web.include_router(enrolment_pages.router)
    web.include_router(engagement_pages.router)
    web.include_router(session_pages.router)
    web.include_router(mentoring_pages.router)
    web.include_router(admin_pages.router)
    web.include_router(import_pages.router)
    web.include_router(admin_account_pages.router)
    web.include_router(report_pages.router)
    web.include_router(admin_program_pages.router)
    web.include_router(admin_matching_pages.router)
    web.include_router(admin_pair_pages.router)
    web.include_router(unsubscribe_pages.router)
    web.include_router(account_calendar_pages.router)
    web.include_router(calendar_feed.router)
    web.include_router(find_time_pages.router)
    web.include_router(availability_pages.router)
    web.include_router(practice_pages.router)
    web.include_router(learning_pages.router)
    web.include_router(triad_pages.router)
    web.include_router(reflection_pages.router)
    web.include_router(question_pages.router)
    web.include_router(lesson_pages.router)

    _install_error_handlers(web)
    _document_unavailable(web)
    route_by_first_segment(web)
    return web


def _favicon(request: Request) -> Response:
    return FileResponse(
        STATIC / "favicon.svg",
        media_type="image/svg+xml",
        headers={"Cache-Control": "max-age=86400"},
    )


def _document_unavailable(web: FastAPI) -> None:
    # Any API call can meet a database that is down; say so once for every operation.
    for route in walk_routes(web.routes):
        if route.path.startswith("/api/"):
            route.responses.setdefault(
                503,
                {"model": ErrorPublic, "description": "The database is unavailable; retry later"},
            )


def _wants_json(request: Request) -> bool:
    return route_path(request.scope).startswith("/api/") or "text/html" not in request.headers.get(
        "accept", ""
    )


def _error_page(
    request: Request, status: int, message: str, problems: list[dict[str, Any]]
) -> Response:
    return render(
        request,
        "error.html",
        {
            "status": status,
            "message": message,
            "problems": problems,
            "back": way_back(request, status),
        },
        status_code=status,
    )


def _field_path(loc: tuple[int | str, ...]) -> str:
    # ("body", "actions", 0, "due_on") -> "actions[0].due_on", the path the page forms use.
    path = ""
    for part in loc[1:] if loc and loc[0] in ("body", "query", "path") else loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path


def _install_error_handlers(web: FastAPI) -> None:
    # A database that is down or restarting (or a SQLite file locked past its timeout) is a
    # transient 503 with a JSON error, never a hang or a bare 500; the engine replaces dead
    # connections as they leave the pool, so the app recovers without a restart.
    @web.exception_handler(OperationalError)
    @web.exception_handler(InterfaceError)
    def database_unavailable(request: Request, exc: Exception) -> Response:
        log.warning("database unavailable during %s %s: %s", request.method, request.url.path, exc)
        headers = {"Retry-After": RETRY_AFTER_SECONDS}
        if _wants_json(request):
            return JSONResponse(
                {"detail": UNAVAILABLE, "problems": [], "code": "unavailable"},
                status_code=503,
                headers=headers,
            )
        return HTMLResponse(UNAVAILABLE_PAGE, status_code=503, headers=headers)

    @web.exception_handler(scim_errors.ScimFailure)
    def scim_failure(request: Request, exc: scim_errors.ScimFailure) -> Response:
        return scim_errors.answer(exc)

    @web.exception_handler(SCIMException)
    def scim_exception(request: Request, exc: SCIMException) -> Response:
        return scim_errors.answer(scim_errors.from_scim_exception(exc))

    @web.exception_handler(ValidationError)
    def scim_validation(request: Request, exc: ValidationError) -> Response:
        # Only SCIM handlers validate models themselves (a PATCH's result, say); anywhere
        # else an unexpected validation error is a bug, left to the 500 it is.
        if not scim_errors.is_scim(request):
            raise exc
        return scim_errors.answer(scim_errors.from_validation(exc))

    @web.exception_handler(DomainError)
    def domain_error(request: Request, exc: DomainError) -> Response:
        if scim_errors.is_scim(request):
            return scim_errors.answer(scim_errors.from_domain(exc))
        status = next((code for kind, code in STATUS_OF if isinstance(exc, kind)), 400)
        if status == 401 and not _wants_json(request):
            return pages.redirect_to_login(request)
        if isinstance(exc, PasswordChangeRequired) and not _wants_json(request):
            return RedirectResponse(app_url(request, "/account/password"), status_code=303)
        if isinstance(exc, TotpSetupRequired) and not _wants_json(request):
            return RedirectResponse(app_url(request, "/account/two-step"), status_code=303)
        if status in (401, 403, 404):
            audit.record_denial(
                app_of(request),
                optional_actor(request),
                request.method,
                request.url.path,
                status,
                client_address(request),
            )
        tr = error_translator(request)
        problems = problems_of(exc, tr)
        if _wants_json(request):
            # The code is what a client acts on, whatever the wording or language.
            body = {"detail": detail_of(exc, tr), "problems": problems, "code": exc.code}
            return JSONResponse(body, status_code=status)
        return _error_page(request, status, detail_of(exc, tr), problems)

    @web.exception_handler(RequestValidationError)
    def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if scim_errors.is_scim(request):
            return scim_errors.answer(scim_errors.ScimFailure(400, str(exc), "invalidValue"))
        tr = error_translator(request)
        if not _wants_json(request):
            problems = [
                {"reason": reason_of(error, tr), "field": _field_path(error.get("loc", ()))}
                for error in exc.errors()
            ]
            # Named as the form names them: "Due date of action 1", not "actions[0].due_on".
            summary = "; ".join(
                f"{field_label(p['field'], tr)}: {p['reason']}" if p["field"] else p["reason"]
                for p in problems[:5]
            )
            message = tr("The form could not be used. %(summary)s", summary=summary)
            return _error_page(request, 422, message, problems)
        problems = [
            {
                "reason": reason_of(error, tr),
                # A request with no body at all is refused at ("body",): named so, not "".
                "field": ".".join(str(part) for part in error.get("loc", ()) if part != "body")
                or "body",
            }
            for error in exc.errors()
        ]
        summary = "; ".join(f"{p['field']}: {p['reason']}" for p in problems[:5])
        return JSONResponse(
            {
                "detail": tr("invalid request: %(summary)s", summary=summary),
                "problems": problems,
                "code": "invalid_input",
            },
            status_code=422,
        )

    @web.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if scim_errors.is_scim(request):
            return scim_errors.answer(scim_errors.from_http(exc.status_code, message))
        if _wants_json(request):
            return JSONResponse(
                {"detail": message, "problems": [], "code": http_code(exc.status_code)},
                status_code=exc.status_code,
                headers=getattr(exc, "headers", None),
            )
        if exc.status_code == 405 and request.method in ("GET", "HEAD"):
            # A reload (or a bookmark) of a form's address after its post: back to the page
            # the form lives on, rather than a dead end.
            page = nearest_page(request, route_path(request.scope))
            return RedirectResponse(app_url(request, page), status_code=303)
        return _error_page(request, exc.status_code, message, [])
