"""Practice triads: form a program's enrolled people into threes, play rotating role-play rounds,
and keep each observer's feedback for the triad's members alone.

Admins form triads (preview, then confirm the same plan) and see their states: round numbers
and members, never feedback. Feedback is sealed at rest and read only by the triad's members;
anyone else, admins and managers included, is told the triad does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence

from growpath import matching
from growpath.adapters.orm import (
    EnrolmentRow,
    PersonRow,
    TriadFeedbackRow,
    TriadRow,
)
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict, NotFound, RaceLost
from growpath.domain.scenarios import scenario, scenarios_for
from growpath.domain.triads import (
    COACH,
    COACHEE,
    OBSERVER,
    RUNNING,
    check_can_advance,
    check_can_record,
    checked_feedback,
    role_in_round,
    split_into_groups,
    why_group_is_larger,
)
from growpath.i18n import N_
from growpath.services.access import access_administered_program, administers
from growpath.services.context import Context
from growpath.services.leavers import gone_from_matching
from growpath.services.triad_views import (
    BriefView,
    FeedbackView,
    PlannedGroup,
    RoundView,
    TriadMemberView,
    TriadPlan,
    TriadState,
    TriadSummary,
    TriadView,
)

__all__ = ["TriadPlan", "TriadState", "TriadSummary", "TriadView"]


def preview_triads(ctx: Context, program_id: int) -> TriadPlan:
    """Return the triads forming would make of the program's enrolled people (admins only)."""
    with ctx.uow() as uow:
        return _plan(uow, ctx, program_id)


def form_triads(ctx: Context, program_id: int, plan: str | None = None) -> list[TriadState]:
    """Form the previewed triads; refuse if the enrolments changed since the preview."""
    with ctx.uow() as uow:
        uow.triads.lock_program(program_id)
        planned = _plan(uow, ctx, program_id)
        if plan is not None and plan != planned.plan:
            raise Conflict(
                N_(
                    "the enrolled people changed since the preview (someone enrolled, withdrew or "
                    "was formed into a triad meanwhile): look at the new preview and confirm it"
                )
            )
        offset = len(uow.triads.of_program(program_id))
        triads = []
        for index, group in enumerate(planned.groups):
            triad = TriadRow(
                program_id=program_id,
                status=RUNNING,
                current_round=1,
                round_count=len(group.person_ids),
                formed_by_user_id=ctx.actor_user_id,
                created_at=ctx.now,
            )
            uow.triads.add(triad)
            uow.triads.add_members(triad.id, group.person_ids)
            uow.triads.add_rounds(triad.id, scenarios_for(len(group.person_ids), offset + index))
            triads.append(triad)
        if uow.triads.practising_twice(program_id):
            # SQLite takes no row lock: a formation that ran alongside committed first.
            raise RaceLost(N_("these people were formed into triads meanwhile; preview again"))
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "triads.form",
            "program",
            str(program_id),
            ctx.source_address,
            detail={"triads": len(triads)},
        )
        states = _states(uow, triads)
        uow.commit()
        return states


def program_triads(ctx: Context, program_id: int) -> list[TriadState]:
    """Return the states of a program's triads, for its admins: no feedback, no scenarios."""
    with ctx.uow() as uow:
        access_administered_program(
            uow,
            ctx,
            program_id,
            N_("only an administrator of this program may see its practice triads"),
        )
        return _states(uow, uow.triads.of_program(program_id))


def my_triads(ctx: Context) -> list[TriadSummary]:
    """Return the viewer's own triads, newest first, with what they play this round."""
    person_id = ctx.actor.person_id
    if person_id is None:
        return []
    with ctx.uow() as uow:
        found = uow.triads.of_person(person_id)
        positions = {
            m.triad_id: m.position
            for m, _ in uow.triads.members(t.id for t, _ in found)
            if m.person_id == person_id
        }
        return [
            TriadSummary(
                id=t.id,
                program_name=program,
                status=t.status,
                current_round=t.current_round,
                round_count=t.round_count,
                my_role=_role_now(t, positions[t.id]),
            )
            for t, program in found
        ]


def get_triad(ctx: Context, triad_id: int) -> TriadView:
    """Return a triad for one of its members: roles, scenario briefs and feedback."""
    with ctx.uow() as uow:
        triad = _access_member(uow, ctx, triad_id)
        view = _view(uow, ctx, triad)
        # Feedback is content: its reads are on the trail, as reads of notes are.
        uow.audit.record(
            ctx.now, ctx.actor_user_id, "triads.read", "triad", str(triad_id), ctx.source_address
        )
        uow.commit()
        return view


