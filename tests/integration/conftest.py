"""Integration fixtures: an organisation with a running engagement."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from growpath.services.people_import import import_people
from tests.conftest import make_account
from tests.factories import csv_bytes, org_rows, person_row, started_engagement


@dataclass(frozen=True)
class Pair:
    """A running engagement and the contexts of its two members."""

    engagement_id: int
    mentee: Context
    mentor: Context
    admin: Context


@pytest.fixture
def running_pair(app: Growpath) -> Pair:
    """A mentoring relationship between person 13 and person 17, started."""
    operator = operator_context(app)
    import_people(operator, csv_bytes(org_rows(20)), "people.csv")
    ensure_catalogue(operator)
    admin = make_account(app, "admin@example.com", Role.PROGRAM_ADMIN)
    mentee = make_account(app, "person13@example.com")
    mentor = make_account(app, "person17@example.com")
    return Pair(started_engagement(admin, mentee, mentor), mentee, mentor, admin)


def seed_two_teams(app: Growpath, size: int) -> None:
    """Import people 0 and 1, who lead two departments, and size - 2 reports; add the framework."""
    rows = [
        person_row(0, department="Platform", seniority_level="8"),
        person_row(1, department="Data", seniority_level="8"),
    ]
    rows += [
        person_row(
            n,
            department=["Platform", "Data"][n % 2],
            manager_email=f"person{n % 2}@example.com",
            seniority_level=str(2 + n % 5),
        )
        for n in range(2, size)
    ]
    operator = operator_context(app)
    import_people(operator, csv_bytes(rows), "people.csv")
    ensure_catalogue(operator)


@pytest.fixture
def org(app: Growpath) -> Growpath:
    """Twelve people in two departments with one manager each, and the competency framework."""
    seed_two_teams(app, 12)
    return app
