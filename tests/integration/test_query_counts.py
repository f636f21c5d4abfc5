"""The busiest requests run a fixed number of queries, however much history a person has.

Counted with a SQLAlchemy event listener around whole HTTP requests (login, page, service),
on SQLite and PostgreSQL. A count that grows with the number of engagements or sessions is
an N+1 loop; the bounds are today's counts, so a new query per request shows up here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.services import (
    digests,
    engagements,
    enrolment,
    health,
    matching,
    programs,
    sessions,
)
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from growpath.services.people_import import import_people
from tests.conftest import make_account
from tests.e2e.conftest import bearer, log_in_page
from tests.factories import csv_bytes, org_rows

# Who is asking and the page's first reads take ten (the engagements come with their
# programs' names, the ratings with their competencies' names; the people of the proposals
# are read only when there are proposals, as here). The coaching conversations a manager
# logged that wait for an answer add one; the learning modules due add two: the
# organisation's own modules with the hidden ones (one statement), the completions; the
# reflection prompts waiting for the person add one (however many); the newest lessons of the
# mentors the person follows add one.
HOME_QUERIES = 10 + 1 + 2 + 1 + 1
# Logging a session reads who is asking, the session with the viewer's role and the
# engagement's status (a completed or ended one is read-only) in one statement, its members
# (the actions' owners and whom to prompt, with whether they turned reminders off) and the
# themes (four). It writes the
# action, the session, its themes and the audit entry (four), the notes' two data keys and
# the two notes (an insert each), a reflection prompt under its
# unique key and its mail under the outbox's dedupe key (two), and, for the report facts,
# the engagement and session it touched in one insert (one). The answer is built from what
# it wrote: nothing is read back.
HOLD_READS = 4
HOLD_WRITES = 4 + 2 + 2 + 1
# Each unit of work costs a pool check-out, a BEGIN and a COMMIT: the home page reads in the
# one that found who is asking (it used to open one after it).
HOME_CHECKOUTS = 1
# The engagement page reads in that one too (it used to open twelve, then two), its access
# checked once and its audit entries written together at the commit.
ENGAGEMENT_CHECKOUTS = 1
# Who is asking (one); the engagement with its program's name and meeting link, the viewer's
# role in it and the id of the pair's open proposal of a time (one statement; the proposal
# one more when there is one) and its members (one); the goals with their readings (one,
# however many are measured); the sessions, the engagement's actions and the sessions' themes
# (three), which the guide and the suggestions read from too; what the participants wrote
# when they enrolled, the competencies and the ratings (three); the modules admins added to
# the library and the shipped ones they hid (one statement); the lessons on the sessions'
# themes and their listing (two). Then the audit entries of the six reads, written together
# at the commit (one insert).
ENGAGEMENT_READS = 1 + 2 + 1 + 3 + 3 + 1 + 2


@contextmanager
def counted(app: Growpath) -> Iterator[list[str]]:
    """Collect the SQL statements the app's engine runs inside the block."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(app.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(app.engine, "before_cursor_execute", record)


