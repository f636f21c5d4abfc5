"""Every page of the app, visited in Chromium by someone allowed to see it, passes axe-core.

The pages are read from the permission matrix, so a new page is scanned as soon as it has a
matrix entry; a page this test cannot visit (a rule without a viewer, a path parameter without
an id from the demo) fails the build until the tables below learn how.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page

from growpath.adapters.clock import FixedClock
from growpath.adapters.unsubscribe_tokens import unsubscribe_token
from growpath.bootstrap import Growpath
from growpath.domain.nudges import MailCategory
from growpath.entrypoints.permissions import ROUTE_RULES, Rule
from growpath.services import (
    accounts,
    busy_calendars,
    calendar_feeds,
    checkin_questions,
    checkins,
    consents,
    engagements,
    enrolment,
    goals,
    invitations,
    lessons,
    login_email,
    matching,
    password_resets,
    practice,
    sessions,
    triads,
)
from growpath.services.context import Context
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import axe_violations, log_in, login_of, shots
from tests.mailbox import mailed_token

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ANONYMOUS = "anonymous"
# Who looks at a page guarded by each rule: a demo login allowed to see it.
VIEWER: dict[Rule, str] = {
    Rule.PUBLIC: ANONYMOUS,
    Rule.LOGIN: "participant",
    Rule.ADMIN: "program admin",
    Rule.ORG_ADMIN: "org admin",
    # The participant's program may be one the demo program admin does not run.
    Rule.PROGRAM_ADMIN: "org admin",
    Rule.OWNER: "participant",
    Rule.PARTY: "participant",
    Rule.MEMBER: "participant",
    Rule.PAIR: "participant",
    Rule.RATER: "participant",
    Rule.MANAGER: "manager",
    Rule.SELF: "participant",
    # The demo participant's practice triad is mid-rotation.
    Rule.TRIAD: "participant",
    # The demo mentor guides a pair and wrote two of the demo's lessons.
    Rule.GUIDE: "mentor",
    Rule.AUTHOR: "mentor",
}
# Pages that show a login's own things are seen by the login who has some.
VIEWER_OF_PAGE = {"GET /mentoring": "mentor", "GET /team": "manager", "GET /practice": "manager"}
TITLE = re.compile(r".+ · growpath$")
# The path parameters demo_ids() finds an id for.
FINDABLE = frozenset(
    {"person_id", "program_id", "enrolment_id", "run_id", "proposal_id", "engagement_id"}
    | {"session_id", "goal_id", "action_id", "key", "kind", "checkin_id"}
    | {"invitation_token", "reset_token", "change_token", "unsubscribe_token", "feed_token"}
    | {"user_id", "busy_calendar_id", "conversation_id", "slug", "triad_id", "question_id"}
    | {"lesson_id"}
)


def page_routes() -> list[str]:
    """Return every GET route of the matrix that is a page (not the API or the health check)."""
    return [
        route
        for route in ROUTE_RULES
        if route.startswith("GET ") and not route[4:].startswith(("/api/", "/healthz", "/scim/"))
    ]


def viewer_of(route: str) -> str:
    """Return the demo login that visits a page route."""
    rule = ROUTE_RULES[route]
    if route in VIEWER_OF_PAGE:
        return VIEWER_OF_PAGE[route]
    if rule not in VIEWER:
        raise LookupError(f"{route}: no demo login is known for rule {rule}; add it to VIEWER")
    return VIEWER[rule]


def _acting(app: Growpath, demo: DemoOrganisation, role: str) -> Context:
    actor = accounts.authenticate(app, login_of(demo, role), DEMO_PASSWORD)
    return Context(app, actor, "test")


def _first(ids: Iterator[int], what: str) -> int:
    found = next(ids, None)
    if found is None:
        raise LookupError(f"the demo organisation has no {what}")
    return found


def demo_ids(app: Growpath, demo: DemoOrganisation) -> dict[str, Callable[[], object]]:
    """How to find, in the demo, the id each path parameter names, as the demo participant."""
    participant = _acting(app, demo, "participant")
    running = [
        e for e in engagements.my_engagements(participant) if e.status in ("active", "renewed")
    ]
    engagement_id = _first((e.id for e in running), "running engagement of the participant")

    def goal_id() -> int:
        found = goals.list_goals(participant, engagement_id)
        if found:
            return found[0].id
        due = participant.now.date() + timedelta(days=30)
        spec = {"title": "Lead a review", "measure": "reviews", "target_value": 2, "due_on": due}
        return goals.add_goal(participant, engagement_id, spec).id

    def checkin_id() -> int:
        later = replace(app, clock=FixedClock(app.clock.now() + timedelta(days=31)))
        for clocked in (app, later):
            checkins.schedule_checkins(clocked)
            found = checkins.my_checkins(participant)
            if found:
                return found[0].id
        raise LookupError("no check-in could be scheduled for the demo participant")

    def question_id() -> int:
        # A question the participant's program asks: the org admin changes or retires it.
        admin = _acting(app, demo, "org admin")
        program_id = next(e.program_id for e in running if e.id == engagement_id)
        asked = [q for q in checkin_questions.list_questions(admin, program_id) if not q.retired_at]
        if asked:
            return asked[0].id
        return checkin_questions.add_question(
            admin, program_id, "scale", "How clear are your goals?", "not at all", "very"
        ).id

    def person_id() -> int:
        # The participant reports to the demo manager and shares with them, so the same id
        # opens the directory, the admin's person pages and the manager's trajectory.
        consents.set_consent(participant, consents.MANAGER_TRAJECTORY, granted=True)
        assert participant.actor.person_id is not None
        return participant.actor.person_id

    def lesson_id() -> int:
        # A lesson of the demo mentor's: everyone reads it, and its author is asked before
        # withdrawing it.
        mentor = _acting(app, demo, "mentor")
        assert mentor.actor.person_id is not None
        found = lessons.list_lessons(mentor, mentor_person_id=mentor.actor.person_id).lessons
        return _first((lesson.id for lesson in found), "lesson of the demo mentor")

    def invitation_token() -> str:
        invitations.invite(_acting(app, demo, "org admin"), "newcomer@example.com", set())
        return mailed_token(app, "newcomer@example.com", "/invitations")

    def reset_token() -> str:
        password_resets.request_reset(app, participant.actor.email)
        return mailed_token(app, participant.actor.email, "/password-reset")

    def change_token() -> str:
        login_email.request_my_change(participant, "moving.on@example.com")
        return mailed_token(app, "moving.on@example.com", "/account/email")

    finders: dict[str, Callable[[], object]] = {
        "person_id": person_id,
        "engagement_id": lambda: engagement_id,
        "program_id": lambda: next(e.program_id for e in running if e.id == engagement_id),
        "enrolment_id": lambda: _first(
            (e.id for e in enrolment.list_enrolments(participant, mine=True)), "enrolment"
        ),
        "proposal_id": lambda: _first(
            (p.id for p in matching.my_proposals(participant)), "proposal"
        ),
        "run_id": lambda: _first(
            (p.run_id for p in matching.my_proposals(participant) if p.run_id), "match run"
        ),
        "session_id": lambda: _first(
            (s.id for s in sessions.list_sessions(participant, engagement_id)), "session"
        ),
        "action_id": lambda: _first(
            (a.id for a in sessions.open_actions(participant, engagement_id)), "open action"
        ),
        "goal_id": goal_id,
        "checkin_id": checkin_id,
        "lesson_id": lesson_id,
        "key": lambda: "feedback",
        "kind": lambda: consents.LAYERING,
        "invitation_token": invitation_token,
        "reset_token": reset_token,
        "change_token": change_token,
        "unsubscribe_token": lambda: unsubscribe_token(
            app.settings.secret_key, person_id(), MailCategory.DIGEST
        ),
        "feed_token": lambda: (
            calendar_feeds.create_feed(participant).url.rsplit("/", 1)[1].removesuffix(".ics")
        ),
        # The organisation admin is asked before deactivating the participant's account.
        "user_id": lambda: participant.actor.user_id,
        # The participant is asked before removing a busy calendar of theirs (never read here).
        "question_id": question_id,
        "busy_calendar_id": lambda: (
            busy_calendars.add_busy_calendar(
                participant, "ics", "https://calendar.example.com/private/basic.ics"
            ).id
        ),
        # The demo manager's conversation with the participant this week, not yet answered.
        "conversation_id": lambda: _first(
            (q.conversation_id for q in practice.questions_for_me(participant)),
            "conversation waiting for the participant's answer",
        ),
        # A module of the managers' track, whose page links to the weekly practice log.
        "slug": lambda: "grow-model",
        "triad_id": lambda: _first((t.id for t in triads.my_triads(participant)), "triad"),
    }
    assert set(finders) == FINDABLE
    return finders


def fill(route: str, finders: dict[str, Callable[[], object]], known: dict[str, object]) -> str:
    """Return the route's path with each parameter replaced by a demo id."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in finders:
            raise LookupError(f"{route}: no demo id for {{{name}}}; teach demo_ids() to find one")
        if name not in known:
            known[name] = finders[name]()
        return str(known[name])

    return re.sub(r"\{(\w+)\}", value, route.split(" ", 1)[1])


