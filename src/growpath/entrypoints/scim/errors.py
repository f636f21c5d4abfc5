"""SCIM error answers (RFC 7644 §3.12): a status, a scimType and a detail naming the attribute."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from scim2_models import Context, Error, SCIMException

from growpath.domain.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from growpath.entrypoints.http.proxy import route_path

MEDIA_TYPE = "application/scim+json"
PREFIX = "/scim/v2"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
# The directory's field names, as the SCIM attribute that carries them.
ATTRIBUTE_OF = {
    "email": "emails",
    "user_name": "userName",
    "display_name": "displayName",
    "name": "name",
    "title": "title",
    "department": f"{ENTERPRISE}:department",
    "manager_email": f"{ENTERPRISE}:manager",
    "employee_id": f"{ENTERPRISE}:employeeNumber",
    "members": "members",
    "filter": "filter",
}
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="growpath SCIM"'}


class ScimFailure(Exception):
    """An answer a SCIM route gives instead of a resource."""

    def __init__(
        self,
        status: int,
        detail: str,
        scim_type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type
        self.headers = dict(headers or {})


def is_scim(request: Request) -> bool:
    """Whether a request is for /scim/v2 (its errors take the SCIM form)."""
    path = route_path(request.scope)
    return path == PREFIX or path.startswith(PREFIX + "/")


def scim_json(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """Answer a SCIM body with the SCIM media type."""
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def answer(failure: ScimFailure) -> Response:
    """Answer a failure as a SCIM Error."""
    error = Error(status=failure.status, scim_type=failure.scim_type, detail=failure.detail)
    return scim_json(
        error.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE),
        failure.status,
        failure.headers,
    )


def from_validation(exc: ValidationError) -> ScimFailure:
    """Say what a payload scim2-models refused gets wrong, naming the attribute."""
    errors = Error.from_validation_errors(exc)
    first = errors[0] if errors else Error(status=400, scim_type="invalidSyntax")
    detail = "; ".join(e.detail or "" for e in errors[:5]) or "the payload is not valid"
    return ScimFailure(400, detail, first.scim_type or "invalidValue")


def from_scim_exception(exc: SCIMException) -> ScimFailure:
    """Turn an error scim2-models raised (a PATCH it cannot apply) into an answer."""
    error = exc.to_error()
    return ScimFailure(int(error.status or 400), error.detail or str(exc), error.scim_type)


def from_domain(exc: DomainError) -> ScimFailure:
    """Turn a growpath refusal into the SCIM error a provider understands."""
    if isinstance(exc, InvalidInput):
        named = [
            f"{ATTRIBUTE_OF.get(p.field or '', p.field or '')}: {p.reason}" for p in exc.problems
        ]
        filtered = any(p.field == "filter" for p in exc.problems)
        return ScimFailure(
            400, "; ".join(named) or exc.message, "invalidFilter" if filtered else "invalidValue"
        )
    if isinstance(exc, Conflict):
        return ScimFailure(409, exc.message, "uniqueness")
    if isinstance(exc, NotFound):
        return ScimFailure(404, exc.message)
    if isinstance(exc, PermissionDenied):
        return ScimFailure(403, exc.message)
    if isinstance(exc, AuthenticationFailed):
        return ScimFailure(401, exc.message, headers=CHALLENGE)
    return ScimFailure(400, exc.message)


def from_http(status: int, detail: str) -> ScimFailure:
    """Turn a routing refusal (no such endpoint, method not allowed) into a SCIM error."""
    if status == 404:
        detail = "no such SCIM endpoint or resource"
    return ScimFailure(status, detail)
