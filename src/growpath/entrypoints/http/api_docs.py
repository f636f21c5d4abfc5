"""The API as a client sees it: an OpenAPI document that says how to authenticate, and the
interactive docs served from this server (no CDN: they work offline and under the strict
content policy)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse

from growpath.entrypoints.permissions import ROUTE_RULES, Rule

SWAGGER_UI_VERSION = "5.35.0"
# ReDoc 2: ReDoc 3 reports usage to Redocly's servers, which a confidential product must not.
REDOC_VERSION = "2.5.4"
SESSION_COOKIE = "growpath_session"
# Every non-public operation takes either scheme; an empty requirement means "no login".
SECURITY_SCHEMES: dict[str, dict[str, str]] = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token from POST /api/v1/auth/token.",
    },
    "cookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "The browser's login session; writes also need the X-CSRF-Token "
        "header or a same-origin request.",
    },
}
LOGGED_IN: list[dict[str, list[str]]] = [{"bearer": []}, {"cookie": []}]

router = APIRouter(include_in_schema=False)


def openapi_with_security(web: FastAPI) -> Callable[[], dict[str, Any]]:
    """Return the app's OpenAPI builder, adding security schemes and binary uploads."""

    def build() -> dict[str, Any]:
        if web.openapi_schema is None:
            schema = get_openapi(
                title=web.title,
                version=web.version,
                description=web.description,
                routes=web.routes,
            )
            schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
            for path, operations in schema["paths"].items():
                for method, operation in operations.items():
                    public = ROUTE_RULES.get(f"{method.upper()} {path}") == Rule.PUBLIC
                    operation["security"] = [] if public else LOGGED_IN
            _mark_binary_uploads(schema)
            web.openapi_schema = schema
        return web.openapi_schema

    return build


def _mark_binary_uploads(schema: dict[str, Any]) -> None:
    # OpenAPI 3.1 says a file part is contentMediaType; generators of 3.0 lineage (and
    # openapi-python-client) look for format: binary, so both are stated.
    for component in schema.get("components", {}).get("schemas", {}).values():
        for field in component.get("properties", {}).values():
            if field.get("contentMediaType") == "application/octet-stream":
                field["format"] = "binary"


def _viewer(request: Request, title: str, bundle: str, styles: str = "") -> HTMLResponse:
    # One page shape for both viewers: the bundle, then api-docs.js, which starts it.
    prefix = escape(request.scope.get("root_path", ""))
    static = f"{prefix}/static"
    style = f'<link rel="stylesheet" href="{static}/vendor/{styles}">' if styles else ""
    return HTMLResponse(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{style}</head><body>"
        f'<div id="api-docs" data-openapi="{prefix}/openapi.json"></div>'
        f'<script src="{static}/vendor/{bundle}"></script>'
        f'<script src="{static}/api-docs.js"></script></body></html>'
    )


@router.get("/api/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Serve Swagger UI for the API, from this server's own copy."""
    return _viewer(
        request,
        "growpath API",
        f"swagger-ui-bundle-{SWAGGER_UI_VERSION}.js",
        f"swagger-ui-{SWAGGER_UI_VERSION}.css",
    )


@router.get("/api/redoc")
def redoc(request: Request) -> HTMLResponse:
    """Serve ReDoc for the API, from this server's own copy."""
    return _viewer(request, "growpath API reference", f"redoc-{REDOC_VERSION}.standalone.js")
