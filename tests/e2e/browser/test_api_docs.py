"""The interactive API docs render in Chromium from this server alone, under its content policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _watch(page: Page, server: str) -> tuple[list[str], list[str]]:
    elsewhere: list[str] = []
    errors: list[str] = []

    def on_request(request: Request) -> None:
        # ReDoc asks for its maker's logo from a CDN; the content policy must stop it.
        if not request.url.startswith((server, "data:", "blob:")):
            elsewhere.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("requestfinished", on_request)
    page.on("console", on_console)
    return elsewhere, errors


@pytest.mark.parametrize(
    ("path", "operation"),
    [("/api/docs", "/api/v1/auth/token"), ("/api/redoc", "/api/v1/auth/token")],
)
def test_the_api_docs_render_offline_without_relaxing_scripts(
    page: Page, server: str, path: str, operation: str
) -> None:
    elsewhere, errors = _watch(page, server)
    page.goto(f"{server}{path}")
    expect(page.get_by_text(operation).first).to_be_visible(timeout=20_000)
    assert elsewhere == [], "the docs must not load anything from another host"
    refused = [e for e in errors if "Content Security Policy" in e]
    assert all("img-src" in e for e in refused), refused  # never a script or style of ours
