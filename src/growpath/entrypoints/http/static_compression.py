"""Compressed static files: the design system's stylesheet is 527 KB, about 70 KB gzipped."""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from growpath.entrypoints.http.proxy import route_path

STATIC_PREFIX = "/static/"


class CompressedStatic:
    """ASGI middleware: gzip static files for clients that accept it, and nothing else.

    Pages and API answers stay uncompressed on purpose: they carry secrets (CSRF tokens, notes)
    next to text a visitor can put there, which compression would let an attacker guess
    byte by byte from response sizes (BREACH).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.compressed = GZipMiddleware(app, minimum_size=1024)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass static files through gzip, everything else as it is."""
        if scope["type"] == "http" and route_path(scope).startswith(STATIC_PREFIX):
            await self.compressed(scope, receive, send)
        else:
            await self.app(scope, receive, send)
