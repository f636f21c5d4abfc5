"""Behind a proxy: the path prefix growpath is served under, and the proxy's forwarded headers."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from growpath.settings import ROOT_PATH


class BehindProxy:
    """ASGI middleware: serve under the root path, and believe only trusted proxies' headers.

    The proxy strips the prefix (as uvicorn's --root-path expects); the prefix comes from
    GROWPATH_ROOT_PATH, or from X-Forwarded-Prefix when a trusted proxy sends one. Following
    the ASGI specification, scope["path"] then holds the full path and scope["root_path"] the
    prefix, so Starlette routes on the rest and every link can be made from the prefix.
    """

    def __init__(self, app: ASGIApp, root_path: str, trusted_proxies: str) -> None:
        # uvicorn's middleware takes X-Forwarded-For and -Proto from trusted proxies; growpath
        # applies it itself (uvicorn runs with proxy_headers off) so the prefix can be judged
        # by the same trust, against the proxy's own address before it is replaced.
        self.forwarded = ProxyHeadersMiddleware(app, trusted_proxies)  # type: ignore[arg-type]
        self.root_path = root_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Set the root path of an HTTP request, then apply the forwarded headers."""
        if scope["type"] == "http":
            prefix = self._prefix(scope)
            if prefix:
                scope = {
                    **scope,
                    "root_path": prefix,
                    "path": prefix + scope["path"],
                    "raw_path": prefix.encode() + scope.get("raw_path", scope["path"].encode()),
                }
        await self.forwarded(scope, receive, send)  # type: ignore[arg-type]

    def _prefix(self, scope: Scope) -> str:
        client = scope.get("client")
        if client and client[0] in self.forwarded.trusted_hosts:
            for name, value in scope["headers"]:
                if name == b"x-forwarded-prefix":
                    forwarded: str = value.decode("latin-1").strip().rstrip("/")
                    # A malformed prefix is ignored rather than written into every link.
                    if ROOT_PATH.match(forwarded):
                        return forwarded
        return self.root_path


def route_path(scope: Scope) -> str:
    """Return the path within growpath: the request's path without the root path."""
    path: str = scope["path"]
    root = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def app_url(connection: HTTPConnection, path: str) -> str:
    """Return the address of a growpath path as the browser reaches it (under the root path)."""
    root: str = connection.scope.get("root_path", "")
    return root + path
