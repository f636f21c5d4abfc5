"""From program to engagement on SQLite and PostgreSQL: enrol, match, approve, accept, re-match."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import EnrolmentRow, MatchProposalRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from growpath.services import engagements, enrolment, matching, programs, self_service
from growpath.services.context import Context, operator_context
from growpath.services.jobs import run_periodic_jobs
from tests.conftest import make_account

GOALS = "I want to grow into a staff engineer and learn system design from someone senior."


def _admin(app: Growpath) -> Context:
    return make_account(app, "admin@example.com", Role.PROGRAM_ADMIN)


def _person(app: Growpath, n: int) -> Context:
    return make_account(app, f"person{n}@example.com", Role.PARTICIPANT)


def _mentoring_program(admin: Context) -> int:
    program = programs.create_from_template(admin, "traditional-mentoring", name="Mentoring 2026")
    return programs.set_status(admin, program.id, "open").id


def test_a_mentoring_pair_goes_from_enrolment_to_a_completed_relationship(
    org: Growpath, clock: FixedClock
) -> None:
    admin = _admin(org)
    program_id = _mentoring_program(admin)
    mentee, mentor = _person(org, 4), _person(org, 7)
    enrolment.enrol(
        mentee, program_id, "mentee", {"goals": GOALS, "desired_competencies": ["system-design"]}
    )
    enrolment.enrol(
        mentor,
        program_id,
        "mentor",
        {"capacity": 2, "expertise": ["system design", "career growth"]},
    )
    run = matching.run_matching(admin, program_id)
    assert run.certified_optimal and len(run.proposals) == 1
    proposal = run.proposals[0]
    factors = {c["factor"] for c in proposal.explanation["contributions"]}
    assert {"skills", "text", "seniority"} <= factors
    assert "reporting_chain" in proposal.explanation["constraints_checked"]
    matching.approve(admin, run.id)
    matching.respond(mentee, proposal.id, accept=True)
    accepted = matching.respond(mentor, proposal.id, accept=True)
    assert accepted.status == "accepted"
    (engagement,) = engagements.my_engagements(mentee)
    assert engagement.status == "proposed"
    assert {(m.name, m.role) for m in engagement.members} == {
        ("Person 4", "participant"),
        ("Person 7", "guide"),
    }
    started = engagements.change_engagement(mentor, engagement.id, "start")
    assert started.status == "active" and started.planned_end_on is not None
    clock.advance(timedelta(days=300))
    renewed = engagements.change_engagement(
        mentee, engagement.id, "renew", end_on=clock.now().date() + timedelta(days=180)
    )
    assert renewed.status == "renewed"
    done = engagements.change_engagement(mentee, engagement.id, "complete")
    assert done.status == "completed"
    with pytest.raises(Conflict, match="it is completed"):
        engagements.change_engagement(mentee, engagement.id, "pause")


def test_a_manager_is_never_matched_with_their_own_report(org: Growpath) -> None:
    admin = _admin(org)
    program_id = _mentoring_program(admin)
    enrolment.enrol(_person(org, 2), program_id, "mentee", {"goals": GOALS})
    enrolment.enrol(
        _person(org, 0), program_id, "mentor", {"capacity": 3, "expertise": ["system design"]}
    )
    run = matching.run_matching(admin, program_id)
    assert run.proposals == []
    assert run.unmatched_count == 1


def test_a_decline_frees_both_and_a_rematch_keeps_the_accepted_pair(org: Growpath) -> None:
    admin = _admin(org)
    program_id = _mentoring_program(admin)
    mentees = [_person(org, n) for n in (2, 4)]
    mentors = [_person(org, n) for n in (5, 9)]
    for ctx in mentees:
        enrolment.enrol(ctx, program_id, "mentee", {"goals": GOALS})
    for ctx in mentors:
        enrolment.enrol(ctx, program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    run = matching.approve(admin, matching.run_matching(admin, program_id).id)
    assert len(run.proposals) == 2
    first, second = run.proposals
    for proposal in (first,):
        for ctx in [*mentees, *mentors]:
            if ctx.actor.person_id in (proposal.mentee_person_id, proposal.mentor_person_id):
                matching.respond(ctx, proposal.id, accept=True)
    decliner = next(c for c in mentors if c.actor.person_id == second.mentor_person_id)
    assert matching.respond(decliner, second.id, accept=False).status == "declined"
    rerun = matching.run_matching(admin, program_id)
    assert rerun.stats["new_pairs"] == len(rerun.proposals)
    kept = {(p.mentee_person_id, p.mentor_person_id) for p in rerun.proposals}
    assert (first.mentee_person_id, first.mentor_person_id) not in kept


def test_a_proposal_lapses_after_three_weeks_without_an_answer(
    org: Growpath, clock: FixedClock
) -> None:
    admin = _admin(org)
    program_id = _mentoring_program(admin)
    mentee = _person(org, 4)
    enrolment.enrol(mentee, program_id, "mentee", {"goals": GOALS})
    enrolment.enrol(_person(org, 9), program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    run = matching.approve(admin, matching.run_matching(admin, program_id).id)
    clock.advance(timedelta(days=21, minutes=1))
    with pytest.raises(Conflict, match="lapsed"):
        matching.respond(mentee, run.proposals[0].id, accept=True)
    assert matching.expire_proposals(operator_context(org)) == 0  # already lapsed on answer


def test_the_periodic_job_lapses_proposals_nobody_answered_in_time(
    org: Growpath, clock: FixedClock
) -> None:
    admin = _admin(org)
    program_id = _mentoring_program(admin)
    enrolment.enrol(_person(org, 4), program_id, "mentee", {"goals": GOALS})
    enrolment.enrol(_person(org, 9), program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    run = matching.approve(admin, matching.run_matching(admin, program_id).id)
    clock.advance(timedelta(days=20))
    assert run_periodic_jobs(org).lapsed == 0
    clock.advance(timedelta(days=1, minutes=1))
    assert run_periodic_jobs(org).lapsed == 1
    with org.uow() as uow:
        status = uow.session.scalar(
            select(MatchProposalRow.status).where(MatchProposalRow.id == run.proposals[0].id)
        )
    assert status == "expired"


def test_only_the_pair_may_answer_a_proposal(org: Growpath) -> None:
    admin = _admin(org)
    program_id = _mentoring_program(admin)
    enrolment.enrol(_person(org, 4), program_id, "mentee", {"goals": GOALS})
    enrolment.enrol(_person(org, 9), program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    run = matching.approve(admin, matching.run_matching(admin, program_id).id)
    with pytest.raises(NotFound):
        matching.respond(_person(org, 3), run.proposals[0].id, accept=True)


def test_enrolment_refuses_closed_programs_wrong_roles_and_ineligible_people(
    org: Growpath,
) -> None:
    admin = _admin(org)
    leaders = programs.create_from_template(admin, "senior-leaders")
    person = _person(org, 2)
    with pytest.raises(Conflict, match="not open"):
        enrolment.enrol(person, leaders.id, "coachee", {"goals": GOALS})
    programs.set_status(admin, leaders.id, "open")
    with pytest.raises(InvalidInput, match="role"):
        enrolment.enrol(person, leaders.id, "mentee", {"goals": GOALS})
    with pytest.raises(PermissionDenied, match="seniority levels 8, 9, 10"):
        enrolment.enrol(person, leaders.id, "coachee", {"goals": GOALS})
    with pytest.raises(PermissionDenied):
        enrolment.enrol(
            person, leaders.id, "coach", {"capacity": 1, "focus_areas": ["x"]}, person_id=5
        )


def test_a_second_enrolment_in_the_same_role_is_a_conflict(org: Growpath) -> None:
    admin = _admin(org)
    program_id = _mentoring_program(admin)
    person = _person(org, 4)
    enrolment.enrol(person, program_id, "mentee", {"goals": GOALS})
    with pytest.raises(Conflict, match="already enrolled"):
        enrolment.enrol(person, program_id, "mentee", {"goals": GOALS})
    withdrawn = enrolment.withdraw(person, enrolment.list_enrolments(person, mine=True)[0].id)
    assert withdrawn.status == "withdrawn"


@pytest.mark.postgres
def test_racing_accepts_never_exceed_a_guides_capacity(org: Growpath) -> None:
    admin = _admin(org)
    program_id = _mentoring_program(admin)
    mentees = [_person(org, n) for n in (2, 3, 4, 6)]
    mentor = _person(org, 9)
    for ctx in mentees:
        enrolment.enrol(ctx, program_id, "mentee", {"goals": GOALS})
    guide = enrolment.enrol(mentor, program_id, "mentor", {"capacity": 4, "expertise": ["go"]})
    run = matching.approve(admin, matching.run_matching(admin, program_id).id)
    assert len(run.proposals) == 4
    with org.uow() as uow:  # an older database: room for two, while four offers wait
        row = uow.session.get(EnrolmentRow, guide.id)
        assert row is not None
        row.capacity, row.seats_taken = 2, 0
        uow.commit()
    for proposal in run.proposals:
        mentee = next(c for c in mentees if c.actor.person_id == proposal.mentee_person_id)
        matching.respond(mentee, proposal.id, accept=True)
    barrier = threading.Barrier(len(run.proposals))
    outcomes: list[str] = []

    def accept(proposal_id: int) -> None:
        barrier.wait()
        try:
            outcomes.append(matching.respond(mentor, proposal_id, accept=True).status)
        except DomainError as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=accept, args=(p.id,)) for p in run.proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Conflict", "Conflict", "accepted", "accepted"]
    with org.uow() as uow:
        row = uow.session.get(EnrolmentRow, guide.id)
        assert row is not None and row.seats_taken == 2
        accepted = uow.session.scalars(
            select(MatchProposalRow).where(MatchProposalRow.status == "accepted")
        ).all()
        assert len(accepted) == 2


def test_self_service_recommends_with_reasons_and_allows_one_pending_request(
    org: Growpath,
) -> None:
    admin = _admin(org)
    program_id = _mentoring_program(admin)
    mentee = _person(org, 4)
    enrolment.enrol(
        mentee, program_id, "mentee", {"goals": GOALS, "desired_competencies": ["system-design"]}
    )
    guides = {}
    for n, expertise in ((7, ["system design"]), (9, ["gardening"]), (0, ["system design"])):
        ctx = _person(org, n)
        guides[n] = (
            ctx,
            enrolment.enrol(ctx, program_id, "mentor", {"capacity": 1, "expertise": expertise}),
        )
    ranked = self_service.recommendations(mentee, program_id)
    # Person 0 heads person 4's reporting line, so they are never recommended.
    assert [r.mentor_person_id for r in ranked] == [guides[7][1].person_id, guides[9][1].person_id]
    assert ranked[0].score > ranked[1].score
    assert ranked[0].explanation["contributions"]
    with pytest.raises(NotFound, match="not open to you"):
        self_service.request_guide(mentee, program_id, guides[0][1].id)
    request = self_service.request_guide(mentee, program_id, ranked[0].mentor_enrolment_id)
    assert request.status == "requested"
    with pytest.raises(Conflict, match="pending request"):
        self_service.request_guide(mentee, program_id, ranked[1].mentor_enrolment_id)
    declined = matching.respond(guides[7][0], request.id, accept=False)
    assert declined.status == "declined"
    second = self_service.request_guide(mentee, program_id, ranked[1].mentor_enrolment_id)
    accepted = matching.respond(guides[9][0], second.id, accept=True)
    assert accepted.status == "accepted"
    assert len(engagements.my_engagements(mentee)) == 1


def test_recommendations_need_an_enrolment(org: Growpath) -> None:
    admin = _admin(org)
    program_id = _mentoring_program(admin)
    with pytest.raises(Conflict, match="enrol in"):
        self_service.recommendations(_person(org, 4), program_id)


def test_a_team_coaching_group_shares_one_engagement_and_one_seat(org: Growpath) -> None:
    admin = _admin(org)
    program = programs.create_from_template(admin, "team-coaching", overrides={"group_size": 3})
    programs.set_status(admin, program.id, "open")
    members = [_person(org, n) for n in (3, 5, 7)]
    for ctx in members:
        enrolment.enrol(ctx, program.id, "coachee", {"goals": GOALS})
    coach = _person(org, 9)
    enrolment.enrol(coach, program.id, "coach", {"capacity": 1, "focus_areas": ["conflict"]})
    run = matching.approve(admin, matching.run_matching(admin, program.id).id)
    assert len(run.proposals) == 3
    assert len({p.group_key for p in run.proposals}) == 1
    for proposal in run.proposals:
        member = next(c for c in members if c.actor.person_id == proposal.mentee_person_id)
        matching.respond(member, proposal.id, accept=True)
        assert matching.respond(coach, proposal.id, accept=True).status == "accepted"
    (engagement,) = engagements.my_engagements(coach)
    assert sorted(m.role for m in engagement.members) == [
        "guide",
        "participant",
        "participant",
        "participant",
    ]