class World:
    """A mentor (person 17) who takes on one mentee after another, each in a program."""

    def __init__(self, app: Growpath) -> None:
        self.app = app
        import_people(operator_context(app), csv_bytes(org_rows(30)), "people.csv")
        ensure_catalogue(operator_context(app))
        self.admin = make_account(app, "admin@example.com", Role.PROGRAM_ADMIN)
        self.mentor = make_account(app, "person17@example.com")
        self.mentees: list[Context] = []

    def add_pair(self, held_sessions: int) -> int:
        """Match the mentor with a new mentee, start, hold sessions with actions; return its id."""
        number = len(self.mentees)
        mentee = make_account(self.app, f"person{20 + number}@example.com")
        self.mentees.append(mentee)
        program = programs.create_from_template(
            self.admin, "traditional-mentoring", name=f"Mentoring {number}"
        )
        programs.set_status(self.admin, program.id, "open")
        goals = {"goals": "Grow into a staff engineer and learn system design."}
        enrolment.enrol(mentee, program.id, "mentee", goals)
        enrolment.enrol(self.mentor, program.id, "mentor", {"capacity": 1, "expertise": ["go"]})
        run = matching.approve(self.admin, matching.run_matching(self.admin, program.id).id)
        for ctx in (mentee, self.mentor):
            matching.respond(ctx, run.proposals[0].id, accept=True)
        engagement = next(e for e in engagements.my_engagements(mentee))
        engagements.change_engagement(self.mentor, engagement.id, "start")
        for _ in range(held_sessions):
            self.hold(self.mentor, engagement.id, mentee)
        return engagement.id

    def schedule(self, engagement_id: int) -> int:
        """Schedule a session tomorrow; return its id."""
        at = self.mentor.now + timedelta(days=1)
        return sessions.schedule(self.mentor, engagement_id, at, 45, "Video call").id

    def hold(self, ctx: Context, engagement_id: int, owner: Context) -> None:
        """Hold a session with notes, an action for the mentee and a theme."""
        sessions.hold(ctx, self.schedule(engagement_id), **hold_fields(owner, ctx.now.date()))


def hold_fields(owner: Context, today: Any) -> dict[str, Any]:
    """Notes, one action and one theme, as a guide logs them."""
    return {
        "shared_notes": {"goal": "Lead the design review", "will": "Send a pre-read"},
        "private_notes": {"reality": "Energy was lower than last time."},
        "actions": [
            {
                "description": "Send the pre-read",
                "owner_person_id": owner.actor.person_id,
                "due_on": today + timedelta(days=7),
            }
        ],
        "themes": ["feedback"],
    }


@pytest.fixture
def world(app: Growpath) -> World:
    """A mentor with one running engagement, three sessions held."""
    world = World(app)
    world.add_pair(held_sessions=3)
    return world


def queries_of(app: Growpath, request: Callable[[], Any]) -> list[str]:
    """Return the statements one request ran."""
    with counted(app) as statements:
        request()
    return statements


def test_home_page_runs_as_many_queries_for_five_engagements_as_for_one(world: World) -> None:
    with TestClient(create_app(world.app)) as client:
        log_in_page(client, "person17@example.com")
        one = queries_of(world.app, lambda: client.get("/home").raise_for_status())
        for _ in range(4):
            world.add_pair(held_sessions=3)
        five = queries_of(world.app, lambda: client.get("/home").raise_for_status())
    assert len(five) == len(one), "\n".join(five)
    assert len(five) <= HOME_QUERIES, "\n".join(five)


def test_home_page_reads_everything_in_the_login_lookups_transaction(world: World) -> None:
    checkouts: list[object] = []
    ends: list[str] = []

    def record(*args: Any) -> None:
        checkouts.append(args[0])

    def commit(_connection: object) -> None:
        ends.append("commit")

    def rollback(_connection: object) -> None:
        ends.append("rollback")

    listeners = {"checkout": record, "commit": commit, "rollback": rollback}
    with TestClient(create_app(world.app)) as client:
        log_in_page(client, "person17@example.com")
        for name, listener in listeners.items():
            event.listen(world.app.engine, name, listener)
        try:
            client.get("/home").raise_for_status()
        finally:
            for name, listener in listeners.items():
                event.remove(world.app.engine, name, listener)
    assert len(checkouts) == HOME_CHECKOUTS
    # One transaction, which only read: it ends with COMMIT (read_only_end).
    assert ends == ["commit"]


