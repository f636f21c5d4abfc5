"""Request bodies have a size limit, checked before they are read whole.

A declared ``Content-Length`` over the limit is refused at once, without reading a byte of the
body; a body sent in chunks is counted as it streams and refused the moment it passes the
limit, so no request makes the app hold more than the limit in memory.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from growpath.entrypoints.http.proxy import route_path
from growpath.entrypoints.http.schemas import MAX_IMPORT_BYTES

MIB = 1024 * 1024
MAX_BODY_BYTES = 1 * MIB  # every form post and JSON body
# The people import uploads a file of up to MAX_IMPORT_BYTES, in a multipart body.
MAX_UPLOAD_BYTES = MAX_IMPORT_BYTES + MIB
UPLOAD_PATHS = ("/api/v1/people/import", "/admin/people/import")


def body_limit(path: str) -> int:
    """Return how many bytes a request body to this path may hold."""
    return MAX_UPLOAD_BYTES if path.endswith(UPLOAD_PATHS) else MAX_BODY_BYTES


def _too_large(limit: int) -> str:
    return f"the request body is larger than {limit // MIB} MiB, the most this address accepts"


class BodyLimit:
    """ASGI middleware: answer 413 to a request body over its path's limit."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a declared oversize body at once; count a streamed one as it arrives."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(route_path(scope))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, send, _too_large(limit))
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside the app, so its error handlers answer (JSON or page).
                    raise HTTPException(413, _too_large(limit))
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(scope: Scope, send: Send, message: str) -> None:
    headers = dict(scope["headers"])
    path = route_path(scope)
    wants_page = not path.startswith("/api/") and b"text/html" in headers.get(b"accept", b"")
    if wants_page:
        body = (
            '<!doctype html><html lang="en"><meta charset="utf-8"><title>Too large · growpath'
            f"</title><main><h1>That was too large</h1><p>{message.capitalize()}.</p></main>"
            "</html>"
        ).encode()
        content_type = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"detail": message, "problems": [], "code": "too_large"}).encode()
        content_type = b"application/json"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
