"""Routing by first segment: every request reaches the route the app's whole list gives."""

from __future__ import annotations

import re

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.entrypoints.http.route_index import SegmentRouting
from growpath.entrypoints.permissions import walk_routes

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
# Paths no route serves, a parameter's braces, the root and trailing slashes.
ODD_PATHS = (
    "/",
    "",
    "/nope",
    "/home/",
    "/api/v1/nope",
    "/{id}",
    "/static",
    "/static/x.css",
    "/static/vendor/deeper/x.js",
    "/api",
    "/api/",
    "/api/v1",
    "/api/v1/",
    "/api/v1/sessions",
    "/api/v1/sessions/",
    "/api/v1/sessions/1/hold/",
    "/api/v1/sessions/1/nope",
    "/api/v1/nope/1/hold",
    "/api//v1/sessions",
    "//home",
    "/engagements/1/",
    "/engagements/1/sessions/",
)


def _scope(method: str, path: str) -> Scope:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}


def _chosen(routes: list[BaseRoute], scope: Scope) -> BaseRoute | None:
    # Starlette's rule: the first full match, else the first partial one (a 405); inside an
    # included router, the route it chooses by the same rule (the index narrows a router to
    # a copy of itself, whose routes are the same routes).
    partial = None
    for route in routes:
        match, _ = route.matches(dict(scope))
        if match is Match.FULL:
            return _inner(route, scope)
        if match is Match.PARTIAL and partial is None:
            partial = route
    return None if partial is None else _inner(partial, scope)


def _inner(route: BaseRoute, scope: Scope) -> BaseRoute | None:
    router = getattr(route, "original_router", None)
    return route if router is None else _chosen(router.routes, scope)


def _count(routes: list[BaseRoute]) -> int:
    # The routes a request may try, those of included routers counted one by one.
    return sum(
        _count(router.routes) if (router := getattr(r, "original_router", None)) else 1
        for r in routes
    )


def test_every_route_is_reached_as_the_whole_list_reaches_it(sqlite_app: Growpath) -> None:
    web = create_app(sqlite_app)
    routing = web.router.middleware_stack
    assert isinstance(routing, SegmentRouting)
    paths = {re.sub(r"\{[^}]*\}", "1", route.path) for route in walk_routes(web.routes)}
    assert len(paths) > 150
    for path in sorted(paths | set(ODD_PATHS)):
        for method in METHODS:
            scope = _scope(method, path)
            whole = _chosen(web.router.routes, scope)
            narrowed = routing.branch_for(scope).routes
            assert _chosen(narrowed, scope) is whole, f"{method} {path}"
            assert _count(narrowed) < _count(web.router.routes) or path.startswith("/{")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/nope", 404), ("DELETE", "/home", 405), ("GET", "/healthz", 200)],
)
def test_unknown_paths_and_methods_answer_as_before(
    sqlite_app: Growpath, method: str, path: str, status: int
) -> None:
    with TestClient(create_app(sqlite_app)) as client:
        assert client.request(method, path).status_code == status


def test_routes_added_after_start_are_reached(sqlite_app: Growpath) -> None:
    web = create_app(sqlite_app)
    with TestClient(web) as client:
        assert client.get("/late").status_code == 404
        web.add_api_route("/late", lambda: {"late": True}, methods=["GET"])
        assert client.get("/late").json() == {"late": True}
        # A router included late, and a route added to it later still.
        later = APIRouter()
        web.include_router(later)
        later.add_api_route("/later/{n}", lambda n: {"n": n}, methods=["GET"])
        assert client.get("/later/3").json() == {"n": "3"}


def test_an_api_request_tries_only_its_resources_routes(sqlite_app: Growpath) -> None:
    web = create_app(sqlite_app)
    routing = web.router.middleware_stack
    assert isinstance(routing, SegmentRouting)
    api = _count(routing.branch_for(_scope("POST", "/api/v1")).routes)
    hold = _count(routing.branch_for(_scope("POST", "/api/v1/sessions/7/hold")).routes)
    assert hold * 5 < api, (hold, api)


@pytest.mark.parametrize("path", ODD_PATHS[1:])
def test_odd_paths_answer_as_the_whole_list_answers(sqlite_app: Growpath, path: str) -> None:
    indexed = create_app(sqlite_app)
    whole = create_app(sqlite_app)
    whole.router.middleware_stack = whole.router.app
    with TestClient(indexed) as one, TestClient(whole) as other:
        for method in ("GET", "POST"):
            got, want = (c.request(method, path, follow_redirects=False) for c in (one, other))
            assert (got.status_code, got.headers.get("location")) == (
                want.status_code,
                want.headers.get("location"),
            ), f"{method} {path}"
