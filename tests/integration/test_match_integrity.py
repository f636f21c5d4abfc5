"""Workflows that once broke a program: seats, history, ended pairs, honest numbers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import EnrolmentRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, InvalidInput
from growpath.services import (
    caseload,
    engagements,
    enrolment,
    goals,
    matching,
    participation,
    programs,
    self_service,
    sessions,
)
from growpath.services.context import Context
from tests.conftest import make_account
from tests.integration.conftest import Pair

GOALS = "I want to grow into a staff engineer and learn system design from someone senior."


def _admin(app: Growpath) -> Context:
    return make_account(app, "admin@example.com", Role.PROGRAM_ADMIN)


def _person(app: Growpath, n: int) -> Context:
    return make_account(app, f"person{n}@example.com", Role.PARTICIPANT)


def _program(admin: Context, name: str = "Mentoring 2026") -> int:
    program = programs.create_from_template(admin, "traditional-mentoring", name=name)
    return programs.set_status(admin, program.id, "open").id


def _seats_taken(app: Growpath, enrolment_id: int) -> int:
    with app.uow() as uow:
        row = uow.session.get(EnrolmentRow, enrolment_id)
        assert row is not None
        return row.seats_taken


def test_approving_an_older_run_past_a_guides_capacity_is_refused_and_reads_still_answer(
    org: Growpath,
) -> None:
    admin = _admin(org)
    program_id = _program(admin)
    mentees = {n: _person(org, n) for n in (2, 4, 6)}
    for ctx in mentees.values():
        enrolment.enrol(ctx, program_id, "mentee", {"goals": GOALS})
    mentor = _person(org, 9)
    guide = enrolment.enrol(mentor, program_id, "mentor", {"capacity": 2, "expertise": ["go"]})
    run = matching.run_matching(admin, program_id)
    assert len(run.proposals) == 2
    proposed = {p.mentee_person_id for p in run.proposals}
    (late_n,) = [n for n, ctx in mentees.items() if ctx.actor.person_id not in proposed]
    request = self_service.request_guide(mentees[late_n], program_id, guide.id)
    matching.respond(mentor, request.id, accept=True)
    assert _seats_taken(org, guide.id) == 1

    with pytest.raises(InvalidInput, match="Person 9 has 2 seats and 1 is already held"):
        matching.approve(admin, run.id)

    assert all(p.status == "proposed" for p in matching.get_run(admin, run.id).proposals)
    approved = matching.approve(admin, run.id, [run.proposals[0].id])
    assert [p.status for p in approved.proposals].count("approved") == 1
    assert _seats_taken(org, guide.id) == 2
    for ctx in mentees.values():
        assert self_service.recommendations(ctx, program_id) == []
    assert matching.run_matching(admin, program_id).proposals == []


def test_a_participant_with_a_pair_is_not_offered_a_second_one(org: Growpath) -> None:
    admin = _admin(org)
    program_id = _program(admin)
    mentee = _person(org, 4)
    enrolment.enrol(mentee, program_id, "mentee", {"goals": GOALS})
    first = enrolment.enrol(
        _person(org, 7), program_id, "mentor", {"capacity": 1, "expertise": ["go"]}
    )
    run = matching.run_matching(admin, program_id)
    enrolment.enrol(_person(org, 9), program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    self_service.request_guide(mentee, program_id, first.id)
    with pytest.raises(InvalidInput, match="Person 4 already has a running pair or an open offer"):
        matching.approve(admin, run.id)


def test_an_over_full_guide_from_an_older_database_is_reported_not_a_crash(org: Growpath) -> None:
    admin = _admin(org)
    program_id = _program(admin)
    mentees = [_person(org, n) for n in (2, 4, 6)]
    for ctx in mentees:
        enrolment.enrol(ctx, program_id, "mentee", {"goals": GOALS})
    guide = enrolment.enrol(
        _person(org, 9), program_id, "mentor", {"capacity": 2, "expertise": ["go"]}
    )
    matching.approve(admin, matching.run_matching(admin, program_id).id)
    with org.uow() as uow:  # as older versions left it: two offers, one seat
        row = uow.session.get(EnrolmentRow, guide.id)
        assert row is not None
        row.capacity, row.seats_taken = 1, 0
        uow.commit()

    run = matching.run_matching(admin, program_id)

    assert run.proposals == []
    assert any("Person 9 holds 2 seats but has a capacity of 1" in w for w in run.warnings)
    for ctx in mentees:
        assert self_service.recommendations(ctx, program_id) == []


def test_a_declined_pair_is_not_proposed_again_in_the_program(org: Growpath) -> None:
    admin = _admin(org)
    program_id = _program(admin)
    mentee = _person(org, 4)
    enrolment.enrol(mentee, program_id, "mentee", {"goals": GOALS})
    enrolment.enrol(_person(org, 7), program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    run = matching.approve(admin, matching.run_matching(admin, program_id).id)
    matching.respond(mentee, run.proposals[0].id, accept=False)

    again = matching.run_matching(admin, program_id)

    assert again.proposals == []
    assert again.unmatched_count == 1


def test_a_lapsed_pair_is_not_proposed_again_unless_the_admin_allows_it(
    org: Growpath, clock: FixedClock
) -> None:
    admin = _admin(org)
    program_id = _program(admin)
    enrolment.enrol(_person(org, 4), program_id, "mentee", {"goals": GOALS})
    enrolment.enrol(_person(org, 7), program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    matching.approve(admin, matching.run_matching(admin, program_id).id)
    clock.advance(timedelta(days=30))
    assert matching.expire_proposals(admin) == 1
    assert matching.run_matching(admin, program_id).proposals == []

    programs.update_program(admin, program_id, {"matching": {"forbid_previous_pairs": False}})

    allowed = matching.run_matching(admin, program_id)
    assert len(allowed.proposals) == 1
    assert "previous_pairs" not in allowed.proposals[0].explanation["constraints_checked"]


def test_ending_an_engagement_calls_off_its_future_sessions_and_frees_the_seat(
    org: Growpath,
) -> None:
    admin = _admin(org)
    program_id = _program(admin)
    mentee, mentor = _person(org, 4), _person(org, 7)
    enrolment.enrol(mentee, program_id, "mentee", {"goals": GOALS})
    guide = enrolment.enrol(mentor, program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    run = matching.approve(admin, matching.run_matching(admin, program_id).id)
    for ctx in (mentee, mentor):
        matching.respond(ctx, run.proposals[0].id, accept=True)
    (engagement,) = engagements.my_engagements(mentee)
    engagements.change_engagement(mentor, engagement.id, "start")
    first = sessions.schedule(mentor, engagement.id, mentee.now)
    sessions.hold(
        mentor,
        first.id,
        actions=[
            {"description": "Draft the design doc", "owner_person_id": mentee.actor.person_id}
        ],
    )
    soon = mentee.now + timedelta(days=7)
    upcoming = sessions.schedule(mentee, engagement.id, soon)
    before = participation.home(mentee)
    assert before.upcoming_sessions and before.actions_due
    assert _seats_taken(org, guide.id) == 1

    engagements.change_engagement(mentee, engagement.id, "end_early", reason="moved teams")

    assert sessions.get_session(mentee, upcoming.id).status == "cancelled"
    after = participation.home(mentee)
    assert after.upcoming_sessions == [] and after.actions_due == []
    assert _seats_taken(org, guide.id) == 0
    with pytest.raises(Conflict):
        goals.add_goal(mentee, engagement.id, {"title": "Ship the design doc"})
    with pytest.raises(Conflict):
        sessions.schedule(mentee, engagement.id, soon)


def test_run_numbers_count_within_each_program(org: Growpath) -> None:
    admin = _admin(org)
    first, second = _program(admin, "Mentoring A"), _program(admin, "Mentoring B")
    mentee, mentor = _person(org, 4), _person(org, 7)
    for program_id in (first, second):
        enrolment.enrol(mentee, program_id, "mentee", {"goals": GOALS})
        enrolment.enrol(mentor, program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    numbers = [matching.run_matching(admin, p).number for p in (first, first, second)]
    assert numbers == [1, 2, 1]


def test_last_met_is_when_the_session_took_place_not_when_it_was_logged(
    running_pair: Pair, clock: FixedClock
) -> None:
    mentor = running_pair.mentor
    meeting = sessions.schedule(mentor, running_pair.engagement_id, clock.now() + timedelta(days=1))
    clock.advance(timedelta(days=5))
    sessions.hold(mentor, meeting.id)
    (pair,) = [
        p
        for p in caseload.my_caseload(mentor).pairs
        if p.engagement_id == running_pair.engagement_id
    ]
    assert pair.last_held_at == meeting.scheduled_at


def test_a_guide_cannot_lower_capacity_below_the_seats_their_pairs_hold(org: Growpath) -> None:
    admin = _admin(org)
    program_id = _program(admin)
    mentees = [_person(org, n) for n in (2, 4)]
    for ctx in mentees:
        enrolment.enrol(ctx, program_id, "mentee", {"goals": GOALS})
    mentor = _person(org, 9)
    guide = enrolment.enrol(mentor, program_id, "mentor", {"capacity": 3, "expertise": ["go"]})
    matching.approve(admin, matching.run_matching(admin, program_id).id)

    with pytest.raises(InvalidInput, match="Person 9 holds 2 seats"):
        enrolment.set_capacity(mentor, guide.id, 1)
    with pytest.raises(InvalidInput, match="capacity: must be a whole number"):
        enrolment.set_capacity(mentor, guide.id, 0)

    assert enrolment.set_capacity(mentor, guide.id, 2).capacity == 2
    assert _seats_taken(org, guide.id) == 2


def test_a_group_program_matches_again_around_a_running_group(org: Growpath) -> None:
    admin = _admin(org)
    program = programs.create_from_template(admin, "team-coaching", overrides={"group_size": 2})
    programs.set_status(admin, program.id, "open")
    members = [_person(org, n) for n in (3, 5)]
    for ctx in members:
        enrolment.enrol(ctx, program.id, "coachee", {"goals": GOALS})
    coach = _person(org, 9)
    enrolment.enrol(coach, program.id, "coach", {"capacity": 1, "focus_areas": ["conflict"]})
    run = matching.approve(admin, matching.run_matching(admin, program.id).id)
    for proposal in run.proposals:
        member = next(c for c in members if c.actor.person_id == proposal.mentee_person_id)
        matching.respond(member, proposal.id, accept=True)
        matching.respond(coach, proposal.id, accept=True)
    late = [_person(org, n) for n in (7, 11)]
    for ctx in late:
        enrolment.enrol(ctx, program.id, "coachee", {"goals": GOALS})
    second = _person(org, 6)
    enrolment.enrol(second, program.id, "coach", {"capacity": 1, "focus_areas": ["conflict"]})

    again = matching.run_matching(admin, program.id)

    # The running group keeps its coach's one seat; the new group goes to the second coach.
    assert {p.mentee_person_id for p in again.proposals} == {c.actor.person_id for c in late}
    assert {p.mentor_person_id for p in again.proposals} == {second.actor.person_id}
    assert again.warnings == ()
    assert (again.matched_count, again.stats["kept_pairs"]) == (4, 2)
    matching.approve(admin, again.id)
    with pytest.raises(Conflict, match="there is nobody left to match"):
        matching.run_matching(admin, program.id)


def test_a_member_of_a_running_group_is_recommended_nobody_and_nothing_crashes(
    org: Growpath,
) -> None:
    admin = _admin(org)
    program = programs.create_from_template(admin, "team-coaching", overrides={"group_size": 2})
    programs.set_status(admin, program.id, "open")
    member = _person(org, 3)
    enrolment.enrol(member, program.id, "coachee", {"goals": GOALS})
    coach = _person(org, 9)
    guide = enrolment.enrol(coach, program.id, "coach", {"capacity": 2, "focus_areas": ["x"]})
    request = self_service.request_guide(member, program.id, guide.id)

    assert self_service.recommendations(member, program.id) == []
    matching.respond(coach, request.id, accept=True)
    assert self_service.recommendations(member, program.id) == []
