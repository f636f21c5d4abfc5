"""The way back from an error: the page the person came from, or the nearest page above."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request

from growpath.entrypoints.http.proxy import route_path
from growpath.entrypoints.permissions import walk_routes
from growpath.i18n import N_


@dataclass(frozen=True)
class WayBack:
    """A link out of an error page: where it goes (the root path included) and what it says."""

    href: str
    text: str


def nearest_page(request: Request, path: str, fixed_only: bool = False) -> str:
    """Return the nearest page above a path (within growpath) that a browser can open;
    fixed_only: only a page whose address has no id in it."""
    pages = [
        route.path_regex
        for route in walk_routes(request.app.routes)
        if "GET" in (route.methods or ())
        and not route.path.startswith("/api/")
        and not (fixed_only and "{" in route.path)
    ]
    parts = path.rstrip("/").split("/")
    # From the path itself upwards: /engagements/5/goals, /engagements/5, /engagements, /.
    for end in range(len(parts), 1, -1):
        candidate = "/".join(parts[:end])
        if any(regex.fullmatch(candidate) for regex in pages):
            return candidate
    return "/"


def way_back(request: Request, status: int) -> WayBack:
    """Return the link out of an error page: the referring page of this site, else a page
    above, else the start page."""
    root = request.scope.get("root_path", "")
    here = route_path(request.scope)
    referer = urlsplit(request.headers.get("referer", ""))
    # Only this site's own pages, and not the failing page itself (a reload would fail again);
    # a form posting to its own page's address is sent back to that page.
    itself = request.method == "GET" and referer.path == request.url.path
    if referer.netloc == request.url.netloc and referer.path.startswith(f"{root}/") and not itself:
        return WayBack(
            referer.path + (f"?{referer.query}" if referer.query else ""),
            N_("Back to the page you came from"),
        )
    # After a refusal, a page above with the same id would refuse too, and the answer must
    # read the same whether that id exists or not: only a page without an id then.
    refused = status in (403, 404, 410)
    above = nearest_page(request, here.rsplit("/", 1)[0], refused) if here.count("/") > 1 else "/"
    if above == "/":
        return WayBack(f"{root}/", N_("Go to your start page"))
    return WayBack(f"{root}{above}", N_("Go to the page above"))
