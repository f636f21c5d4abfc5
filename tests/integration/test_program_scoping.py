"""A program admin acts on the programs they administer and on nothing else (attack 4)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import InvalidInput, NotFound, PermissionDenied
from growpath.services import (
    audit,
    competencies,
    engagements,
    enrolment,
    health,
    match_runs,
    matching,
    people,
    program_admins,
    programs,
)
from growpath.services.context import Context, operator_context
from growpath.services.people_import import import_people
from tests.conftest import make_account
from tests.factories import csv_bytes, org_rows
from tests.integration.conftest import Pair


@dataclass(frozen=True)
class TwoPrograms:
    """The running pair's program, run by its admin, and another run by someone else."""

    pair: Pair
    program_id: int
    other: Context  # administers only the other program
    other_program_id: int


@pytest.fixture
def two(app: Growpath, running_pair: Pair) -> TwoPrograms:
    """A second program whose only program admin is person 3, who has no say in the first."""
    operator = operator_context(app)
    program_id = engagements.get_engagement(operator, running_pair.engagement_id).program_id
    other = make_account(app, "person3@example.com", Role.PROGRAM_ADMIN, Role.PARTICIPANT)
    other_program_id = programs.create_from_template(operator, "peer-circles", name="Circles").id
    program_admins.change_program_admins(operator, other_program_id, add=["person3@example.com"])
    return TwoPrograms(running_pair, program_id, other, other_program_id)


def test_a_program_admin_cannot_run_matching_in_a_program_they_do_not_administer(
    two: TwoPrograms,
) -> None:
    with pytest.raises(PermissionDenied, match="only an administrator of this program"):
        matching.run_matching(two.other, two.program_id)
    with pytest.raises(PermissionDenied):
        match_runs.list_runs(two.other, two.program_id)


def test_a_program_admin_cannot_review_or_approve_a_run_of_a_program_they_do_not_administer(
    two: TwoPrograms,
) -> None:
    (run,) = match_runs.list_runs(two.pair.admin, two.program_id)
    for act in (matching.get_run, matching.approve):
        with pytest.raises(PermissionDenied, match="the run's program"):
            act(two.other, run.id)
        # A run that does not exist answers the same, so run ids tell nothing.
        with pytest.raises(PermissionDenied, match="the run's program"):
            act(two.other, run.id + 1000)


def test_a_program_admin_cannot_change_open_or_close_a_program_they_do_not_administer(
    two: TwoPrograms,
) -> None:
    with pytest.raises(PermissionDenied):
        programs.update_program(two.other, two.program_id, {"purpose": "Mine now"})
    with pytest.raises(PermissionDenied):
        programs.update_program(two.other, two.program_id, {"matching": {"weights": {}}})
    with pytest.raises(PermissionDenied):
        programs.set_status(two.other, two.program_id, "closed")
    assert programs.get_program(two.pair.admin, two.program_id).status == "open"


def test_a_program_admin_cannot_see_the_enrolments_or_health_of_a_program_they_do_not_run(
    two: TwoPrograms,
) -> None:
    with pytest.raises(PermissionDenied):
        enrolment.list_enrolments(two.other, two.program_id)
    with pytest.raises(PermissionDenied):
        health.program_health(two.other, two.program_id)
    assert health.program_health(two.pair.admin, two.program_id)


def test_a_program_admin_cannot_enrol_withdraw_or_resize_in_a_program_they_do_not_administer(
    two: TwoPrograms,
) -> None:
    with pytest.raises(PermissionDenied):
        enrolment.enrol(
            two.other,
            two.program_id,
            "mentor",
            {"capacity": 3, "expertise": ["go"]},
            person_id=two.pair.mentee.actor.person_id,
        )
    guide = next(
        e for e in enrolment.list_enrolments(two.pair.admin, two.program_id) if e.role == "mentor"
    )
    with pytest.raises(NotFound):
        enrolment.set_capacity(two.other, guide.id, 5)
    with pytest.raises(NotFound):
        enrolment.withdraw(two.other, guide.id)
    assert enrolment.set_capacity(two.pair.admin, guide.id, 3).capacity == 3