def test_every_page_route_has_a_viewer_and_ids_to_visit_it_with() -> None:
    for route in page_routes():
        viewer_of(route)
        for name in re.findall(r"\{(\w+)\}", route):
            assert name in FINDABLE, f"{route}: teach demo_ids() to find a {{{name}}}"


def test_every_page_is_accessible_to_the_people_who_see_it(
    browser: Browser, sqlite_app: Growpath, demo: DemoOrganisation, demo_server: str
) -> None:
    finders = demo_ids(sqlite_app, demo)
    known: dict[str, object] = {}
    tabs: dict[str, Page] = {}
    failures: list[str] = []
    for route in page_routes():
        role = viewer_of(route)
        path = fill(route, finders, known)
        if role not in tabs:
            tabs[role] = browser.new_context(bypass_csp=True).new_page()
            if role != ANONYMOUS:
                log_in(tabs[role], demo_server, login_of(demo, role), DEMO_PASSWORD)
        page = tabs[role]
        fetched = page.request.get(f"{demo_server}{path}")
        if "attachment" in fetched.headers.get("content-disposition", ""):
            continue  # a file download, not a page
        response = page.goto(f"{demo_server}{path}")
        status = response.status if response else 0
        problems = []
        if status != 200:
            problems.append(f"status {status}")
        if page.locator("h1").count() != 1:
            problems.append(f"{page.locator('h1').count()} <h1> elements")
        if not TITLE.match(page.title()):
            problems.append(f"title {page.title()!r} does not end in '· growpath'")
        problems += [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:3])
            for v in axe_violations(page)
        ]
        problems += shots(page, "page" + re.sub(r"[^a-z0-9]+", "-", route[4:].lower()).rstrip("-"))
        if problems:
            failures.append(f"{route} as {role} ({path}): " + "; ".join(problems))
    for tab in tabs.values():
        tab.context.close()
    assert not failures, "\n".join(failures)