def record_feedback(
    ctx: Context, triad_id: int, open_questions: str, listening: str, try_next: str
) -> TriadView:
    """Record (or revise) the observer's feedback on the current round's coaching."""
    answer = checked_feedback(open_questions, listening, try_next)
    with ctx.uow() as uow:
        _access_member(uow, ctx, triad_id)
        triad = _locked(uow, triad_id)
        role = role_in_round(_position(uow, triad, ctx), triad.round_count, triad.current_round)
        check_can_record(triad.status, role)
        current = uow.triads.round_of(triad.id, triad.current_round)
        if current is None:
            raise NotFound(
                N_("no round %(round)s in practice triad %(id)s"),
                round=triad.current_round,
                id=triad_id,
            )
        observer = _person_id(ctx)
        row = uow.triads.feedback_by(current.id, observer)
        if row is None:
            row = TriadFeedbackRow(round_id=current.id, observer_person_id=observer)
        row.open_questions = answer.open_questions
        row.listening = answer.listening
        row.try_next = answer.try_next
        row.recorded_at = ctx.now
        if row.id is None:
            with uow.racing(
                N_("your feedback on this round was recorded meanwhile; reload the page")
            ):
                uow.triads.add_feedback(row)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "triads.feedback",
            "triad",
            str(triad.id),
            ctx.source_address,
            detail={"round": triad.current_round},
        )
        view = _view(uow, ctx, triad)
        uow.commit()
        return view


def advance_round(ctx: Context, triad_id: int, from_round: int) -> TriadState:
    """Move a triad from from_round to the next (a member, once feedback is in, or an admin).

    Two people moving the same round at once move it once: the second is told it moved on.
    """
    with ctx.uow() as uow:
        triad = uow.triads.get(triad_id)
        member = triad is not None and uow.triads.is_member(triad_id, ctx.actor.person_id)
        if triad is None or not (member or administers(uow, ctx, triad.program_id)):
            raise NotFound(N_("no practice triad with id %(id)s"), id=triad_id)
        triad = _locked(uow, triad_id)
        current = uow.triads.round_of(triad.id, triad.current_round)
        feedback = uow.triads.feedback_count(current.id) if current is not None else 0
        check_can_advance(triad.status, triad.current_round, from_round, feedback, not member)
        if not uow.triads.move_on(triad, from_round, ctx.now):
            # SQLite takes no row lock: the compare-and-set is what keeps it to one move.
            raise Conflict(
                N_("round %(round)s has already moved on; reload to see where it is"),
                round=from_round,
            )
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "triads.advance",
            "triad",
            str(triad.id),
            ctx.source_address,
            detail={"from_round": from_round},
        )
        (state,) = _states(uow, [triad])
        uow.commit()
        return state


def _plan(uow: UnitOfWork, ctx: Context, program_id: int) -> TriadPlan:
    program = access_administered_program(
        uow,
        ctx,
        program_id,
        N_("only an administrator of this program may form its practice triads"),
    )
    practising = uow.triads.practising(program_id)
    gone = gone_from_matching(uow, ctx.now.date())
    peers: dict[int, tuple[EnrolmentRow, PersonRow]] = {}
    for enrolment, person in uow.match_queries.enrolled(program_id):
        if person.id not in practising and person.id not in gone:
            peers.setdefault(person.id, (enrolment, person))
    # Imported on use: NumPy and SciPy cost every growpath command time at start-up.
    from growpath.matching.groups import peers_in_goal_order

    order = peers_in_goal_order([_peer(e, p) for e, p in peers.values()])
    groups = split_into_groups(order)
    names = {pid: person.name for pid, (_, person) in peers.items()}
    planned = tuple(
        PlannedGroup(
            person_ids=tuple(int(p) for p in group),
            names=tuple(names[int(p)] for p in group),
            note=why_group_is_larger(len(group)),
        )
        for group in groups
    )
    return TriadPlan(
        program_id=program.id,
        program_name=program.name,
        groups=planned,
        plan=";".join(",".join(map(str, g.person_ids)) for g in planned),
        already_practising=len(practising),
    )


def _peer(enrolment: EnrolmentRow, person: PersonRow) -> matching.Mentee:
    return matching.Mentee(
        id=str(person.id),
        department=person.department,
        manager_id=str(person.manager_id) if person.manager_id else None,
        level=person.seniority_level or 0,
        job_family=person.job_family,
        desired_skills={k.replace("-", " ").lower(): 3 for k in enrolment.desired_competencies},
        goals=enrolment.goals,
        languages=tuple(person.languages),
        timezone=person.timezone,
        interests=tuple(person.interests),
    )


