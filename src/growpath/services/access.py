"""The one place that fetches and authorises: who may reach which engagement, session, goal.

Every ``access_*`` function returns the thing asked for or raises NotFound (never "forbidden":
a stranger learns nothing about what exists). Nothing else decides membership.

The administration of a program is the one exception: an administrator's route answers
everybody who may not use it 403 (a participant, and a program admin outside their programs
alike), the same whether the program or match run exists or not, so it tells nothing either.
"""

from __future__ import annotations

from growpath.adapters.orm import (
    EngagementRow,
    EnrolmentRow,
    GoalRow,
    MatchProposalRow,
    MatchRunRow,
    ProgramRow,
    SessionRow,
)
from growpath.adapters.repositories.engagements import EngagementOnPage
from growpath.adapters.repositories.sessions import SessionLine
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.accounts import Role
from growpath.domain.engagements import check_open
from growpath.domain.errors import Conflict, NotFound, PermissionDenied
from growpath.domain.programs import PARTICIPANT_ROLE
from growpath.i18n import N_
from growpath.services.consents import MANAGER_TRAJECTORY
from growpath.services.context import Context


def _is_member(uow: UnitOfWork, ctx: Context, engagement_id: int) -> bool:
    return ctx.actor.person_id is not None and (
        uow.engagements.role_of(engagement_id, ctx.actor.person_id) is not None
    )


def engagement_role(uow: UnitOfWork, ctx: Context, engagement_id: int) -> str:
    """Return the actor's role in an engagement (guide or participant), or refuse."""
    role = uow.engagements.role_of(engagement_id, ctx.actor.person_id)
    if role is None or ctx.actor.person_id is None:
        raise NotFound(N_("no engagement with id %(id)s"), id=engagement_id)
    return role


def access_engagement(uow: UnitOfWork, ctx: Context, engagement_id: int) -> EngagementRow:
    """Return the engagement's state for a member or an admin (never its content); else refuse."""
    row = uow.engagements.get(engagement_id)
    if row is not None and (
        uow.engagements.role_of(engagement_id, ctx.actor.person_id)
        or administers(uow, ctx, row.program_id)
    ):
        return row
    raise NotFound(N_("no engagement with id %(id)s"), id=engagement_id)


def access_engagement_page(uow: UnitOfWork, ctx: Context, engagement_id: int) -> EngagementOnPage:
    """Return what an engagement's page reads first, with the actor's role in it (None for an
    admin who is no member), read in one statement.

    The one check a whole engagement page needs: members see its work, admins its state.
    """
    found = uow.engagements.on_page(engagement_id, ctx.actor.person_id)
    if found is not None and (found.role or administers(uow, ctx, found.row.program_id)):
        return found
    raise NotFound(N_("no engagement with id %(id)s"), id=engagement_id)


def administered_programs(uow: UnitOfWork, ctx: Context) -> frozenset[int] | None:
    """Return the ids of the programs the actor administers, or None for all (org admins)."""
    if ctx.actor.is_org_admin:
        return None
    if Role.PROGRAM_ADMIN not in ctx.actor.roles:
        return frozenset()
    # Read at the check, not at login: a program the actor created since counts, and one
    # taken away since no longer does.
    return uow.program_admins.programs_of(ctx.actor.user_id)


def administers(uow: UnitOfWork, ctx: Context, program_id: int) -> bool:
    """Whether the actor administers this program (org admins administer every program)."""
    programs = administered_programs(uow, ctx)
    return programs is None or program_id in programs


def access_administered_program(
    uow: UnitOfWork, ctx: Context, program_id: int, refusal: str
) -> ProgramRow:
    """Return a program the actor administers; refuse anyone else 403, whether it exists or not.

    The refusal is a marked sentence: "only an administrator of this program may ...".
    """
    if not administers(uow, ctx, program_id):
        raise PermissionDenied(refusal)
    program = uow.programs.get(program_id)
    if program is None:
        raise NotFound(N_("no program with id %(id)s"), id=program_id)
    return program


def access_match_run(uow: UnitOfWork, ctx: Context, run_id: int, refusal: str) -> MatchRunRow:
    """Return a match run of a program the actor administers; refuse anyone else 403.

    The refusal is a marked sentence: "only an administrator of the run's program may ...".
    """
    ctx.require_admin(refusal)
    run = uow.proposals.run(run_id)
    if run is None and ctx.actor.is_org_admin:
        raise NotFound(N_("no match run with id %(id)s"), id=run_id)
    if run is None or not administers(uow, ctx, run.program_id):
        # A missing run answers like another program's, so run ids tell nothing.
        raise PermissionDenied(refusal)
    return run


def access_enrolment(uow: UnitOfWork, ctx: Context, enrolment_id: int) -> EnrolmentRow:
    """Return an enrolment to its own person and its program's administrators; else refuse."""
    row = uow.enrolments.get(enrolment_id)
    if row is None or (
        row.person_id != ctx.actor.person_id and not administers(uow, ctx, row.program_id)
    ):
        raise NotFound(N_("no enrolment with id %(id)s"), id=enrolment_id)
    return row