def test_a_program_admin_cannot_move_an_engagement_of_a_program_they_do_not_administer(
    two: TwoPrograms,
) -> None:
    with pytest.raises(NotFound):
        engagements.get_engagement(two.other, two.pair.engagement_id)
    with pytest.raises(NotFound):
        engagements.change_engagement(two.other, two.pair.engagement_id, "pause")
    paused = engagements.change_engagement(two.pair.admin, two.pair.engagement_id, "pause")
    assert paused.status == "paused"


def test_a_program_admin_cannot_change_people_outside_their_programs(two: TwoPrograms) -> None:
    mentee = two.pair.mentee.actor.person_id
    assert mentee is not None
    with pytest.raises(PermissionDenied, match="enrolled in"):
        people.update_person(two.other, mentee, {"title": "Leaver"})
    assert people.update_person(two.pair.admin, mentee, {"title": "Staff"}).title == "Staff"


def test_a_program_admin_cannot_rewrite_the_hr_records_by_an_import(two: TwoPrograms) -> None:
    # An import changes everyone's record, identity fields included: the HR records, not a
    # program admin's file, decide who reports to whom.
    rows = org_rows(20)
    rows[13]["manager_email"] = "person3@example.com"
    with pytest.raises(PermissionDenied, match="organisation administrator"):
        import_people(two.other, csv_bytes(rows), "people.csv")


def test_a_program_admin_cannot_edit_the_competency_framework_every_program_uses(
    two: TwoPrograms,
) -> None:
    with pytest.raises(PermissionDenied, match="organisation administrator"):
        competencies.update_competency(two.other, "feedback", {"description": "Mine"})


def test_a_program_admin_lists_only_the_programs_they_administer(two: TwoPrograms) -> None:
    assert [p.id for p in programs.list_programs(two.other, administered=True)] == [
        two.other_program_id
    ]
    assert set(health.program_pulse(two.other)) <= {two.other_program_id}
    assert two.program_id in health.program_pulse(two.pair.admin)
    # As a participant they still see every open program, to enrol in.
    assert two.program_id in [p.id for p in programs.list_programs(two.other)]
    draft = programs.create_from_template(two.pair.admin, "flash-mentoring", name="Flash").id
    with pytest.raises(NotFound):
        programs.get_program(two.other, draft)


def test_a_program_admin_who_creates_a_program_administers_it(two: TwoPrograms) -> None:
    created = programs.create_from_template(two.other, "reverse-mentoring", name="Reverse")
    assert programs.set_status(two.other, created.id, "open").status == "open"
    names = [a.email for a in program_admins.list_program_admins(two.other, created.id)]
    assert names == ["person3@example.com"]


def test_only_an_org_admin_names_a_programs_admins_and_each_change_is_audited(
    app: Growpath, two: TwoPrograms
) -> None:
    with pytest.raises(PermissionDenied, match="organisation administrator"):
        program_admins.change_program_admins(
            two.other, two.other_program_id, add=["admin@example.com"]
        )
    root = make_account(app, "root@example.com", Role.ORG_ADMIN)
    with pytest.raises(InvalidInput, match="no account has the e-mail"):
        program_admins.set_program_admins(
            root, two.program_id, ["person3@example.com", "nobody@example.com"]
        )
    assert [a.email for a in program_admins.list_program_admins(root, two.program_id)] == [
        "admin@example.com"
    ]  # all or nothing
    program_admins.set_program_admins(root, two.program_id, ["person3@example.com"])
    assert engagements.get_engagement(two.other, two.pair.engagement_id).id
    with pytest.raises(PermissionDenied):
        matching.run_matching(two.pair.admin, two.program_id)  # taken off: at once
    actions = [e.action for e in audit.query_audit(root, action="program.admin")]
    assert sorted(actions[:2]) == ["program.admin_grant", "program.admin_revoke"]