def _access_member(uow: UnitOfWork, ctx: Context, triad_id: int) -> TriadRow:
    triad = uow.triads.get(triad_id)
    if triad is None or not uow.triads.is_member(triad_id, ctx.actor.person_id):
        # Admins and managers too: the triad's content is its members' alone.
        raise NotFound(N_("no practice triad with id %(id)s"), id=triad_id)
    return triad


def _locked(uow: UnitOfWork, triad_id: int) -> TriadRow:
    triad = uow.triads.locked(triad_id)
    if triad is None:
        # Its program was deleted since the triad was read.
        raise NotFound(N_("no practice triad with id %(id)s"), id=triad_id)
    return triad


def _person_id(ctx: Context) -> int:
    if ctx.actor.person_id is None:
        raise NotFound(N_("the command line's operator is in no practice triad"))
    return ctx.actor.person_id


def _position(uow: UnitOfWork, triad: TriadRow, ctx: Context) -> int:
    person_id = _person_id(ctx)
    return next(m.position for m, _ in uow.triads.members([triad.id]) if m.person_id == person_id)


def _role_now(triad: TriadRow, position: int) -> str:
    if triad.status != RUNNING:
        return ""
    return role_in_round(position, triad.round_count, triad.current_round).value


def _program_name(uow: UnitOfWork, program_id: int) -> str:
    program = uow.programs.get(program_id)
    if program is None:
        # The program went (and its triads with it) since the triad was read.
        raise NotFound(N_("no program with id %(id)s"), id=program_id)
    return program.name


def _states(uow: UnitOfWork, triads: Sequence[TriadRow]) -> list[TriadState]:
    names: dict[int, list[str]] = {}
    for member, name in uow.triads.members(t.id for t in triads):
        names.setdefault(member.triad_id, []).append(name)
    return [
        TriadState(
            id=t.id,
            program_id=t.program_id,
            status=t.status,
            current_round=t.current_round,
            round_count=t.round_count,
            members=tuple(names.get(t.id, ())),
            note=why_group_is_larger(t.round_count),
        )
        for t in triads
    ]


def _view(uow: UnitOfWork, ctx: Context, triad: TriadRow) -> TriadView:
    me = _person_id(ctx)
    members = [(m.position, m.person_id, name) for m, name in uow.triads.members([triad.id])]
    size = triad.round_count
    my_position = next(position for position, pid, _ in members if pid == me)
    rounds = []
    for row in uow.triads.rounds(triad.id):
        plays = {pid: role_in_round(pos, size, row.number) for pos, pid, _ in members}
        named = {pid: name for _, pid, name in members}
        rounds.append(
            RoundView(
                number=row.number,
                scenario_key=row.scenario_key,
                scenario_title=scenario(row.scenario_key, ctx.locale).title,
                coach=next(named[p] for p, r in plays.items() if r is COACH),
                coachee=next(named[p] for p, r in plays.items() if r is COACHEE),
                observers=tuple(named[p] for p, r in plays.items() if r is OBSERVER),
            )
        )
    shown_round = min(triad.current_round, size)
    played = scenario(rounds[shown_round - 1].scenario_key, ctx.locale)
    my_role = role_in_round(my_position, size, shown_round)
    feedback = tuple(
        FeedbackView(
            round_number=number,
            observer=name,
            mine=row.observer_person_id == me,
            open_questions=row.open_questions,
            listening=row.listening,
            try_next=row.try_next,
            recorded_at=row.recorded_at,
        )
        for row, number, name in uow.triads.feedback(triad.id)
    )
    this_round = [f for f in feedback if f.round_number == triad.current_round]
    return TriadView(
        id=triad.id,
        program_id=triad.program_id,
        program_name=_program_name(uow, triad.program_id),
        status=triad.status,
        current_round=triad.current_round,
        round_count=size,
        note=why_group_is_larger(size),
        members=tuple(
            TriadMemberView(pid, name, _role_now(triad, pos)) for pos, pid, name in members
        ),
        my_role=_role_now(triad, my_position),
        rounds=tuple(rounds),
        situation=played.situation,
        scenario_summary=played.summary,
        # The viewer's own brief first: the others are read after the round.
        briefs=tuple(
            BriefView(role.value, played.brief_for(role))
            for role in sorted((COACH, COACHEE, OBSERVER), key=lambda r: r is not my_role)
        ),
        feedback=feedback,
        feedback_this_round=len(this_round) if triad.status == RUNNING else 0,
        my_feedback=next((f for f in this_round if f.mine), None),
    )