def administers_person(uow: UnitOfWork, ctx: Context, person_id: int) -> bool:
    """Whether the actor administers a program the person has enrolled in (org admins: all)."""
    programs = administered_programs(uow, ctx)
    return programs is None or uow.enrolments.of_person_in_any(person_id, programs)


def access_member_engagement(
    uow: UnitOfWork, ctx: Context, engagement_id: int
) -> tuple[EngagementRow, str]:
    """Return an engagement and the actor's role in it, for its members only."""
    role = engagement_role(uow, ctx, engagement_id)
    row = uow.engagements.get(engagement_id)
    if row is None:
        raise NotFound(N_("no engagement with id %(id)s"), id=engagement_id)
    return row, role


def check_writable(uow: UnitOfWork, engagement_id: int) -> None:
    """Refuse a change to an engagement's work once it is completed or ended early."""
    row = uow.engagements.get(engagement_id)
    if row is not None:
        check_open(row.id, row.status, row.ended_at)


def access_session(uow: UnitOfWork, ctx: Context, session_id: int) -> SessionRow:
    """Return a session of an engagement the actor is a member of; else refuse."""
    row = uow.sessions.get(session_id)
    if row is None or not _is_member(uow, ctx, row.engagement_id):
        # As for a session that does not exist: naming its engagement would tell a stranger
        # that the session exists and whose it is.
        raise NotFound(N_("no session with id %(id)s"), id=session_id)
    return row


def access_session_to_change(uow: UnitOfWork, ctx: Context, session_id: int) -> SessionRow:
    """Return a session of an engagement the actor is a member of and that is not over yet;
    refuse anyone else as if there were no such session, and refuse a change to an engagement
    that is over (read in one statement)."""
    found = uow.sessions.to_change(session_id, ctx.actor.person_id)
    if found is None or found.role is None:
        raise NotFound(N_("no session with id %(id)s"), id=session_id)
    check_open(found.row.engagement_id, found.engagement_status, found.engagement_ended_at)
    return found.row


def access_session_to_hold(uow: UnitOfWork, ctx: Context, session_id: int) -> SessionLine:
    """Return, as columns, a session the actor may log, refused as access_session_to_change
    refuses (read in one statement)."""
    found = uow.sessions.to_hold(session_id, ctx.actor.person_id)
    if found is None or found.role is None:
        raise NotFound(N_("no session with id %(id)s"), id=session_id)
    session = found.session
    check_open(session.engagement_id, found.engagement_status, found.engagement_ended_at)
    return session


def access_goal(uow: UnitOfWork, ctx: Context, goal_id: int) -> GoalRow:
    """Return a goal of an engagement the actor is a member of; else refuse."""
    goal = uow.goals.get(goal_id)
    if goal is None or not _is_member(uow, ctx, goal.engagement_id):
        # As for a goal that does not exist, not naming its engagement (see access_session).
        raise NotFound(N_("no goal with id %(id)s"), id=goal_id)
    return goal


def access_proposal(
    uow: UnitOfWork, ctx: Context, proposal_id: int
) -> tuple[MatchProposalRow, EnrolmentRow, EnrolmentRow]:
    """Return a proposal with its participant's and guide's enrolments, for those two only."""
    proposal = uow.proposals.get(proposal_id)
    if proposal is not None:
        mentee = uow.proposals.enrolment(proposal.mentee_enrolment_id)
        mentor = uow.proposals.enrolment(proposal.mentor_enrolment_id)
        if mentee and mentor and ctx.actor.person_id in (mentee.person_id, mentor.person_id):
            return proposal, mentee, mentor
    raise NotFound(N_("no proposal with id %(id)s for you"), id=proposal_id)


def access_own_participation(uow: UnitOfWork, ctx: Context, program: ProgramRow) -> EnrolmentRow:
    """Return the actor's active participant enrolment in a program; else say to enrol."""
    role = PARTICIPANT_ROLE[program.kind]
    enrolment = uow.proposals.active_enrolment(program.id, ctx.actor.person_id, role)
    if enrolment is None:
        raise Conflict(
            N_("enrol in '%(program)s' as %(role)s first"), program=program.name, role=role
        )
    return enrolment


def rater_role(uow: UnitOfWork, ctx: Context, engagement_id: int) -> str:
    """Return how the actor may rate a participant here: self, guide or their manager."""
    role = uow.engagements.role_of(engagement_id, ctx.actor.person_id)
    if role is not None and ctx.actor.person_id is not None:
        return "guide" if role == "guide" else "self"
    # A manager may add a rating of a direct report who shares their trajectory with them;
    # anything else answers as if the engagement did not exist, so the answer tells nothing.
    report = (
        uow.engagements.participant_managed_by(engagement_id, ctx.actor.person_id)
        if ctx.actor.person_id is not None
        else None
    )
    if report is None or not uow.consents.is_given(report, MANAGER_TRAJECTORY):
        raise NotFound(N_("no engagement with id %(id)s"), id=engagement_id)
    return "manager"
