"""Random sequences of admin, guide and participant actions through the services.

A hypothesis state machine enrols people, runs and approves matching, answers proposals and
requests, moves engagements through their lifecycle, schedules and settles sessions, sets
goals, runs the periodic job and lets time pass. After every step it checks what must always
hold: guides are never over-filled, every read answers (services and pages), a declined or
lapsed pair is never proposed again, a finished engagement keeps no future session, and the
admin overview counts what its lists show. Domain errors are fine outcomes of a step; any
other exception fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar, ParamSpec, TypeVar

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import delete, func, select
from sqlalchemy.orm import aliased

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import (
    Base,
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    MatchProposalRow,
    SessionRow,
    UserRow,
)
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Actor, Role
from growpath.domain.errors import DomainError
from growpath.entrypoints.app import create_app
from growpath.services import (
    accounts,
    caseload,
    engagements,
    enrolment,
    goals,
    health,
    matching,
    participation,
    programs,
    self_service,
    sessions,
)
from growpath.services.context import Context, operator_context
from growpath.services.jobs import run_periodic_jobs
from tests.conftest import PASSWORD, START
from tests.factories import RecordingMailer
from tests.integration.conftest import seed_two_teams

T = TypeVar("T")
P = ParamSpec("P")
PARTICIPANTS = (2, 3, 4, 5)  # person numbers; person 1 manages 3 and 5
GUIDES = (1, 8, 9)
PEOPLE = PARTICIPANTS + GUIDES
PROGRAMS = ("mentoring", "team")
ROLES = {"mentoring": ("mentee", "mentor"), "team": ("coachee", "coach")}
GOALS = "I want to grow into a staff engineer and learn system design from someone senior."
FINISHED = ("completed", "ended_early")
PENDING = ("approved", "requested")
ACTIONS = ("start", "pause", "resume", "complete", "end_early", "renew")
SIDES = ("participant", "guide")
# Tables that hold the organisation and its logins: kept between examples, the rest emptied.
KEPT = {
    "people",
    "person_skills",
    "users",
    "user_roles",
    "api_tokens",
    "consents",
    "competencies",
    "development_themes",
    "report_facts_state",
}
# Each step costs a few dozen queries, so examples are few and long: the bugs worth finding
# need three or four particular steps in order. Shrinking replays hundreds of sequences
# against the database (minutes), so it is left out; the failing steps print unshrunk.
SETTINGS = settings(
    # GROWPATH_RANDOM_WORKFLOWS=200 explores longer than the normal run, for a soak by hand.
    max_examples=int(os.environ.get("GROWPATH_RANDOM_WORKFLOWS", "10")),
    stateful_step_count=25,
    deadline=None,
    database=None,
    report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass(frozen=True)
class World:
    """The organisation built once per database: contexts, page logins and person ids."""

    app: Growpath
    clock: FixedClock
    mailer: RecordingMailer
    admin: Context
    people: dict[int, Context]  # by person number
    person_id: dict[int, int]  # person number -> database id
    tokens: dict[str, str]  # "admin" or person number -> bearer token
    client: TestClient


def _account(app: Growpath, email: str, role: Role) -> Context:
    accounts.create_account(app, email, {role}, PASSWORD)
    with app.uow() as uow:
        user_id = uow.session.scalar(select(UserRow.id).where(UserRow.email == email))
    assert user_id is not None
    # A session started directly: logging in would run argon2 for every account of every run.
    login = accounts.start_session(app, Actor(user_id, email, None, frozenset()))
    actor = accounts.actor_for_session(app, *login.cookie_values())
    assert actor is not None
    return Context(app=app, actor=actor, source_address="test")


def _world(app: Growpath, clock: FixedClock, mailer: RecordingMailer) -> World:
    seed_two_teams(app, 10)
    admin = _account(app, "admin@example.com", Role.PROGRAM_ADMIN)
    people = {n: _account(app, f"person{n}@example.com", Role.PARTICIPANT) for n in PEOPLE}
    person_id = {n: ctx.actor.person_id for n, ctx in people.items()}
    tokens = {str(n): accounts.issue_token(app, ctx.actor).token for n, ctx in people.items()}
    tokens["admin"] = accounts.issue_token(app, admin.actor).token
    return World(
        app,
        clock,
        mailer,
        admin,
        people,
        {n: pid for n, pid in person_id.items() if pid is not None},
        tokens,
        TestClient(create_app(app)),
    )


def _reset(world: World) -> None:
    """Empty every table of programs and their workflows; set the clock back to the start."""
    with world.app.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEPT:
                connection.execute(delete(table))
    world.clock.current = START
    world.mailer.sent.clear()


class Workflows(RuleBasedStateMachine):
    """Admins, guides and participants acting in any order on two open programs."""

    world: ClassVar[World]  # set by the test, once its database is built

    def __init__(self) -> None:
        super().__init__()
        _reset(self.world)
        self.app = self.world.app
        self.admin = self.world.admin
        self.program_id = {
            "mentoring": self._open("traditional-mentoring", "Mentoring", {}),
            "team": self._open("team-coaching", "Team coaching", {"group_size": 2}),
        }
        self.runs: list[int] = []
        # (program, participant person, guide person) -> the newest proposal id when the
        # pair was first seen declined or lapsed; a run proposal above it is a re-proposal.
        self.refused: dict[tuple[int, int, int], int] = {}
        self.touched: set[int] = set()  # who acted in this step
        self.changed = False  # whether this step called a writing service or moved the clock
        self.turn = 0  # whose reads are checked after a step nobody in particular took
        # How many of each thing a rule could act on, so rules with nothing to do sit out.
        self.census = {"proposed": 0, "pending": 0, "engagements": 0, "scheduled": 0}

    def _open(self, track: str, name: str, overrides: dict[str, Any]) -> int:
        program = programs.create_from_template(self.admin, track, name=name, overrides=overrides)
        return programs.set_status(self.admin, program.id, "open").id

    def _read(self, action: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """Run one service call; a domain error is a fine answer, anything else fails."""
        try:
            return action(*args, **kwargs)
        except DomainError:
            return None

    def _write(self, action: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """Run one service call that may change the database (even when it refuses)."""
        self.changed = True
        return self._read(action, *args, **kwargs)

    def _person_number(self, person_id: int) -> int:
        return next(n for n, pid in self.world.person_id.items() if pid == person_id)

    def _ctx(self, person_id: int) -> Context:
        number = self._person_number(person_id)
        self.touched.add(number)
        return self.world.people[number]

    def _enrol(self, person: int, program: str, capacity: int) -> None:
        participant_role, guide_role = ROLES[program]
        fields: dict[str, Any]
        if person in PARTICIPANTS:
            role, fields = participant_role, {"goals": GOALS}
        else:
            area = "expertise" if guide_role == "mentor" else "focus_areas"
            role, fields = guide_role, {"capacity": capacity, area: ["system design"]}
        self.touched.add(person)
        self._write(
            enrolment.enrol, self.world.people[person], self.program_id[program], role, fields
        )

    def _rows(self, query: Any) -> list[Any]:
        with self.app.uow() as uow:
            return list(uow.session.execute(query).all())

    def _member(self, engagement_id: int, side: str) -> Context:
        """Return the admin, or the engagement's first member on that side."""
        if side == "admin":
            return self.admin
        members = self._rows(
            select(EngagementMemberRow.person_id)
            .where(
                EngagementMemberRow.engagement_id == engagement_id,
                EngagementMemberRow.role == side,
            )
            .order_by(EngagementMemberRow.person_id)
        )
        return self._ctx(members[0][0])

    def _take_census(self) -> None:
        statuses = self._rows(
            select(MatchProposalRow.status, func.count()).group_by(MatchProposalRow.status)
        )
        by_status = dict(statuses)
        engagements_and_sessions = self._rows(
            select(
                select(func.count(EngagementRow.id)).scalar_subquery(),
                select(func.count(SessionRow.id))
                .where(SessionRow.status == "scheduled")
                .scalar_subquery(),
            )
        )[0]
        self.census = {
            "proposed": by_status.get("proposed", 0),
            "pending": sum(by_status.get(status, 0) for status in PENDING),
            "engagements": engagements_and_sessions[0],
            "scheduled": engagements_and_sessions[1],
        }

    def _has(self, what: str) -> bool:
        return self.census[what] > 0

    def _engagement(self, pick: int) -> int | None:
        ids = [row[0] for row in self._rows(select(EngagementRow.id).order_by(EngagementRow.id))]
        return ids[pick % len(ids)] if ids else None

    # --- setting up -----------------------------------------------------------------------

    @initialize(
        mentors=st.lists(st.integers(0, 2), min_size=len(GUIDES), max_size=len(GUIDES)),
        coaches=st.lists(st.integers(0, 2), min_size=len(GUIDES), max_size=len(GUIDES)),
        coachees=st.lists(st.booleans(), min_size=len(PARTICIPANTS), max_size=len(PARTICIPANTS)),
    )
    def enrol_people(self, mentors: list[int], coaches: list[int], coachees: list[bool]) -> None:
        """Every participant joins the mentoring program, guides with capacity 0 stay out, and
        the admin runs matching for mentoring."""
        for person in PARTICIPANTS:
            self._enrol(person, "mentoring", 0)
        for person, joins in zip(PARTICIPANTS, coachees, strict=True):
            if joins:
                self._enrol(person, "team", 0)
        for program, capacities in (("mentoring", mentors), ("team", coaches)):
            for person, capacity in zip(GUIDES, capacities, strict=True):
                if capacity:
                    self._enrol(person, program, capacity)
        self.run_matching("mentoring")

    # --- enrolment ------------------------------------------------------------------------

    @rule(
        person=st.sampled_from(PEOPLE),
        program=st.sampled_from(PROGRAMS),
        capacity=st.integers(1, 3),
    )
    def enrol(self, person: int, program: str, capacity: int) -> None:
        """Enrol (again), as participant or as guide with a new capacity."""
        self._enrol(person, program, capacity)

    @rule(person=st.sampled_from(PEOPLE), program=st.sampled_from(PROGRAMS))
    def withdraw(self, person: int, program: str) -> None:
        """Withdraw the person's active enrolment in a program."""
        ctx = self.world.people[person]
        self.touched.add(person)
        mine = [
            e
            for e in enrolment.list_enrolments(ctx, mine=True)
            if e.program_id == self.program_id[program] and e.status == "active"
        ]
        if mine:
            self._write(enrolment.withdraw, ctx, mine[0].id)

    # --- matching -------------------------------------------------------------------------

    @rule(program=st.sampled_from(PROGRAMS))
    def run_matching(self, program: str) -> None:
        """An admin runs the optimiser."""
        run = self._write(matching.run_matching, self.admin, self.program_id[program])
        if run is not None:
            self.runs.append(run.id)

    @precondition(lambda self: self._has("proposed"))
    @rule(pick=st.integers(0, 5), just_one=st.booleans())
    def approve(self, pick: int, just_one: bool) -> None:
        """An admin approves a run (perhaps an older one), whole or one proposal of it."""
        run_id = self.runs[-1 - pick % len(self.runs)]
        chosen = None
        if just_one:
            proposals = matching.get_run(self.admin, run_id).proposals
            chosen = [p.id for p in proposals if p.status == "proposed"][:1]
        self._write(matching.approve, self.admin, run_id, chosen)

    @precondition(lambda self: self._has("pending"))
    @rule(pick=st.integers(0, 5), side=st.sampled_from(("both", *SIDES)), accept=st.booleans())
    def respond(self, pick: int, side: str, accept: bool) -> None:
        """One side of a pending proposal or request answers it, or both sides in turn."""
        mentee = aliased(EnrolmentRow)
        mentor = aliased(EnrolmentRow)
        pending = self._rows(
            select(MatchProposalRow.id, mentee.person_id, mentor.person_id)
            .join(mentee, mentee.id == MatchProposalRow.mentee_enrolment_id)
            .join(mentor, mentor.id == MatchProposalRow.mentor_enrolment_id)
            .where(MatchProposalRow.status.in_(PENDING))
            .order_by(MatchProposalRow.id)
        )
        if pending:
            proposal_id, mentee_pid, mentor_pid = pending[pick % len(pending)]
            sides = {"participant": [mentee_pid], "guide": [mentor_pid]}
            for person_id in sides.get(side, [mentee_pid, mentor_pid]):
                self._write(matching.respond, self._ctx(person_id), proposal_id, accept)

    @rule(
        person=st.sampled_from(PARTICIPANTS),
        program=st.sampled_from(PROGRAMS),
        pick=st.integers(0, 3),
    )
    def request_guide(self, person: int, program: str, pick: int) -> None:
        """A participant asks one of the guides recommended to them."""
        ctx, program_id = self.world.people[person], self.program_id[program]
        self.touched.add(person)
        ranked = self._read(self_service.recommendations, ctx, program_id)
        if ranked:
            choice = ranked[pick % len(ranked)].mentor_enrolment_id
            self._write(self_service.request_guide, ctx, program_id, choice)

    @rule(
        days=st.sampled_from([1, 4, 10, 22, 60]),
        then=st.sampled_from(("nothing", "expire_proposals", "run_the_periodic_job")),
    )
    def let_time_pass(self, days: int, then: str) -> None:
        """Move the clock on; then perhaps lapse unanswered proposals or run the periodic job."""
        self.world.clock.advance(timedelta(days=days))
        self.changed = True
        if then == "expire_proposals":
            matching.expire_proposals(operator_context(self.app))
        elif then == "run_the_periodic_job":
            run_periodic_jobs(self.app)

    # --- engagements, sessions and goals ----------------------------------------------------

    @precondition(lambda self: self._has("engagements"))
    @rule(
        pick=st.integers(0, 3),
        side=st.sampled_from((*SIDES, "admin")),
        action=st.sampled_from(ACTIONS),
    )
    def change_engagement(self, pick: int, side: str, action: str) -> None:
        """A member or an admin starts, pauses, resumes, completes, ends or renews a pair."""
        engagement_id = self._engagement(pick)
        if engagement_id is not None:
            ctx = self._member(engagement_id, side)
            today = self.world.clock.now().date()
            self._write(
                engagements.change_engagement,
                ctx,
                engagement_id,
                action,
                reason="we agreed to stop" if action == "end_early" else "",
                end_on=today + timedelta(days=180) if action == "renew" else None,
            )

    @precondition(lambda self: self._has("engagements"))
    @rule(pick=st.integers(0, 3), side=st.sampled_from(SIDES), days=st.sampled_from([1, 7, 45]))
    def schedule_session(self, pick: int, side: str, days: int) -> None:
        """A member schedules a session some days ahead."""
        engagement_id = self._engagement(pick)
        if engagement_id is not None:
            ctx = self._member(engagement_id, side)
            when = self.world.clock.now() + timedelta(days=days)
            self._write(sessions.schedule, ctx, engagement_id, when)

    @precondition(lambda self: self._has("scheduled"))
    @rule(
        pick=st.integers(0, 3),
        side=st.sampled_from(SIDES),
        outcome=st.sampled_from(("held", "cancelled", "no_show")),
    )
    def settle_session(self, pick: int, side: str, outcome: str) -> None:
        """A member logs a scheduled session as held, cancels it or records a no-show."""
        scheduled = self._rows(
            select(SessionRow.id, SessionRow.engagement_id)
            .where(SessionRow.status == "scheduled")
            .order_by(SessionRow.id)
        )
        if scheduled:
            session_id, engagement_id = scheduled[pick % len(scheduled)]
            ctx = self._member(engagement_id, side)
            if outcome == "held":
                notes = {"goal": "Lead the design review", "will": "Draft the RFC"}
                self._write(sessions.hold, ctx, session_id, shared_notes=notes)
            else:
                self._write(sessions.cancel, ctx, session_id, outcome == "no_show")

    @precondition(lambda self: self._has("engagements"))
    @rule(pick=st.integers(0, 3), side=st.sampled_from(SIDES))
    def add_goal(self, pick: int, side: str) -> None:
        """A member sets a SMART goal."""
        engagement_id = self._engagement(pick)
        if engagement_id is not None:
            ctx = self._member(engagement_id, side)
            fields = {
                "title": "Run design reviews",
                "measure": "reviews led",
                "baseline_value": 0,
                "target_value": 3,
                "due_on": self.world.clock.now().date() + timedelta(days=30),
            }
            self._write(goals.add_goal, ctx, engagement_id, fields)

    # --- reading pages ----------------------------------------------------------------------

    @rule(who=st.sampled_from(("admin", *PEOPLE)))
    def browse(self, who: int | str) -> None:
        """An admin, guide or participant opens every page of theirs; none may fail (5xx)."""
        if who == "admin":
            pages = ["/", "/admin", "/admin/programs"]
            for program_id in self.program_id.values():
                pages += [
                    f"/admin/programs/{program_id}",
                    f"/admin/programs/{program_id}/health",
                ]
            pages += [f"/admin/match-runs/{run_id}" for run_id in self.runs[-2:]]
        else:
            ctx = self.world.people[int(who)]
            pages = ["/", "/home", "/proposals", "/mentoring", "/programs"]
            for program_id in self.program_id.values():
                pages += [f"/programs/{program_id}", f"/programs/{program_id}/recommendations"]
            pages += [f"/engagements/{e.id}" for e in engagements.my_engagements(ctx)]
        token = self.world.tokens[str(who)]
        for path in pages:
            response = self.world.client.get(
                path, headers={"authorization": f"Bearer {token}", "accept": "text/html"}
            )
            assert response.status_code < 500, f"GET {path} as {who}: {response.status_code}"

    # --- invariants -----------------------------------------------------------------------

    @invariant()
    def invariants_hold(self) -> None:
        """Check the five invariants after every step that could have changed anything.

        A step that called no writing service and left the clock alone (it found nothing to
        act on, or only read pages) leaves every answer below as it was after the last check.
        """
        if not self.changed:
            self.touched.clear()
            return
        self.changed = False
        self._take_census()
        self._no_guide_holds_more_pairs_than_its_capacity()
        self._every_read_answers()
        self._a_declined_or_lapsed_pair_is_never_proposed_again()
        self._a_finished_engagement_keeps_no_future_session()
        self._the_admin_overview_counts_what_its_lists_show()

    def _no_guide_holds_more_pairs_than_its_capacity(self) -> None:
        """Unfinished engagements plus pending offers fit the capacity; a group counts once."""
        capacity = dict(
            self._rows(
                select(EnrolmentRow.id, EnrolmentRow.capacity).where(
                    EnrolmentRow.role.in_(("mentor", "coach"))
                )
            )
        )
        held: dict[int, set[tuple[str, Any]]] = {enrolment_id: set() for enrolment_id in capacity}
        for enrolment_id, engagement_id, group in self._rows(
            select(EngagementMemberRow.enrolment_id, EngagementRow.id, MatchProposalRow.group_key)
            .join(EngagementRow, EngagementRow.id == EngagementMemberRow.engagement_id)
            .outerjoin(MatchProposalRow, MatchProposalRow.id == EngagementRow.proposal_id)
            .where(EngagementMemberRow.role == "guide", EngagementRow.status.not_in(FINISHED))
        ):
            held[enrolment_id].add(("group", group) if group else ("engagement", engagement_id))
        for enrolment_id, proposal_id, group in self._rows(
            select(
                MatchProposalRow.mentor_enrolment_id,
                MatchProposalRow.id,
                MatchProposalRow.group_key,
            ).where(MatchProposalRow.status.in_(PENDING))
        ):
            held[enrolment_id].add(("group", group) if group else ("proposal", proposal_id))
        over = {
            enrolment_id: f"{len(units)} held, capacity {capacity[enrolment_id]}: {sorted(units)}"
            for enrolment_id, units in held.items()
            if len(units) > capacity[enrolment_id]
        }
        assert not over, f"invariant 1: guide enrolments over capacity: {over}"

    def _every_read_answers(self) -> None:
        """The reads of whoever acted answer (a domain error is an answer).

        After a step of the admin or of the clock, one person in turn reads, so every
        participant and guide reads often without everyone reading after every step.
        """
        for run_id in self.runs[-2:]:
            self._read(matching.get_run, self.admin, run_id)
        self.turn += 1
        readers = sorted(self.touched) or [PEOPLE[self.turn % len(PEOPLE)]]
        self.touched.clear()
        enrolled = self._rows(
            select(EnrolmentRow.person_id, EnrolmentRow.program_id).where(
                EnrolmentRow.status == "active", EnrolmentRow.role.in_(("mentee", "coachee"))
            )
        )
        for person in readers:
            ctx = self.world.people[person]
            self._read(matching.my_proposals, ctx)
            self._read(engagements.my_engagements, ctx)
            self._read(caseload.my_caseload, ctx)
            self._read(participation.home, ctx)
            for person_id, program_id in enrolled:
                if person_id == self.world.person_id[person]:
                    self._read(self_service.recommendations, ctx, program_id)

    def _a_declined_or_lapsed_pair_is_never_proposed_again(self) -> None:
        """No run proposes a pair again in a program where it was declined or lapsed."""
        mentee = aliased(EnrolmentRow)
        mentor = aliased(EnrolmentRow)
        proposals = self._rows(
            select(
                MatchProposalRow.id,
                MatchProposalRow.program_id,
                MatchProposalRow.run_id,
                MatchProposalRow.status,
                mentee.person_id,
                mentor.person_id,
            )
            .join(mentee, mentee.id == MatchProposalRow.mentee_enrolment_id)
            .join(mentor, mentor.id == MatchProposalRow.mentor_enrolment_id)
            .order_by(MatchProposalRow.id)
        )
        newest = max((row[0] for row in proposals), default=0)
        for _, program_id, _, status, mentee_pid, mentor_pid in proposals:
            if status in ("declined", "expired"):
                self.refused.setdefault((program_id, mentee_pid, mentor_pid), newest)
        again = [
            (proposal_id, status, (program_id, mentee_pid, mentor_pid))
            for proposal_id, program_id, run_id, status, mentee_pid, mentor_pid in proposals
            if run_id is not None
            and proposal_id > self.refused.get((program_id, mentee_pid, mentor_pid), proposal_id)
        ]
        assert not again, (
            "invariant 3: declined or lapsed pairs proposed again "
            f"(proposal id, status, (program, participant, guide)): {again}"
        )

    def _a_finished_engagement_keeps_no_future_session(self) -> None:
        """Completing or ending an engagement leaves none of its future sessions scheduled."""
        now = self.world.clock.now()
        left = [
            (session_id, engagement_id, status)
            for session_id, scheduled_at, engagement_id, status in self._rows(
                select(
                    SessionRow.id, SessionRow.scheduled_at, EngagementRow.id, EngagementRow.status
                )
                .join(EngagementRow, EngagementRow.id == SessionRow.engagement_id)
                .where(SessionRow.status == "scheduled", EngagementRow.status.in_(FINISHED))
            )
            if scheduled_at > now
        ]
        assert not left, (
            "invariant 4: future sessions still scheduled in finished engagements "
            f"(session, engagement, status): {left}"
        )

    def _the_admin_overview_counts_what_its_lists_show(self) -> None:
        """Enrolled, matched, active, at-risk and stalled figures equal the rows behind them."""
        pulse = health.program_pulse(self.admin)
        listed = {p.id: p for p in programs.list_programs(self.admin)}
        # A program admin lists each program's enrolments; every program's is the org admin's.
        enrolments = [
            e
            for program_id in self.program_id.values()
            for e in enrolment.list_enrolments(self.admin, program_id)
        ]
        for name, program_id in self.program_id.items():
            participant_role, guide_role = ROLES[name]
            active = [
                e.role for e in enrolments if e.program_id == program_id and e.status == "active"
            ]
            shown = listed[program_id]
            assert (shown.participants, shown.guides) == (
                active.count(participant_role),
                active.count(guide_role),
            ), f"invariant 5: {name}: enrolled figures {shown} differ from the enrolment list"
            board = health.program_health(self.admin, program_id)
            running = [p for p in board if p.status in health.RUNNING]
            # Matched: participants holding a pair, as a match run keeps them: in a running
            # engagement, or in an offer still awaiting answers.
            in_running_pairs = {
                enrolment_id
                for (enrolment_id,) in self._rows(
                    select(EngagementMemberRow.enrolment_id)
                    .join(EngagementRow, EngagementRow.id == EngagementMemberRow.engagement_id)
                    .where(
                        EngagementRow.program_id == program_id,
                        EngagementRow.status.not_in(FINISHED),
                        EngagementMemberRow.role == "participant",
                    )
                )
            }
            offered = {
                enrolment_id
                for (enrolment_id,) in self._rows(
                    select(MatchProposalRow.mentee_enrolment_id).where(
                        MatchProposalRow.program_id == program_id,
                        MatchProposalRow.status.in_(PENDING),
                    )
                )
            }
            matched = len((in_running_pairs | offered) - {None})
            figures = pulse[program_id]
            assert (figures.matched, figures.active, figures.at_risk, figures.stalled) == (
                matched,
                sum(p.status != "proposed" for p in running),
                sum(p.health.status == "at_risk" for p in running),
                sum(p.health.status == "stalled" for p in running),
            ), f"invariant 5: {name}: pulse {figures} differs from the health board {board}"


@pytest.fixture
def world(app: Growpath, clock: FixedClock, mailer: RecordingMailer) -> Iterator[World]:
    """The organisation, its accounts and a page client, built once for all examples."""
    built = _world(app, clock, mailer)
    yield built
    built.client.close()


def test_random_workflows_keep_every_invariant(world: World) -> None:
    built = world

    class WorkflowsHere(Workflows):
        world = built

    run_state_machine_as_test(WorkflowsHere, settings=SETTINGS)
