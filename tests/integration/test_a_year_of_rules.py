"""A year of one mentoring pair, day by day: every rule fires once, on its day, and no other."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import EngagementRow, NudgeRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import (
    checkins,
    engagements,
    enrolment,
    goals,
    matching,
    people,
    programs,
    sessions,
)
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from growpath.services.jobs import run_periodic_jobs
from growpath.services.people_import import import_people
from tests.conftest import START, make_account
from tests.factories import RecordingMailer, csv_bytes, org_rows, person_row

MENTEE, MENTOR = "person13@example.com", "person17@example.com"


def _world(app: Growpath) -> tuple[Context, Context, Context]:
    rows = org_rows(20)
    # The mentee arrives with a bare profile: no skills, no languages.
    rows[13] = person_row(13, manager_email="person4@example.com", skills="", languages="")
    operator = operator_context(app)
    import_people(operator, csv_bytes(rows), "people.csv")
    ensure_catalogue(operator)
    admin = make_account(app, "person0@example.com", Role.PROGRAM_ADMIN)
    return admin, make_account(app, MENTEE), make_account(app, MENTOR)


def test_a_year_of_a_program_fires_every_rule_once_on_its_day(
    app: Growpath, clock: FixedClock, mailer: RecordingMailer
) -> None:
    admin, mentee, mentor = _world(app)
    program = programs.create_from_template(
        admin, "traditional-mentoring", overrides={"default_length_months": 6}
    )
    program_id = programs.set_status(admin, program.id, "open").id
    state: dict[str, int] = {}

    def on(day: int) -> Callable[[Callable[[], None]], Callable[[], None]]:
        def register(step: Callable[[], None]) -> Callable[[], None]:
            script.setdefault(day, []).append(step)
            return step

        return register

    script: dict[int, list[Callable[[], None]]] = {}

    def meet(day: int, with_action_due: int | None = None) -> None:
        @on(day - 1)
        def plan() -> None:
            session = sessions.schedule(
                mentor, state["engagement"], clock.now() + timedelta(days=1)
            )
            state[f"session{day}"] = session.id

        @on(day)
        def hold() -> None:
            clock.advance(timedelta(hours=1))
            actions = []
            if with_action_due is not None:
                actions.append(
                    {
                        "description": "Write the design doc",
                        "owner_person_id": mentee.actor.person_id,
                        "due_on": (START + timedelta(days=with_action_due)).date(),
                    }
                )
            sessions.hold(mentor, state[f"session{day}"], actions=actions)
            clock.advance(timedelta(hours=-1))

    @on(0)
    def enrol() -> None:
        enrolment.enrol(mentee, program_id, "mentee", {"goals": "Learn system design deeply."})
        enrolment.enrol(mentor, program_id, "mentor", {"capacity": 1, "expertise": ["go"]})

    @on(2)
    def propose() -> None:
        run = matching.approve(admin, matching.run_matching(admin, program_id).id)
        state["proposal"] = run.proposals[0].id

    @on(3)
    def mentor_accepts() -> None:
        matching.respond(mentor, state["proposal"], accept=True)

    @on(8)
    def mentee_completes_profile() -> None:
        people.update_my_profile(mentee, {"skills": "python:3", "languages": "en"})

    @on(17)
    def mentee_accepts() -> None:
        matching.respond(mentee, state["proposal"], accept=True)
        (engagement,) = engagements.my_engagements(mentee)
        state["engagement"] = engagement.id

    @on(29)
    def start() -> None:
        engagements.change_engagement(mentor, state["engagement"], "start")

    meet(31, with_action_due=45)
    for day in (61, 91, 115):
        meet(day)

    @on(31)
    def set_goal() -> None:
        goals.add_goal(
            mentee,
            state["engagement"],
            {
                "title": "Lead a design review",
                "measure": "reviews led",
                "target_value": 2,
                "due_on": (START + timedelta(days=200)).date(),
            },
        )

    @on(47)
    def finish_action() -> None:
        (action,) = sessions.open_actions(mentee, state["engagement"])
        sessions.complete_action(mentee, action.id)

    def answer(satisfaction: int) -> None:
        due = [c for c in checkins.my_checkins(mentee) if c.answered_at is None]
        checkins.answer_checkin(mentee, due[0].id, True, satisfaction, satisfaction)

    on(60)(lambda: answer(4))
    on(120)(lambda: answer(3))  # the scores fall

    for day in range(366):
        clock.current = START + timedelta(days=day)
        for step in script.get(day, []):
            step()
        run_periodic_jobs(app)

    with app.uow() as uow:
        fired = sorted(
            ((created - START).days, kind, email)
            for kind, email, created in uow.session.execute(
                select(NudgeRow.kind, NudgeRow.recipient_email, NudgeRow.created_at).where(
                    # Weekly, and on every session scheduled: not rules of the health board.
                    NudgeRow.kind.not_in(("digest", "session_invite"))
                )
            )
        )
        engagement = uow.session.get(EngagementRow, state["engagement"])
        assert engagement is not None
        status, ended_at = engagement.status, engagement.ended_at
    both = (MENTEE, MENTOR)
    expected = sorted(
        [(7, "incomplete_profile", MENTEE), (16, "invitation", MENTEE)]
        + [(28, "health.first_meeting", email) for email in both]
        # Each session held asks the mentee to reflect on it.
        + [(day, "reflection", MENTEE) for day in (31, 61, 91, 115)]
        + [(46, "health.overdue_actions", email) for email in both]
        + [(day, "checkin", email) for day in (59, 119, 179) for email in both]
        + [(120, "health.falling_checkins", email) for email in both]
        + [(176, "health.cadence", email) for email in both]
        + [(180, "health.end_near", email) for email in both]
        + [(205, "health.inactivity", email) for email in both]
    )
    assert fired == expected
    # Seven days after the warning, nobody having acted, the relationship is concluded.
    assert status == "ended_early"
    assert ended_at == START + timedelta(days=212)
    assert len(mailer.sent) >= len(expected)  # every nudge above was e-mailed
