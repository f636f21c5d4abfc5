"""The browser journey under /mentoring/ behind Debian's nginx, configured as docs/operations.md."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from playwright.sync_api import Page, expect

from growpath.bootstrap import Growpath
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot
from tests.e2e.browser.test_engagement_journey import shared_engagement
from tests.factories import free_port

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
NGINX = "/usr/sbin/nginx"
PREFIX = "/mentoring"
# The location block of docs/operations.md ("Under a path prefix"), pointed at the test server.
SITE = """
worker_processes 1;
{user}
pid {state}/nginx.pid;
error_log {state}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {state}/access.log;
    client_body_temp_path {state}/body;
    proxy_temp_path {state}/proxy;
    fastcgi_temp_path {state}/fastcgi;
    uwsgi_temp_path {state}/uwsgi;
    scgi_temp_path {state}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location = /mentoring {{ return 301 /mentoring/; }}
        location /mentoring/ {{
            proxy_pass {upstream}/;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Prefix /mentoring;
        }}
        location / {{ return 404; }}
    }}
}}
"""


@pytest.fixture
def nginx(demo_server: str, tmp_path: Path) -> Iterator[str]:
    """Debian's nginx on a free port, passing /mentoring/ to the demo server."""
    if shutil.which(NGINX) is None:
        message = f"{NGINX} is missing; `make test` installs Debian's nginx"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    # Run as root (CI containers), nginx's workers would drop to nobody, who cannot write here.
    user = "user root;" if os.geteuid() == 0 else ""
    config = tmp_path / "nginx.conf"
    config.write_text(SITE.format(user=user, state=tmp_path, port=port, upstream=demo_server))
    process = subprocess.Popen(  # noqa: S603 - the Debian binary and a config written here
        [NGINX, "-c", str(config), "-p", str(tmp_path), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    address = f"http://127.0.0.1:{port}"
    _wait_for(f"{address}{PREFIX}/healthz", process)
    yield address
    process.terminate()
    process.wait(timeout=10)


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"nginx stopped: {said}")
        try:
            with urlopen(url, timeout=1) as answer:  # noqa: S310 - a local test URL
                if answer.status == 200:
                    return
        except OSError:  # refused, reset, or (on a busy machine) no answer within the second
            time.sleep(0.1)
    raise RuntimeError(f"nginx did not answer {url} within 10 s")


def test_the_mentor_logs_in_and_works_on_an_engagement_under_the_prefix(
    page: Page, nginx: str, demo: DemoOrganisation, sqlite_app: Growpath
) -> None:
    site = f"{nginx}{PREFIX}"
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{nginx}{PREFIX}")
    expect(page).to_have_url(f"{site}/login")
    log_in(page, site, login_of(demo, "mentor"), DEMO_PASSWORD)
    # A mentor lands on their caseload.
    expect(page).to_have_url(f"{site}/mentoring")
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "", "no stylesheet"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mentoring").click()
    expect(page).to_have_url(f"{site}/mentoring")
    page.goto(f"{site}/engagements/{shared_engagement(sqlite_app, demo)}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mentoring with")
    assert_accessible(page)

    page.get_by_label("Date and time").fill("2026-01-06T10:00")
    page.get_by_label("Minutes").fill("45")
    page.get_by_label("Where", exact=True).fill("Video call")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("status").first).to_contain_text("Session scheduled for")
    assert page.url.startswith(f"{site}/engagements/")
    invite = page.get_by_role("link", name="(.ics)").first.get_attribute("href") or ""
    assert invite.startswith(f"{PREFIX}/api/v1/sessions/")
    calendar = page.request.get(f"{nginx}{invite}")
    assert calendar.status == 200 and b"BEGIN:VCALENDAR" in calendar.body()
    shot(page, "engagement-behind-nginx")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{site}/login")
    strays = [url for url in requested[1:] if not url.startswith(f"{site}/")]
    assert not strays, f"requests that left the prefix: {strays}"


def test_the_api_docs_load_their_document_under_the_prefix(page: Page, nginx: str) -> None:
    page.goto(f"{nginx}{PREFIX}/api/docs")
    # As in test_api_docs: Swagger UI's bundle and the OpenAPI document take more than the
    # default 5 s to render on a busy 2-core machine (a cold browser, the other worker's tests).
    expect(page.get_by_text("/api/v1/auth/token").first).to_be_visible(timeout=20_000)