def test_the_engagement_page_reads_in_one_transaction_however_long_its_history(
    world: World,
) -> None:
    (engagement,) = engagements.my_engagements(world.mentees[0])
    path = f"/engagements/{engagement.id}"
    checkouts: list[object] = []

    def record(*args: Any) -> None:
        checkouts.append(args[0])

    with TestClient(create_app(world.app)) as client:
        log_in_page(client, "person17@example.com")
        three = queries_of(world.app, lambda: client.get(path).raise_for_status())
        for _ in range(9):
            world.hold(world.mentor, engagement.id, world.mentees[0])
        event.listen(world.app.engine, "checkout", record)
        try:
            twelve = queries_of(world.app, lambda: client.get(path).raise_for_status())
        finally:
            event.remove(world.app.engine, "checkout", record)
    assert len(twelve) == len(three), "\n".join(twelve)
    assert len(twelve) == ENGAGEMENT_READS + 1, "\n".join(twelve)
    assert len(checkouts) == ENGAGEMENT_CHECKOUTS


def test_logging_a_session_runs_as_many_queries_after_many_sessions_as_after_few(
    world: World,
) -> None:
    (engagement,) = engagements.my_engagements(world.mentees[0])
    with TestClient(create_app(world.app)) as client:
        headers = bearer(client, "person17@example.com")

        answers: dict[int, Any] = {}

        def hold(session_id: int) -> None:
            body = hold_fields(world.mentees[0], world.mentor.now.date())
            body["actions"][0]["due_on"] = body["actions"][0]["due_on"].isoformat()
            response = client.post(
                f"/api/v1/sessions/{session_id}/hold", json=body, headers=headers
            )
            assert response.status_code == 200, response.text
            answers[session_id] = response.json()

        first = world.schedule(engagement.id)
        few = queries_of(world.app, lambda: hold(first))
        for _ in range(8):
            world.hold(world.mentor, engagement.id, world.mentees[0])
        later = world.schedule(engagement.id)
        many = queries_of(world.app, lambda: hold(later))
        listed = client.get(f"/api/v1/engagements/{engagement.id}/sessions", headers=headers)
    assert len(many) == len(few), "\n".join(many)
    assert len(many) == HOLD_READS + HOLD_WRITES, "\n".join(many)
    # The answer is built from what the hold wrote; it is what a later read finds.
    stored = {session["id"]: session for session in listed.json()}
    for session_id, answer in answers.items():
        assert answer["themes"] and answer["actions"]
        assert answer == stored[session_id]


def test_an_engagements_session_list_runs_as_many_queries_for_twelve_sessions_as_for_three(
    world: World,
) -> None:
    (engagement,) = engagements.my_engagements(world.mentees[0])
    path = f"/api/v1/engagements/{engagement.id}/sessions"
    with TestClient(create_app(world.app)) as client:
        headers = bearer(client, "person17@example.com")
        three = queries_of(world.app, lambda: client.get(path, headers=headers).raise_for_status())
        for _ in range(9):
            world.hold(world.mentor, engagement.id, world.mentees[0])
        twelve = queries_of(world.app, lambda: client.get(path, headers=headers).raise_for_status())
        assert len(client.get(path, headers=headers).json()) == 12
    assert len(twelve) == len(three), "\n".join(twelve)


def test_weekly_digests_run_as_many_queries_for_four_pairs_as_for_one(world: World) -> None:
    clock = world.app.clock
    assert isinstance(clock, FixedClock)

    def week_of_digests() -> tuple[list[str], int]:
        for engagement in engagements.my_engagements(world.mentor):
            world.schedule(engagement.id)  # each pair has a session this week
        with counted(world.app) as statements:
            queued = digests.queue_weekly_digests(world.app)
        return statements, queued

    one, queued = week_of_digests()
    assert queued == 1  # the mentor's digest (the admin has no person, so no digest)
    clock.advance(timedelta(days=7))
    for _ in range(3):
        world.add_pair(held_sessions=1)
    four, queued = week_of_digests()
    assert queued == 1
    assert len(four) == len(one), "\n".join(four)


def test_the_programs_pulse_runs_as_many_queries_for_four_pairs_as_for_one(world: World) -> None:
    one = queries_of(world.app, lambda: health.program_pulse(world.admin))
    for _ in range(3):
        world.add_pair(held_sessions=1)
    four = queries_of(world.app, lambda: health.program_pulse(world.admin))
    assert len(four) == len(one), "\n".join(four)
