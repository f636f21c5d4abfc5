"""The directory says a person left: on their leave date every way in closes and their open
proposals lapse, whether the date came in an import or arrives later (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import AuditEventRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import AuthenticationFailed
from growpath.domain.people import HRIS_FIELDS
from growpath.services import accounts, matching
from growpath.services.context import operator_context
from growpath.services.jobs import run_periodic_jobs
from growpath.services.people_import import ImportResult, import_people
from tests.conftest import PASSWORD, START, make_account
from tests.e2e.test_scim_deprovisioning import LEAVER, Offers, _enrol, _seats, _status, offers
from tests.factories import csv_bytes, org_rows

__all__ = ["offers"]  # the fixture, shared with the SCIM deprovisioning tests


def _import_leave_date(app: Growpath, number: int, leave_date: str) -> ImportResult:
    rows = org_rows(20)
    rows[number]["leave_date"] = leave_date
    return import_people(operator_context(app), csv_bytes(rows, list(HRIS_FIELDS)), "people.csv")


def _left_events(app: Growpath) -> list[dict[str, object]]:
    with app.uow() as uow:
        events = uow.session.scalars(
            select(AuditEventRow).where(AuditEventRow.action == "person.left")
        ).all()
        return [dict(event.detail or {}) for event in events]


def _assert_withdrawn(app: Growpath, offers: Offers) -> None:
    for proposal in (offers.as_mentee, offers.as_guide, offers.unapproved):
        assert _status(app, proposal) == "withdrawn"
    assert _seats(app, offers.guide_a) == 0 and _seats(app, offers.leaver_guide_b) == 0


def test_an_import_that_says_a_person_left_closes_their_account_and_withdraws_offers(
    app: Growpath, offers: Offers
) -> None:
    token = accounts.issue_token(app, accounts.authenticate(app, LEAVER, PASSWORD)).token

    result = _import_leave_date(app, 13, (START.date() - timedelta(days=1)).isoformat())

    assert result.leavers_closed == 1
    assert "1 who left can no longer log in" in result.counts
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, LEAVER, PASSWORD)
    assert accounts.actor_for_token(app, token) is None
    _assert_withdrawn(app, offers)
    assert _left_events(app) == [{"account": True, "tokens_revoked": 1, "proposals_withdrawn": 3}]
    # The same file again changes nothing more.
    assert _import_leave_date(app, 13, "2026-01-04").leavers_closed == 0


def test_a_leave_date_ahead_closes_access_on_the_day_it_comes(
    app: Growpath, offers: Offers, clock: FixedClock
) -> None:
    result = _import_leave_date(app, 13, (START.date() + timedelta(days=3)).isoformat())
    assert result.leavers_closed == 0
    accounts.authenticate(app, LEAVER, PASSWORD)  # still here until then
    assert run_periodic_jobs(app).leavers == 0

    clock.advance(timedelta(days=3))
    report = run_periodic_jobs(app)

    assert report.leavers == 1
    assert "closed the access of 1 leaver(s)" in str(report)
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, LEAVER, PASSWORD)
    _assert_withdrawn(app, offers)


def test_the_last_organisation_admin_stays_when_the_directory_says_they_left(
    app: Growpath,
) -> None:
    import_people(operator_context(app), csv_bytes(org_rows(20)), "people.csv")
    make_account(app, "person0@example.com", Role.ORG_ADMIN)

    result = _import_leave_date(app, 0, (START.date() - timedelta(days=1)).isoformat())

    assert result.leavers_closed == 0
    accounts.authenticate(app, "person0@example.com", PASSWORD)
    run_periodic_jobs(app)  # within a day: said once
    assert _left_events(app) == [{"kept": "the last active organisation admin"}]


def test_a_new_run_leaves_a_leaver_out_and_offers_the_freed_seat_to_someone_else(
    app: Growpath, offers: Offers
) -> None:
    _import_leave_date(app, 13, (START.date() - timedelta(days=1)).isoformat())

    newcomer = make_account(app, "person15@example.com").actor.person_id
    _enrol(offers.admin, offers.program_a, newcomer, "mentee")
    rerun = matching.run_matching(offers.admin, offers.program_a)

    assert [p.mentee_person_id for p in rerun.proposals] == [newcomer]
