"""Cross-site request forgery: a write carried by the session cookie must prove its origin.

A browser attaches the session cookie to a request another site makes it send, body or not
(a bodyless POST needs no CORS preflight). So every cookie-authenticated write, to a page or
to the API, carries the session's CSRF token, or (API only) comes from our own origin by its
``Origin`` or ``Referer`` header. Bearer-token requests carry no ambient authority: a browser
never adds an Authorization header by itself, so they are not checked.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from fastapi import Request

from growpath.domain.errors import PermissionDenied
from growpath.entrypoints.http.context import SESSION_USER
from growpath.i18n import N_

SESSION_CSRF = "csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_matches(request: Request, submitted: str) -> bool:
    """Return whether submitted is the session's CSRF token."""
    expected = request.session.get(SESSION_CSRF)
    # Bytes, so a token with non-ASCII characters is refused instead of raising TypeError.
    return isinstance(expected, str) and hmac.compare_digest(expected.encode(), submitted.encode())


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def from_own_origin(request: Request) -> bool:
    """Return whether the request's Origin (or, lacking one, Referer) is this app's origin."""
    own = _origin_of(str(request.base_url))
    origin = request.headers.get("origin")
    if origin is not None:
        return _origin_of(origin) == own  # "null" (sandboxed, file:) is never ours
    referer = request.headers.get("referer")
    return referer is not None and _origin_of(referer) == own


def _by_cookie(request: Request) -> bool:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return False
    return request.session.get(SESSION_USER) is not None


def api_write_protected(request: Request) -> None:
    """Router dependency: refuse a cookie-authenticated API write from another origin."""
    if request.method in SAFE_METHODS or not _by_cookie(request):
        return
    if token_matches(request, request.headers.get(CSRF_HEADER, "")):
        return
    if not from_own_origin(request):
        raise PermissionDenied(
            N_(
                "a write with the session cookie must come from this site: send the session's "
                "X-CSRF-Token header, or use a bearer token"
            )
        )
