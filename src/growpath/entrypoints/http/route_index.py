"""Routing by the path's first segment: a request tries only the routes that could match it.

This FastAPI matches a request against the app's routes in order and walks into every
included router on the way, trying each of its routes (twice for the one that matches): a
page after the API's routers tried some 200 routes, about a tenth of its CPU. The index
groups the app's top-level routes by the first segments their paths can start with; a
request runs FastAPI's own routing over its segment's group, in the app's order. A route
whose first segment is a parameter (or whose path cannot be read) is in every group, so
the route chosen, 404, 405 and the trailing-slash redirect are what the whole list gives.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

from fastapi import FastAPI
from fastapi.routing import APIRouter
from starlette._utils import get_route_path
from starlette.routing import BaseRoute
from starlette.types import Receive, Scope, Send

ANY_SEGMENT = None


def _first_segment(path: str) -> str | None:
    segment = path.lstrip("/").split("/", 1)[0]
    return ANY_SEGMENT if "{" in segment else segment


def _segments(route: object, prefix: str = "") -> Iterator[str | None]:
    # An included router answers for each of its routes, with the prefixes of the includes on
    # the way applied as FastAPI's include context applies them (`path_for`). Read from the
    # routes themselves: FastAPI's effective routes build each route's request handling, which
    # it otherwise does on a route's first request; building it for every route at once cost
    # each new app half a second at its first request (every test's app, too).
    included = getattr(route, "original_router", None)
    context = getattr(route, "include_context", None)
    if isinstance(included, APIRouter) and context is not None:
        for child in included.routes:
            yield from _segments(child, prefix + context.prefix)
        return
    path = getattr(route, "path", "")
    # A path that is not a plain string from the root (a Host route has none) matches anywhere.
    full = prefix + path if isinstance(path, str) else ""
    yield _first_segment(full) if full.startswith("/") else ANY_SEGMENT


def _routers(router: APIRouter) -> Iterator[APIRouter]:
    yield router
    for route in router.routes:
        included = getattr(route, "original_router", None)
        if isinstance(included, APIRouter):
            yield from _routers(included)


class SegmentRouting:
    """The app router's routing, tried on the routes of the request's first path segment."""

    def __init__(self, router: APIRouter) -> None:
        self._router = router
        self._routers: tuple[APIRouter, ...] = ()
        self._version: tuple[tuple[int, int], ...] = ()
        self._groups: dict[str, APIRouter] = {}
        self._rest = router

    def _current_version(self) -> tuple[tuple[int, int], ...]:
        # FastAPI's own _get_routes_version walks every route (some 50 µs a request); the
        # routers of the tree, known from the last indexing, say the same: a route added to
        # any of them changes its version or its length, a router included changes its parent's.
        return tuple((r._routes_version, len(r.routes)) for r in self._routers)

    def _index(self) -> None:
        if self._routers and self._current_version() == self._version:
            return
        self._routers = tuple(_routers(self._router))
        routes = list(self._router.routes)
        reach = [frozenset(_segments(route)) for route in routes]
        named = {s for segments in reach for s in segments if s is not ANY_SEGMENT}
        self._groups = {name: self._subset(routes, reach, name) for name in sorted(named, key=str)}
        self._rest = self._subset(routes, reach, None)
        self._version = self._current_version()

    def _subset(
        self, routes: list[BaseRoute], reach: list[frozenset[str | None]], name: str | None
    ) -> APIRouter:
        branch = copy.copy(self._router)
        branch.routes = [
            route
            for route, segments in zip(routes, reach, strict=True)
            if ANY_SEGMENT in segments or name in segments
        ]
        return branch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self._router.app(scope, receive, send)
            return
        # url_for and the error pages look every route up on the app's whole router.
        scope.setdefault("router", self._router)
        await self.branch_for(scope).app(scope, receive, send)

    def branch_for(self, scope: Scope) -> APIRouter:
        """Return the app's router narrowed to the routes scope's first segment can reach."""
        self._index()
        segment = _first_segment(get_route_path(scope))
        # A segment with a brace can only be a parameter's value: the rest's routes.
        return self._rest if segment is None else self._groups.get(segment, self._rest)


def route_by_first_segment(web: FastAPI) -> None:
    """Make web's router try only the routes that can match a request's first path segment."""
    web.router.middleware_stack = SegmentRouting(web.router)
