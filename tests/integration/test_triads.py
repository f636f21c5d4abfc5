"""Practice triads on SQLite and PostgreSQL: forming, rotating rounds, feedback for the members
alone (sealed at rest), and two members moving a round on at the same moment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, InvalidInput, NotFound
from growpath.services import enrolment, personal_data, programs, triads
from growpath.services.context import Context, operator_context
from tests.conftest import make_account
from tests.factories import at_once
from tests.integration.conftest import seed_two_teams
from tests.integration.test_notes_at_rest import raw_database

FEEDBACK = "Quokka-listening: the coach asked three open questions and summarised twice."


@dataclass(frozen=True)
class Cohort:
    """A peer program with people enrolled, and who runs it."""

    program_id: int
    admin: Context
    people: dict[int, Context]


def cohort(app: Growpath, numbers: range) -> Cohort:
    """Enrol people (by number) as participants of a new peer program."""
    seed_two_teams(app, 12)
    admin = make_account(app, "admin@example.com", Role.PROGRAM_ADMIN)
    program = programs.create_from_template(admin, "peer-circles", name="Coaching skills")
    programs.set_status(admin, program.id, "open")
    people = {}
    for n in numbers:
        people[n] = make_account(app, f"person{n}@example.com")
        enrolment.enrol(people[n], program.id, "mentee", {"goals": "Learn to ask before telling."})
    return Cohort(program.id, admin, people)


def by_person(group: Cohort, person_id: int) -> Context:
    """Return the context of the enrolled person with this id."""
    return next(c for c in group.people.values() if c.actor.person_id == person_id)


def formed_triad(app: Growpath) -> tuple[Cohort, triads.TriadView]:
    """Form one triad of three people and return it as its first member sees it."""
    group = cohort(app, range(2, 5))
    (state,) = triads.form_triads(group.admin, group.program_id)
    first = next(c for c in group.people.values() if triads.my_triads(c))
    return group, triads.get_triad(first, state.id)


def role_holder(group: Cohort, view: triads.TriadView, role: str) -> Context:
    """Return the context of the member who plays role in the current round."""
    (found,) = [m for m in view.members if m.role == role]
    return by_person(group, found.person_id)


def test_seven_people_make_a_triad_and_a_group_of_four_with_a_second_observer(
    app: Growpath,
) -> None:
    group = cohort(app, range(2, 9))
    plan = triads.preview_triads(group.admin, group.program_id)
    assert sorted(len(g.person_ids) for g in plan.groups) == [3, 4]
    (larger,) = [g for g in plan.groups if len(g.person_ids) == 4]
    assert "second observer" in larger.note
    formed = triads.form_triads(group.admin, group.program_id, plan.plan)
    assert [len(s.members) for s in formed] == [len(g.person_ids) for g in plan.groups]
    # Everyone is practising now: a second formation finds nobody left to form.
    with pytest.raises(InvalidInput) as refused:
        triads.preview_triads(group.admin, group.program_id)
    assert refused.value.problems[0].field == "program_id"


def test_a_preview_that_went_stale_is_refused_and_forms_nothing(app: Growpath) -> None:
    group = cohort(app, range(2, 6))
    plan = triads.preview_triads(group.admin, group.program_id)
    late = make_account(app, "person9@example.com")
    enrolment.enrol(late, group.program_id, "mentee", {"goals": "Listen better."})
    with pytest.raises(Conflict, match="changed since the preview"):
        triads.form_triads(group.admin, group.program_id, plan.plan)
    assert triads.program_triads(group.admin, group.program_id) == []


def test_roles_rotate_each_round_and_no_scenario_repeats(app: Growpath) -> None:
    _, view = formed_triad(app)
    names = [m.name for m in view.members]
    a, b, c = names
    assert [(r.coach, r.coachee, r.observers) for r in view.rounds] == [
        (a, b, (c,)),
        (b, c, (a,)),
        (c, a, (b,)),
    ]
    assert len({r.scenario_key for r in view.rounds}) == 3
    assert view.briefs[0].role == view.my_role == "coach"


def test_the_observer_records_feedback_and_every_member_reads_it(app: Growpath) -> None:
    group, view = formed_triad(app)
    coach = role_holder(group, view, "coach")
    with pytest.raises(Conflict, match="the observer records"):
        triads.record_feedback(coach, view.id, FEEDBACK, "summarised", "ask what else")
    observer = role_holder(group, view, "observer")
    with pytest.raises(InvalidInput) as refused:
        triads.record_feedback(observer, view.id, FEEDBACK, "  ", "")
    assert {p.field for p in refused.value.problems} == {"listening", "try_next"}
    triads.record_feedback(observer, view.id, FEEDBACK, "summarised twice", "ask what else")
    for ctx in group.people.values():
        seen = triads.get_triad(ctx, view.id)
        assert [f.open_questions for f in seen.feedback] == [FEEDBACK]
        assert seen.feedback_this_round == 1


def test_admins_managers_and_outsiders_cannot_read_a_triad_or_its_feedback(
    app: Growpath,
) -> None:
    group, view = formed_triad(app)
    observer = role_holder(group, view, "observer")
    triads.record_feedback(observer, view.id, FEEDBACK, "summarised", "ask what else")
    org_admin = make_account(app, "person10@example.com", Role.ORG_ADMIN)
    # Person 0 manages the even-numbered people, members of this triad among them.
    manager = make_account(app, "person0@example.com")
    outsider = make_account(app, "person11@example.com")
    for ctx in (group.admin, org_admin, manager, outsider, operator_context(app)):
        with pytest.raises(NotFound):
            triads.get_triad(ctx, view.id)
        with pytest.raises(NotFound):
            triads.record_feedback(ctx, view.id, "x", "y", "z")
    (state,) = triads.program_triads(group.admin, group.program_id)
    assert FEEDBACK not in repr(state) and state.current_round == 1


def test_a_round_moves_on_after_its_feedback_or_when_an_admin_moves_it(app: Growpath) -> None:
    group, view = formed_triad(app)
    coachee = role_holder(group, view, "coachee")
    with pytest.raises(Conflict, match="before the triad moves on"):
        triads.advance_round(coachee, view.id, 1)
    triads.record_feedback(role_holder(group, view, "observer"), view.id, FEEDBACK, "l", "t")
    assert triads.advance_round(coachee, view.id, 1).current_round == 2
    # Round 2 has no feedback yet: its admin may still move it on (a member is away).
    assert triads.advance_round(group.admin, view.id, 2).current_round == 3
    finished = triads.advance_round(group.admin, view.id, 3)
    assert (finished.status, finished.current_round) == ("finished", 3)
    with pytest.raises(Conflict, match="already played every round"):
        triads.advance_round(group.admin, view.id, 3)
    outsider = make_account(app, "person11@example.com")
    with pytest.raises(NotFound):
        triads.advance_round(outsider, view.id, 3)


def test_two_members_moving_a_round_on_at_once_move_it_once(app: Growpath) -> None:
    group, view = formed_triad(app)
    triads.record_feedback(role_holder(group, view, "observer"), view.id, FEEDBACK, "l", "t")
    coach, coachee = role_holder(group, view, "coach"), role_holder(group, view, "coachee")
    outcomes = at_once(
        lambda: triads.advance_round(coach, view.id, 1),
        lambda: triads.advance_round(coachee, view.id, 1),
    )
    assert outcomes == ["Conflict", "done"]
    assert triads.get_triad(coach, view.id).current_round == 2


def test_feedback_text_is_not_in_the_raw_database(
    app: Growpath, engine: Engine, tmp_path: Path
) -> None:
    group, view = formed_triad(app)
    triads.record_feedback(role_holder(group, view, "observer"), view.id, FEEDBACK, "l", "t")
    raw = raw_database(engine, tmp_path)
    assert b"Quokka" not in raw


def test_erasing_a_member_removes_the_feedback_they_wrote_and_the_feedback_on_their_coaching(
    app: Growpath,
) -> None:
    group, view = formed_triad(app)
    observer = role_holder(group, view, "observer")
    coach = role_holder(group, view, "coach")
    triads.record_feedback(observer, view.id, FEEDBACK, "l", "t")
    org_admin = make_account(app, "person10@example.com", Role.ORG_ADMIN)
    assert coach.actor.person_id is not None
    personal_data.erase_person(org_admin, coach.actor.person_id)
    seen = triads.get_triad(observer, view.id)
    assert seen.feedback == ()
    assert "Erased person" in [m.name for m in seen.members]


def test_two_admins_confirming_the_same_preview_at_once_form_it_once(app: Growpath) -> None:
    group = cohort(app, range(2, 8))
    org_admin = make_account(app, "person10@example.com", Role.ORG_ADMIN)
    plan = triads.preview_triads(group.admin, group.program_id).plan
    outcomes = at_once(
        lambda: triads.form_triads(group.admin, group.program_id, plan),
        lambda: triads.form_triads(org_admin, group.program_id, plan),
    )
    # The later one finds everybody practising (PostgreSQL: it waited for the program's lock)
    # or finds its triads clash with the earlier ones (SQLite): refused either way.
    assert outcomes[1] == "done", outcomes
    assert outcomes[0] in ("InvalidInput", "Conflict", "RaceLost"), outcomes
    assert len(triads.program_triads(group.admin, group.program_id)) == 2


def test_each_members_data_download_holds_the_triad_and_its_feedback(app: Growpath) -> None:
    group, view = formed_triad(app)
    observer = role_holder(group, view, "observer")
    triads.record_feedback(observer, view.id, FEEDBACK, "summarised twice", "ask what else")

    for ctx in group.people.values():
        (triad,) = personal_data.export_my_data(ctx)["triads"]
        assert triad["id"] == view.id
        assert [f["open_questions"] for f in triad["feedback"]] == [FEEDBACK]
