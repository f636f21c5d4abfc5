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
ODD_PATHS = ("/", "", "/nope", "/home/", "/api/v1/nope", "/{id}", "/static", "/static/x.css")


def _scope(method: str, path: str) -> Scope:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}


def _chosen(routes: list[BaseRoute], scope: Scope) -> BaseRoute | None:
    # Starlette's rule: the first full match, else the first partial one (a 405).
    partial = None
    for route in routes:
        match, _ = route.matches(dict(scope))
        if match is Match.FULL:
            return route
        if match is Match.PARTIAL and partial is None:
            partial = route
    return partial


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
            assert len(narrowed) < len(web.router.routes) or path.startswith("/{")


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
