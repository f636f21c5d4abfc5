"""The clicks that once over-filled a mentor: refused where it happens, every page answers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from growpath.services import enrolment, matching, programs
from growpath.services.context import operator_context
from tests.conftest import make_account
from tests.e2e.conftest import ADMIN, log_in_page

GOALS = "I want to grow into a staff engineer and learn system design from someone senior."


@pytest.fixture
def clients(seeded: Growpath) -> Iterator[dict[str, TestClient]]:
    """Logged-in page clients of the admin, three mentees and one mentor."""
    emails = {"admin": ADMIN}
    emails |= {name: f"person{n}@example.com" for name, n in (("a", 12), ("b", 13), ("c", 14))}
    emails["mentor"] = "person17@example.com"
    made = {}
    for name, email in emails.items():
        if name != "admin":
            make_account(seeded, email)
        client = TestClient(create_app(seeded))
        client.__enter__()
        made[name] = client
        log_in_page(client, email)
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def _csrf(client: TestClient) -> str:
    page = client.get("/account/password").text
    return page.split('name="csrf" value="')[1].split('"')[0]


def test_approving_an_older_run_for_a_mentor_filled_meanwhile_is_refused_on_the_run_page(
    seeded: Growpath, clients: dict[str, TestClient]
) -> None:
    operator = operator_context(seeded)
    program = programs.set_status(
        operator, programs.create_from_template(operator, "traditional-mentoring").id, "open"
    )
    people = {}
    for name in ("a", "b", "c"):
        people[name] = clients[name].post(
            f"/programs/{program.id}/enrol",
            data={"csrf": _csrf(clients[name]), "role": "mentee", "goals": GOALS},
            follow_redirects=False,
        )
        assert people[name].status_code == 303, people[name].text
    guide = clients["mentor"].post(
        f"/programs/{program.id}/enrol",
        data={
            "csrf": _csrf(clients["mentor"]),
            "role": "mentor",
            "capacity": "2",
            "expertise": "system design",
        },
        follow_redirects=False,
    )
    assert guide.status_code == 303, guide.text

    ran = clients["admin"].post(
        f"/admin/programs/{program.id}/match-runs",
        data={"csrf": _csrf(clients["admin"])},
        follow_redirects=False,
    )
    assert ran.status_code == 303, ran.text
    run_url = ran.headers["location"]
    run_id = int(run_url.rsplit("/", 1)[1])
    run = matching.get_run(operator, run_id)
    assert len(run.proposals) == 2
    proposed = {p.mentee_person_id for p in run.proposals}
    (late,) = [name for name in ("a", "b", "c") if _person_id(seeded, name) not in proposed]
    mentor_enrolment = next(
        e.id for e in enrolment.list_enrolments(operator, program.id) if e.role == "mentor"
    )
    asked = clients[late].post(
        f"/programs/{program.id}/requests",
        data={"csrf": _csrf(clients[late]), "mentor_enrolment_id": str(mentor_enrolment)},
        follow_redirects=False,
    )
    assert asked.status_code == 303, asked.text
    pending = clients["mentor"].get("/proposals").text
    proposal_id = re.findall(r'action="/proposals/(\d+)/response"', pending)[0]
    accepted = clients["mentor"].post(
        f"/proposals/{proposal_id}/response",
        data={"csrf": _csrf(clients["mentor"]), "answer": "accept"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303, accepted.text

    refused = clients["admin"].post(
        f"/admin/match-runs/{run_id}/approve",
        data={"csrf": _csrf(clients["admin"]), "scope": "all"},
        follow_redirects=False,
    )

    assert refused.status_code == 422
    assert "Person 17 has 2 seats and 1 is already held" in refused.text
    for name, urls in {
        "admin": ["/", "/admin", f"/admin/programs/{program.id}", run_url],
        "a": ["/", f"/programs/{program.id}/recommendations", "/proposals"],
        "b": ["/", f"/programs/{program.id}/recommendations", "/proposals"],
        "c": ["/", f"/programs/{program.id}/recommendations", "/proposals"],
        "mentor": ["/", "/mentoring", "/proposals"],
    }.items():
        for url in urls:
            page = clients[name].get(url)
            assert page.status_code == 200, (name, url, page.status_code)
    again = clients["admin"].post(
        f"/admin/programs/{program.id}/match-runs",
        data={"csrf": _csrf(clients["admin"])},
        follow_redirects=False,
    )
    assert again.status_code == 303, again.text


def _person_id(app: Growpath, name: str) -> int:
    number = {"a": 12, "b": 13, "c": 14}[name]
    with app.uow() as uow:
        person = uow.people.by_email(f"person{number}@example.com")
        assert person is not None
        return person.id


def test_matching_an_empty_program_says_why_on_the_program_page(
    seeded: Growpath, clients: dict[str, TestClient]
) -> None:
    operator = operator_context(seeded)
    program = programs.create_from_template(operator, "traditional-mentoring")
    page = clients["admin"].post(
        f"/admin/programs/{program.id}/match-runs",
        data={"csrf": _csrf(clients["admin"])},
    )
    assert page.status_code == 422
    assert "needs enrolled participants and guides before matching" in page.text
    assert '<h2 id="matching-heading">Matching</h2>' in page.text


def test_a_mentor_changes_capacity_on_the_mentoring_page_but_not_below_what_is_held(
    seeded: Growpath, clients: dict[str, TestClient]
) -> None:
    operator = operator_context(seeded)
    program = programs.set_status(
        operator, programs.create_from_template(operator, "traditional-mentoring").id, "open"
    )
    mentor = clients["mentor"]
    for name in ("a", "b"):
        enrolled = clients[name].post(
            f"/programs/{program.id}/enrol",
            data={"csrf": _csrf(clients[name]), "role": "mentee", "goals": GOALS},
            follow_redirects=False,
        )
        assert enrolled.status_code == 303, enrolled.text
    enrolled = mentor.post(
        f"/programs/{program.id}/enrol",
        data={"csrf": _csrf(mentor), "role": "mentor", "capacity": "3", "expertise": "go"},
        follow_redirects=False,
    )
    assert enrolled.status_code == 303, enrolled.text
    matching.approve(operator, matching.run_matching(operator, program.id).id)
    page = mentor.get("/mentoring").text
    enrolment_id = re.findall(r'action="/enrolments/(\d+)/capacity"', page)[0]

    too_low = mentor.post(
        f"/enrolments/{enrolment_id}/capacity", data={"csrf": _csrf(mentor), "capacity": "1"}
    )
    assert too_low.status_code == 422
    assert "Person 17 holds 2 seats" in too_low.text
    garbage = mentor.post(
        f"/enrolments/{enrolment_id}/capacity", data={"csrf": _csrf(mentor), "capacity": "lots"}
    )
    assert garbage.status_code == 422
    assert "must be a whole number" in garbage.text

    saved = mentor.post(
        f"/enrolments/{enrolment_id}/capacity", data={"csrf": _csrf(mentor), "capacity": "2"}
    )
    assert saved.status_code == 200
    assert "You now take up to 2 pairs." in saved.text
    other = clients["a"].post(
        f"/enrolments/{enrolment_id}/capacity", data={"csrf": _csrf(clients["a"]), "capacity": "9"}
    )
    assert other.status_code == 404
