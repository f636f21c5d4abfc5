"""The main navigation names what a person can use: the journal and lessons once they take
part in a program, triads once they are in one, the admin area for admins."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import enrolment, programs
from tests.conftest import make_account
from tests.e2e.conftest import ADMIN, PARTICIPANT, log_in_page
from tests.e2e.test_scim_deprovisioning import GOALS


def _nav(client: TestClient) -> list[str]:
    page = client.get("/home").text
    menu = page.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    return re.findall(r'<a href="[^"]*"[^>]*>([^<]+)</a>', menu)


def test_a_person_who_takes_part_in_nothing_sees_no_journal_lessons_or_triads(
    client: TestClient,
) -> None:
    log_in_page(client, PARTICIPANT)
    shown = _nav(client)
    assert {"Home", "Programs", "Learning", "People", "Privacy"} <= set(shown)
    assert {"Journal", "Lessons", "Triads", "Admin"} & set(shown) == set()


def test_enrolling_brings_the_journal_and_lessons_and_an_admin_moderates_lessons(
    seeded: Growpath, client: TestClient
) -> None:
    admin = make_account(seeded, "programs@example.com", Role.PROGRAM_ADMIN)
    program = programs.create_from_template(admin, "traditional-mentoring", name="Mentoring")
    programs.set_status(admin, program.id, "open")
    participant = make_account(seeded, "person5@example.com")
    enrolment.enrol(participant, program.id, "mentee", {"goals": GOALS})

    log_in_page(client, "person5@example.com")
    shown = _nav(client)
    assert {"Journal", "Lessons"} <= set(shown) and {"Triads", "Admin"} & set(shown) == set()
    client.cookies.clear()
    log_in_page(client, ADMIN)
    shown = _nav(client)
    assert {"Lessons", "Admin"} <= set(shown) and {"Journal", "Triads"} & set(shown) == set()
