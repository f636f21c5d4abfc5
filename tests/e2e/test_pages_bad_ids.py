"""Pages refuse ids no database can hold with a 4xx, never a 500."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from growpath.entrypoints.permissions import ROUTE_RULES
from tests.e2e.conftest import ADMIN, log_in_page

TOO_LARGE = str(2**63)


def test_every_page_with_an_id_refuses_one_past_the_database_range(client: TestClient) -> None:
    csrf = log_in_page(client, ADMIN)
    pages = [
        r
        for r in ROUTE_RULES
        if "{" in r and not r.split(" ", 1)[1].startswith(("/api/", "/scim/"))
    ]
    assert pages
    for route in pages:
        method, template = route.split(" ", 1)
        path = re.sub(r"\{\w+\}", TOO_LARGE, template)
        response = client.request(
            method, path, data={"csrf": csrf}, headers={"accept": "text/html"}
        )
        assert 400 <= response.status_code < 500, f"{route}: {response.status_code}"
