"""Times and dates on pages: in the viewer's own time zone, with the zone named, one format."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.services import accounts, people, sessions
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from tests.conftest import PASSWORD, START, make_account
from tests.e2e.conftest import ADMIN, log_in_page
from tests.factories import started_engagement

MENTEE = "person13@example.com"
MENTOR = "person17@example.com"
# 09:00 UTC on Tuesday 6 January 2026: 10:00 in Berlin, 09:00 in Lisbon.
SESSION_AT = START + timedelta(days=1)
IN_BERLIN = "Tue 6 Jan 2026, 10:00 Europe/Berlin"
IN_UTC = "Tue 6 Jan 2026, 09:00 UTC"


def _pair_with_a_session(seeded: Growpath, mentor_zone: str) -> tuple[int, int]:
    ensure_catalogue(operator_context(seeded))
    admin = Context(seeded, accounts.authenticate(seeded, ADMIN, PASSWORD), "test")
    mentee, mentor = make_account(seeded, MENTEE), make_account(seeded, MENTOR)
    people.update_my_profile(mentee, {"timezone": "Europe/Lisbon"})
    people.update_my_profile(mentor, {"timezone": mentor_zone})
    engagement_id = started_engagement(admin, mentee, mentor)
    session = sessions.schedule(mentor, engagement_id, SESSION_AT)
    return engagement_id, session.id


def test_a_berlin_mentor_sees_the_session_in_berlin_time_on_every_page(
    client: TestClient, seeded: Growpath
) -> None:
    engagement_id, session_id = _pair_with_a_session(seeded, "Europe/Berlin")
    log_in_page(client, MENTOR)
    for path in (
        f"/engagements/{engagement_id}",
        f"/sessions/{session_id}",
        "/home",
        "/mentoring",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        assert IN_BERLIN in page.text, path
        assert f'<time datetime="{SESSION_AT.isoformat()}">' in page.text, path
        # The time-zone field's suggestions list every zone; the page's times name only one.
        shown = re.sub(r"<datalist.*?</datalist>", "", page.text, flags=re.S)
        assert "09:00 UTC" not in shown and "Europe/Lisbon" not in shown, path


def test_the_lisbon_mentee_sees_the_same_session_in_lisbon_time(
    client: TestClient, seeded: Growpath
) -> None:
    engagement_id, _ = _pair_with_a_session(seeded, "Europe/Berlin")
    log_in_page(client, MENTEE)
    for path in (f"/engagements/{engagement_id}", "/home"):
        page = client.get(path)
        assert "Tue 6 Jan 2026, 09:00 Europe/Lisbon" in page.text, path
        assert "Europe/Berlin" not in page.text.split("<main", 1)[-1].split("<form", 1)[0], path


def test_dates_read_the_same_way_on_every_page(client: TestClient, seeded: Growpath) -> None:
    engagement_id, _ = _pair_with_a_session(seeded, "UTC")
    log_in_page(client, MENTOR)
    page = client.get(f"/engagements/{engagement_id}")
    assert IN_UTC in page.text
    started = START.date()
    assert f'<time datetime="{started.isoformat()}">{started.day} Jan 2026</time>' in page.text
    assert f">{started.isoformat()}<" not in page.text
