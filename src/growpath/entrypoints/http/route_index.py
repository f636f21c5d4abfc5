"""Routing by the path's first segments: a request tries only the routes that could match it.

This FastAPI matches a request against the app's routes in order and walks into every
included router on the way, trying each of its routes (twice for the one that matches): a
page after the API's routers tried some 200 routes, about a tenth of its CPU, and every API
request, all under `/api/v1`, tried the API's routes in order up to its own. The index keeps,
for the first segments of a path (up to DEPTH), the app's routes that a path starting so could
match: the included routers among them narrowed to those of their routes. A request runs
FastAPI's own routing over its branch, in the app's order. A route is left out only when its
path cannot match: a segment of its that is neither the request's nor a parameter, or too few
segments. A parameter's segment, a `{path:path}` tail, a mount's tail or a path that cannot be
read keeps a route in, so the route chosen, 404, 405 and the trailing-slash redirect are what
the whole list gives. A trailing slash's empty last segment does not narrow (the redirect
tries the path without it).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.routing import APIRouter
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Mount
from starlette.types import Receive, Scope, Send

# The segments a branch narrows by: `/api/v1/sessions/{id}` names its routes' group in three.
DEPTH = 4
# A pattern's segment holding a parameter, and a request's segment no route names.
ANY_SEGMENT = None


@dataclass(frozen=True)
class _Pattern:
    """A route's path as segments (ANY_SEGMENT for one with a parameter), and from which
    segment on it matches whatever follows (None: exactly its segments)."""

    segments: tuple[str | None, ...]
    open_from: int | None

    def reaches(self, depth: int, segment: str | None) -> bool:
        """Whether a path with this segment at this depth could match it."""
        if self.open_from is not None and self.open_from <= depth:
            return True
        if depth >= len(self.segments):
            return False
        mine = self.segments[depth]
        return mine is ANY_SEGMENT or mine == segment


ANYWHERE = _Pattern((), 0)


def _pattern(route: object, prefix: str) -> _Pattern:
    path = getattr(route, "path", None)
    # A path that is not a plain string from the root (a Host route has none) matches anywhere.
    if not isinstance(path, str) or not (prefix + path).startswith("/"):
        return ANYWHERE
    segments: list[str | None] = []
    for segment in (prefix + path)[1:].split("/"):
        if ":path}" in segment:
            return _Pattern(tuple(segments), len(segments))
        segments.append(ANY_SEGMENT if "{" in segment else segment)
    if isinstance(route, Mount):
        # A mount answers for everything under its path.
        return _Pattern(tuple(segments), len(segments))
    return _Pattern(tuple(segments), None)


def _included(route: object) -> tuple[APIRouter, str] | None:
    # An included router answers for each of its routes, with the prefixes of the includes on
    # the way applied as FastAPI's include context applies them (`path_for`). Read from the
    # routes themselves: FastAPI's effective routes build each route's request handling, which
    # it otherwise does on a route's first request; building it for every route at once cost
    # each new app half a second at its first request (every test's app, too).
    router = getattr(route, "original_router", None)
    context = getattr(route, "include_context", None)
    if isinstance(router, APIRouter) and context is not None:
        return router, context.prefix
    return None


def _narrowed(route: BaseRoute, prefix: str, depth: int, segment: str | None) -> BaseRoute | None:
    """Return the route as a path with this segment at this depth could reach it: an included
    router with only such routes of its own (None when it has none), another route as it is
    or None."""
    included = _included(route)
    if included is None:
        return route if _pattern(route, prefix).reaches(depth, segment) else None
    router, own_prefix = included
    kept = [
        narrowed
        for child in router.routes
        if (narrowed := _narrowed(child, prefix + own_prefix, depth, segment)) is not None
    ]
    if not kept:
        return None
    if kept == router.routes:
        return route
    branch = copy.copy(router)
    branch.routes = kept
    # A fresh inclusion (its own cache of effective routes), answering for the narrowed router.
    return type(route)(original_router=branch, include_context=route.include_context)  # type: ignore[call-arg, attr-defined]


def _literals(route: BaseRoute, prefix: str, depth: int) -> Iterator[str]:
    included = _included(route)
    if included is None:
        pattern = _pattern(route, prefix)
        if depth < len(pattern.segments) and pattern.segments[depth] is not ANY_SEGMENT:
            yield str(pattern.segments[depth])
        return
    router, own_prefix = included
    for child in router.routes:
        yield from _literals(child, prefix + own_prefix, depth)


@dataclass
class _Branch:
    """The app's router narrowed to the routes a path's first segments could reach."""

    router: APIRouter
    depth: int
    # The segments at this depth that some route names: any other narrows as ANY_SEGMENT.
    literals: frozenset[str]
    children: dict[str | None, _Branch] = field(default_factory=dict)

    @classmethod
    def of(cls, router: APIRouter, depth: int) -> _Branch:
        """Return a branch of router's routes, narrowing next by the segment at depth."""
        literals = frozenset(s for route in router.routes for s in _literals(route, "", depth))
        return cls(router, depth, literals)

    def child(self, segment: str) -> _Branch:
        """Return the branch of this one's routes that a path with segment here could reach."""
        key = segment if segment in self.literals else ANY_SEGMENT
        found = self.children.get(key)
        if found is None:
            narrowed = copy.copy(self.router)
            narrowed.routes = [
                kept
                for route in self.router.routes
                if (kept := _narrowed(route, "", self.depth, key)) is not None
            ]
            found = self.children[key] = _Branch.of(narrowed, self.depth + 1)
        return found


def _routers(router: APIRouter) -> Iterator[APIRouter]:
    yield router
    for route in router.routes:
        included = _included(route)
        if included is not None:
            yield from _routers(included[0])


class SegmentRouting:
    """The app router's routing, tried on the routes the request's first segments can reach."""

    def __init__(self, router: APIRouter) -> None:
        self._router = router
        self._routers: tuple[APIRouter, ...] = ()
        self._version: tuple[tuple[int, int], ...] = ()
        self._root = _Branch(router, 0, frozenset())

    def _current_version(self) -> tuple[tuple[int, int], ...]:
        # FastAPI's own _get_routes_version walks every route (some 50 µs a request); the
        # routers of the tree, known from the last indexing, say the same: a route added to
        # any of them changes its version or its length, a router included changes its parent's.
        return tuple((r._routes_version, len(r.routes)) for r in self._routers)

    def _index(self) -> None:
        if self._routers and self._current_version() == self._version:
            return
        self._routers = tuple(_routers(self._router))
        self._root = _Branch.of(self._router, 0)
        self._version = self._current_version()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self._router.app(scope, receive, send)
            return
        # url_for and the error pages look every route up on the app's whole router.
        scope.setdefault("router", self._router)
        await self.branch_for(scope).app(scope, receive, send)

    def branch_for(self, scope: Scope) -> APIRouter:
        """Return the app's router narrowed to the routes scope's first segments can reach."""
        self._index()
        segments = get_route_path(scope)[1:].split("/")
        if len(segments) > 1 and segments[-1] == "":
            # The redirect to the path without its trailing slash must find its routes too.
            segments.pop()
        branch = self._root
        for segment in segments[:DEPTH]:
            branch = branch.child(segment)
        return branch.router


def route_by_first_segment(web: FastAPI) -> None:
    """Make web's router try only the routes that can match a request's first path segments."""
    web.router.middleware_stack = SegmentRouting(web.router)
