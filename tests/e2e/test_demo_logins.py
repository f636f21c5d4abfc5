"""The demo organisation: a login per role, a coach among them, check-ins already waiting."""

from __future__ import annotations

from growpath.bootstrap import Growpath
from growpath.services import (
    accounts,
    checkins,
    engagements,
    learning,
    outcomes,
    practice,
    reporting,
)
from growpath.services.context import Context
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from growpath.services.demo_outcomes import PAST_PROGRAM


def _as(app: Growpath, demo: DemoOrganisation, role: str) -> Context:
    email = next(login.email for login in demo.logins if login.role == role)
    return Context(app, accounts.authenticate(app, email, DEMO_PASSWORD), "test")


def test_the_demo_participant_has_a_check_in_waiting(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    mine = checkins.my_checkins(_as(sqlite_app, demo, "participant"))
    # The first check-in was answered weeks ago (its answers feed the report); one waits now.
    assert mine[0].answered_at is None
    assert all(c.due_on < mine[0].due_on for c in mine if c.answered_at is not None)


def test_the_demo_coach_guides_a_running_coaching_engagement(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    coach = _as(sqlite_app, demo, "coach")
    coaching = [
        e
        for e in engagements.my_engagements(coach)
        if e.kind == "coaching" and e.status in ("active", "renewed")
    ]
    assert coaching
    assert any(
        m.person_id == coach.actor.person_id and m.role == "guide" for m in coaching[0].members
    )


def test_the_demo_manager_has_a_streak_and_sees_what_their_team_says(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    manager = _as(sqlite_app, demo, "manager")
    page = practice.practice_page(manager)
    assert page.streak.weeks >= 5 and page.streak.this_week
    assert page.feedback.enough and page.feedback.people >= page.k
    assert all(c.note for c in page.conversations[:3])
    # The demo participant's own conversation this week still waits for their answer.
    [question] = practice.questions_for_me(_as(sqlite_app, demo, "participant"))
    assert question.manager_name == next(d.name for d in demo.logins if d.role == "manager")


def test_the_demo_mentor_completed_training_and_the_manager_is_part_way_through_the_track(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    assert learning.training_due(_as(sqlite_app, demo, "mentor")) == ()
    manager = learning.learning(_as(sqlite_app, demo, "manager"))
    track = [m for m in manager.modules if m.audience == "manager"]
    assert [m.completed_at is not None for m in track] == [True, True, False, False, False]
    assert [m.slug for m in manager.due] == ["grow-model", "giving-feedback", "delegating"]


def test_the_org_admin_reads_outcomes_and_lineage_in_last_years_circle_report(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    admin = _as(sqlite_app, demo, "org admin")
    with sqlite_app.uow() as uow:
        program_id = uow.programs.named(PAST_PROGRAM)
    assert program_id is not None
    comparison = outcomes.program_outcomes(admin, program_id).comparison
    assert comparison is not None and not comparison.suppressed
    # Most of the circle's mentees are compared, with a comparison group over k people.
    assert comparison.match.participants > 2 * comparison.match.unmatched
    assert comparison.match.comparison >= 20
    figures = {(o.measure, o.months): o for o in comparison.outcomes}
    for measure in ("retention", "promotion"):
        twelve = figures[(measure, 12)]
        assert twelve.participants.low < twelve.participants.high
        assert twelve.difference.low < twelve.difference.high
    turnover = outcomes.program_outcomes(admin, program_id).turnover
    assert turnover is not None and turnover.low < turnover.high
    tables = {t.key: t for t in reporting.program_report(admin, program_id).lineage}
    forward = tables["paying_it_forward"].total
    assert forward is not None
    rate = forward.cells["pay_it_forward_rate"].value
    assert rate is not None and 0 < rate < 100
    generations = {row.label: row.cells["people"] for row in tables["lineage_generations"].rows}
    deep = generations["Their mentees guide too (2 generations)"]
    assert deep.people is not None and deep.people >= sqlite_app.settings.report_min_group
