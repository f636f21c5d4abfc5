"""A crawl as each demo role follows every link it is shown and finds no 4xx or 5xx answer.

Starting from the role's landing page, every same-site link on every page reached is followed
(a few of each shape: /people/1 and /people/2 are the same page twice). A link a page offers
must lead somewhere the person may go.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.services.demo import DemoOrganisation
from tests.e2e.browser.conftest import login_of
from tests.e2e.conftest import log_in_demo

ROLES = ("participant", "mentor", "coach", "manager", "program admin", "org admin")
LINK = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
PER_SHAPE = 3
MOST_PAGES = 400


def _shape(path: str) -> str:
    return re.sub(r"/\d+", "/{id}", re.sub(r"/calendar/[^/]+\.ics$", "/calendar/{token}", path))


@pytest.mark.parametrize("role", ROLES)
def test_every_link_a_role_is_shown_leads_somewhere(
    sqlite_app: Growpath, demo: DemoOrganisation, role: str
) -> None:
    client = TestClient(create_app(sqlite_app), base_url="http://testserver")
    start = log_in_demo(client, login_of(demo, role))
    queue: deque[tuple[str, str]] = deque([(start, "the login")])
    seen: set[str] = {start}
    shapes: Counter[str] = Counter()
    broken: list[str] = []
    visited = 0
    while queue and visited < MOST_PAGES:
        path, found_on = queue.popleft()
        visited += 1
        answer = client.get(path, headers={"Accept": "text/html"}, follow_redirects=True)
        if answer.status_code >= 400:
            broken.append(f"{path} (linked from {found_on}): {answer.status_code}")
            continue
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        here = str(answer.url)
        for href in LINK.findall(answer.text):
            target = urlsplit(urldefrag(urljoin(here, href.replace("&amp;", "&"))).url)
            if target.netloc != "testserver" or not target.path:
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            shape = _shape(target.path)
            if link in seen or shapes[shape] >= PER_SHAPE:
                continue
            seen.add(link)
            shapes[shape] += 1
            queue.append((link, urlsplit(here).path))
    assert visited > 5, f"the crawl as {role} reached only {visited} pages"
    assert not broken, f"as {role}:\n" + "\n".join(broken)
