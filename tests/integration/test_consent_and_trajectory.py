"""A manager sees a consenting report's trajectory, never content; consent can be withdrawn."""

from __future__ import annotations

from datetime import timedelta

import pytest

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import InvalidInput, NotFound, PermissionDenied
from growpath.services import accounts, consents, goals, people, sessions, trajectory
from growpath.services.context import Context
from growpath.services.people_import import import_people
from tests.conftest import make_account
from tests.factories import csv_bytes, org_rows
from tests.integration.conftest import Pair


def test_a_manager_sees_the_trajectory_only_while_the_report_consents(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    manager = make_account(app, "person4@example.com")  # person 13's manager
    session = sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(hours=1)
    )
    sessions.hold(running_pair.mentor, session.id, shared_notes={"goal": "secret plan"})
    goals.rate(running_pair.mentee, running_pair.engagement_id, "feedback", "baseline", 2)
    goals.rate(running_pair.mentee, running_pair.engagement_id, "feedback", "midpoint", 4)
    person_id = running_pair.mentee.actor.person_id
    assert person_id is not None
    assert trajectory.my_reports(manager)[0][2] is False
    with pytest.raises(PermissionDenied, match="has not chosen to share"):
        trajectory.report_trajectory(manager, person_id)
    consents.set_consent(running_pair.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    seen = trajectory.report_trajectory(manager, person_id)
    (engagement,) = seen.engagements
    assert (engagement.sessions_held, engagement.goals_total) == (1, 0)
    assert [(g.competency_key, g.change) for g in engagement.growth] == [("feedback", 2)]
    assert "secret plan" not in repr(seen)
    consents.set_consent(running_pair.mentee, consents.MANAGER_TRAJECTORY, granted=False)
    with pytest.raises(PermissionDenied):
        trajectory.report_trajectory(manager, person_id)


def test_only_the_direct_manager_may_ask(app: Growpath, running_pair: Pair) -> None:
    consents.set_consent(running_pair.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    person_id = running_pair.mentee.actor.person_id
    assert person_id is not None
    for outsider in (
        running_pair.admin,
        running_pair.mentor,
        make_account(app, "person1@example.com"),
    ):  # skip-level manager
        with pytest.raises(NotFound):
            trajectory.report_trajectory(outsider, person_id)


def test_an_unknown_consent_kind_is_refused(running_pair: Pair) -> None:
    with pytest.raises(InvalidInput, match="kind"):
        consents.set_consent(running_pair.mentee, "everything", granted=True)


def test_logging_out_everywhere_revokes_tokens_and_sessions(
    app: Growpath, running_pair: Pair
) -> None:
    issued = accounts.issue_token(app, running_pair.mentee.actor)
    login = accounts.start_session(app, running_pair.mentee.actor)
    assert accounts.logout_everywhere(running_pair.mentee) == 1
    assert accounts.actor_for_token(app, issued.token) is None
    assert accounts.actor_for_session(app, *login.cookie_values()) is None


def test_a_program_admin_cannot_make_themselves_someones_manager(
    app: Growpath, running_pair: Pair
) -> None:
    person_id = running_pair.mentee.actor.person_id
    assert person_id is not None
    for field, value in (
        ("manager_email", "admin@example.com"),
        ("email", "admin+redirect@example.com"),
        ("department", "Elsewhere"),
        ("seniority_level", 9),
    ):
        with pytest.raises(PermissionDenied, match="organisation administrator"):
            people.update_person(running_pair.admin, person_id, {field: value})
    # Fields that are not who the person is stay open to program admins.
    assert people.update_person(running_pair.admin, person_id, {"title": "Lead"}).title == "Lead"


def test_a_new_manager_starts_without_the_consent_the_old_manager_had(
    app: Growpath, running_pair: Pair
) -> None:
    person_id = running_pair.mentee.actor.person_id
    assert person_id is not None
    consents.set_consent(running_pair.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    org_admin = make_account(app, "person0@example.com", Role.ORG_ADMIN)
    new_manager = make_account(app, "person5@example.com")

    people.update_person(org_admin, person_id, {"manager_email": "person5@example.com"})

    with pytest.raises(PermissionDenied, match="has not chosen to share"):
        trajectory.report_trajectory(new_manager, person_id)


def test_an_hris_import_that_moves_a_person_to_another_manager_withdraws_the_consent(
    app: Growpath, running_pair: Pair, operator: Context
) -> None:
    person_id = running_pair.mentee.actor.person_id
    assert person_id is not None
    consents.set_consent(running_pair.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    rows = org_rows(20)
    rows[13]["manager_email"] = "person5@example.com"
    import_people(operator, csv_bytes(rows), "people.csv")
    new_manager = make_account(app, "person5@example.com")
    with pytest.raises(PermissionDenied, match="has not chosen to share"):
        trajectory.report_trajectory(new_manager, person_id)
    # Re-importing the same file changes no manager, and takes nothing away.
    consents.set_consent(running_pair.mentee, consents.MANAGER_TRAJECTORY, granted=True)
    import_people(operator, csv_bytes(rows), "people.csv")
    assert trajectory.report_trajectory(new_manager, person_id).engagements
