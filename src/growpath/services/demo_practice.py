"""The demo's manager who coaches: weeks of logged conversations, and reports who answered."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from growpath.adapters.clock import FixedClock
from growpath.domain.practice import GROW_STAGES, week_start
from growpath.services import practice
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context, local_today
from growpath.services.demo_programs import COACHING, demo_actor

# Six weeks back to this one: a streak of seven, the notes a manager would write.
WEEKS = 7
NOTES = (
    "Asked what a good quarter would look like for them before saying anything myself.",
    "They want more ownership of the release process; agreed they try leading the next one.",
    "Mostly listened. Summarised back what I heard; they corrected one thing, which helped.",
    "Talked options for the on-call load; they chose to propose a rota to the team.",
    "Caught myself giving the answer twice. Next time: 'what have you tried so far?'",
    "Followed up on last week's Will: they did it, and want to do the next one alone.",
    "Short one before the planning meeting; they set their own goal for the sprint.",
)


def seed_demo_practice(app: Growpath, manager_email: str, participant_email: str) -> None:
    """Give the demo manager a streak, and enough answers from reports for the aggregate.

    The demo participant's own conversation this week is left unanswered, so their Home asks.
    Idempotent: a manager who has logged before is left as they are.
    """
    with app.uow() as uow:
        manager = uow.people.by_email(manager_email)
        if manager is None or uow.practice.days_of(manager.id):
            return
        me = (manager.id, manager.email, manager.timezone)
        reports = [
            (pid, person.email)
            for pid, _ in uow.people.reports_of(manager.id)
            if (person := uow.people.get(pid)) is not None and person.email != participant_email
        ]
        participant = uow.people.by_email(participant_email)
        participant_id = participant.id if participant is not None else None
    k = app.settings.report_min_group
    now = app.clock.now()
    this_monday = week_start(local_today(now, me[2]))
    answerers = reports[:k]
    for weeks_ago in range(WEEKS - 1, -1, -1):
        monday = this_monday - timedelta(weeks=weeks_ago)
        # Each past week on its Tuesday morning, logged as it happened; this week's today.
        tuesday = datetime.combine(monday + timedelta(days=1), time(10), tzinfo=now.tzinfo)
        when = tuesday if weeks_ago else now
        manager_ctx = _at(app, when, me[0], me[1])
        if weeks_ago == 0 and participant_id is not None:
            report_id, report_email = participant_id, participant_email
        elif reports:
            report_id, report_email = reports[weeks_ago % len(reports)]
        else:
            continue
        # The day as the manager's own calendar has it: just after midnight UTC it is still
        # yesterday in the Americas, and a conversation cannot be logged for tomorrow.
        logged = practice.log_conversation(
            manager_ctx,
            report_id,
            local_today(when, me[2]),
            GROW_STAGES[: 2 + weeks_ago % 3],
            NOTES[weeks_ago % len(NOTES)],
        )
        if weeks_ago and (report_id, report_email) in answerers:
            practice.answer(_at(app, when, report_id, report_email), logged.id, 1 + weeks_ago % 3)
    # Conversations a few weeks back with the rest of the first k reports, each answered, so
    # the answers of k different people close a window and the aggregate shows.
    when = datetime.combine(this_monday - timedelta(days=12), time(15), tzinfo=now.tzinfo)
    answered = {reports[n % len(reports)] for n in range(1, WEEKS)} if reports else set()
    for n, (report_id, report_email) in enumerate(answerers):
        if (report_id, report_email) in answered:
            continue
        logged = practice.log_conversation(
            _at(app, when, me[0], me[1]),
            report_id,
            local_today(when, me[2]),
            GROW_STAGES,
            NOTES[n],
        )
        practice.answer(_at(app, when, report_id, report_email), logged.id, 2)


def seed_demo_adoption(app: Growpath) -> None:
    """Let most of the new managers coached in the demo's coaching program practise in each of
    the last four weeks, so its report and /admin show adoption over k managers.

    Idempotent: a manager who has logged before is left as they are.
    """
    with app.uow() as uow:
        program = uow.programs.named(COACHING)
        managers = sorted(uow.practice.managers_enrolled_in(program)) if program else []
        teams = [
            (manager, person.email, person.timezone, uow.people.reports_of(manager)[0][0])
            for manager in managers
            if not uow.practice.days_of(manager)
            and (person := uow.people.get(manager)) is not None
            and uow.people.reports_of(manager)
        ]
    now = app.clock.now()
    for n, (manager, email, zone, report) in enumerate(teams):
        this_monday = week_start(local_today(now, zone))
        for weeks_ago in range(4, 0, -1):
            # Two managers in three practise each week, a different two each week: shares
            # between the bands, that move from week to week.
            if (n + weeks_ago) % 3 == 0:
                continue
            when = datetime.combine(
                this_monday - timedelta(weeks=weeks_ago, days=-2), time(11), tzinfo=now.tzinfo
            )
            practice.log_conversation(
                _at(app, when, manager, email),
                report,
                local_today(when, zone),
                GROW_STAGES[:3],
                "",
            )


def _at(app: Growpath, when: datetime, person_id: int, email: str) -> Context:
    return demo_actor(app.with_clock(FixedClock(when)), person_id, email)
