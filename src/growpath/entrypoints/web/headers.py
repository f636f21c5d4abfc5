"""Security headers on every response: no framing, no sniffing, a strict content policy."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from growpath.entrypoints.http.proxy import route_path

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
}
# ReDoc writes its styles as <style> elements and searches in a worker made from a blob: its
# page alone may use inline styles and blob workers. Scripts stay this server's own everywhere.
DOCS_PATHS = ("/api/redoc",)
DOCS_POLICY = SECURITY_HEADERS["content-security-policy"].replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'; worker-src 'self' blob:"
)


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on and decorate the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_docs = route_path(scope).startswith(DOCS_PATHS)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                for name, value in SECURITY_HEADERS.items():
                    if is_docs and name == "content-security-policy":
                        value = DOCS_POLICY
                    headers.append((name.encode(), value.encode()))
                if self.https:
                    headers.append(
                        (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
                    )
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
