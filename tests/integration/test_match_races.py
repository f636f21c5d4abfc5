"""Re-matching, offering and answering at the same moment, on SQLite and PostgreSQL: every path
takes the seats' lock on the same people first, so none over-fills a guide or double-books."""

from __future__ import annotations

from functools import partial

from sqlalchemy import func, select

from growpath.adapters.orm import AuditEventRow, EngagementMemberRow, EngagementRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.engagements import FINISHED
from growpath.domain.proposals import PENDING
from growpath.services import engagements, enrolment, matching, pair_support, programs, self_service
from growpath.services.context import Context
from tests.conftest import make_account
from tests.factories import at_once, started_engagement

GOALS = "I want to grow into a staff engineer and learn system design from someone senior."


def _person(app: Growpath, n: int) -> Context:
    return make_account(app, f"person{n}@example.com", Role.PARTICIPANT)


def _running_with(app: Growpath, person_id: int | None) -> list[int]:
    """Return the unfinished engagements the person takes part in."""
    with app.uow() as uow:
        return list(
            uow.session.scalars(
                select(EngagementRow.id)
                .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
                .where(
                    EngagementMemberRow.person_id == person_id,
                    EngagementRow.status.not_in(FINISHED),
                )
            )
        )


def test_re_matching_a_group_while_its_next_member_is_accepted_strands_nobody(
    org: Growpath,
) -> None:
    admin = make_account(org, "admin@example.com", Role.PROGRAM_ADMIN)
    program = programs.create_from_template(admin, "team-coaching", overrides={"group_size": 3})
    programs.set_status(admin, program.id, "open")
    first, second = _person(org, 3), _person(org, 5)
    for ctx in (first, second):
        enrolment.enrol(ctx, program.id, "coachee", {"goals": GOALS})
    coach = _person(org, 9)
    enrolment.enrol(coach, program.id, "coach", {"capacity": 1, "focus_areas": ["conflict"]})
    run = matching.approve(admin, matching.run_matching(admin, program.id).id)
    offer = {p.mentee_person_id: p.id for p in run.proposals}
    first_offer, second_offer = (offer[c.actor.person_id or 0] for c in (first, second))
    for ctx in (first, coach):
        matching.respond(ctx, first_offer, accept=True)
    (group,) = engagements.my_engagements(coach)
    engagements.change_engagement(coach, group.id, "start")
    matching.respond(second, second_offer, accept=True)

    # The admin re-matches the group as the coach accepts its second member.
    outcomes = at_once(
        partial(pair_support.rematch_pair, admin, group.id, "the group never met"),
        partial(matching.respond, coach, second_offer, True),
    )

    assert outcomes == ["done", "done"]
    with org.uow() as uow:
        joined = uow.engagements.participant_enrolments(group.id)
        told = (
            uow.session.scalars(
                select(AuditEventRow).where(AuditEventRow.action == "engagement.rematch")
            )
            .one()
            .detail
        )
    # Whoever was in the group when it ended was counted by the re-match; an answer that came
    # after it started the group afresh instead of joining the ended one.
    assert told == {"people": len(joined)}
    second_running = _running_with(org, second.actor.person_id)
    assert (len(joined), len(second_running)) in {(2, 0), (1, 1)}
    assert _running_with(org, first.actor.person_id) == []


def test_an_offer_approved_as_the_participant_asks_a_guide_themselves_gives_one_pair(
    org: Growpath,
) -> None:
    admin = make_account(org, "admin@example.com", Role.PROGRAM_ADMIN)
    program = programs.create_from_template(admin, "traditional-mentoring", name="Mentoring")
    programs.set_status(admin, program.id, "open")
    mentee = _person(org, 4)
    held = enrolment.enrol(mentee, program.id, "mentee", {"goals": GOALS})
    guides = [
        enrolment.enrol(_person(org, n), program.id, "mentor", {"capacity": 2, "expertise": ["go"]})
        for n in (7, 9)
    ]
    run = matching.run_matching(admin, program.id)
    (proposal,) = run.proposals
    other = next(g.id for g in guides if g.id != proposal.mentor_enrolment_id)

    outcomes = at_once(
        partial(matching.approve, admin, run.id),
        partial(self_service.request_guide, mentee, program.id, other),
    )

    assert outcomes[1] == "done" and outcomes[0] in {"Conflict", "InvalidInput"}
    with org.uow() as uow:
        pending = uow.proposals.holding_of_participant(held.id)
        assert pending is not None
        open_offers = uow.session.scalar(
            select(func.count())
            .select_from(type(pending))
            .where(
                type(pending).mentee_enrolment_id == held.id,
                type(pending).status.in_(PENDING),
            )
        )
    assert open_offers == 1


def test_both_sides_accepting_at_the_same_moment_start_the_pair(org: Growpath) -> None:
    admin = make_account(org, "admin@example.com", Role.PROGRAM_ADMIN)
    program = programs.create_from_template(admin, "traditional-mentoring", name="Mentoring")
    programs.set_status(admin, program.id, "open")
    mentee, mentor = _person(org, 4), _person(org, 7)
    enrolment.enrol(mentee, program.id, "mentee", {"goals": GOALS})
    enrolment.enrol(mentor, program.id, "mentor", {"capacity": 1, "expertise": ["go"]})
    (proposal,) = matching.approve(admin, matching.run_matching(admin, program.id).id).proposals

    outcomes = at_once(
        partial(matching.respond, mentee, proposal.id, True),
        partial(matching.respond, mentor, proposal.id, True),
    )

    assert outcomes == ["done", "done"]
    (engagement,) = engagements.my_engagements(mentee)
    assert engagement.status == "proposed"
    assert _running_with(org, mentor.actor.person_id) == [engagement.id]


def test_a_pair_paused_as_it_is_re_matched_stays_ended(org: Growpath) -> None:
    admin = make_account(org, "admin@example.com", Role.PROGRAM_ADMIN)
    mentee, mentor = _person(org, 4), _person(org, 7)
    pair = started_engagement(admin, mentee, mentor)

    outcomes = at_once(
        partial(pair_support.rematch_pair, admin, pair, "they never met"),
        partial(engagements.change_engagement, mentor, pair, "pause"),
    )

    # Paused first, then ended; or ended first, and the pause refused: never revived. The pause
    # is refused as a conflict when it read the pair before the end, as an invalid step after.
    assert outcomes in (["done", "done"], ["Conflict", "done"], ["InvalidTransition", "done"])
    (ended,) = engagements.my_engagements(mentee)
    assert ended.status == "ended_early"
    assert _running_with(org, mentee.actor.person_id) == []
