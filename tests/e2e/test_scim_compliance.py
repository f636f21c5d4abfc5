"""scim2-tester, the SCIM RFC compliance checker, against /scim/v2 of a real growpath server.

Every check must pass; the ones the checker itself skips are listed with their reason in
docs/identity.md, and this test fails when that list and the run disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import CheckResult, Status, check_server

from growpath.bootstrap import Growpath
from growpath.services import scim_tokens
from tests.e2e.conftest import serve

DOCS = Path(__file__).resolve().parents[2] / "docs" / "identity.md"
PASSED = {Status.SUCCESS, Status.COMPLIANT, Status.ACCEPTABLE}


@pytest.fixture
def scim_results(app: Growpath) -> Iterator[list[CheckResult]]:
    """Run every check of scim2-tester against a server on a free port, on each database."""
    token = scim_tokens.create_token(app, "scim2-tester").token
    for base in serve(app):
        # A generous timeout: under a loaded CI worker one answer can take longer than httpx's
        # 5 s default, which the checker would report as a network error of the server.
        with httpx2.Client(
            base_url=f"{base}/scim/v2",
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ) as http:
            yield check_server(SyncSCIMClient(http))


def _skipped_in_docs() -> set[str]:
    section = DOCS.read_text().split("### Checks scim2-tester skips", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^- `([^`]+)`", section, flags=re.MULTILINE))


def test_scim2_tester_finds_no_failure_and_the_docs_name_every_skipped_check(
    scim_results: list[CheckResult],
) -> None:
    failed = [r for r in scim_results if r.status not in PASSED | {Status.SKIPPED}]
    assert failed == [], "\n".join(f"{r.title}: {r.reason}" for r in failed)
    assert len([r for r in scim_results if r.status in PASSED]) > 40
    skipped = {f"{r.resource_type}:{r.title}" for r in scim_results if r.status == Status.SKIPPED}
    assert skipped == _skipped_in_docs()
