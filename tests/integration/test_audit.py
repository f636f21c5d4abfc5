"""The audit trail records who did what, and only an organisation admin reads it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import (
    AuthenticationFailed,
    InvalidInput,
    PermissionDenied,
    TooManyAttempts,
)
from growpath.services import accounts, audit
from growpath.services.people_import import import_people
from tests.conftest import PASSWORD, make_account
from tests.factories import csv_bytes, org_rows


def test_logins_imports_and_denials_are_recorded_and_filtered(
    app: Growpath, clock: FixedClock
) -> None:
    admin = make_account(app, "root@example.com", Role.ORG_ADMIN)
    import_people(admin, csv_bytes(org_rows(3)), "people.csv")
    clock.advance(timedelta(minutes=5))
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, "root@example.com", "wrong-password-123")
    events = audit.query_audit(admin)
    assert [e.action for e in events][:3] == ["login", "people.import", "login"]
    assert events[0].outcome == "denied"
    assert events[1].actor_email == "root@example.com"
    denied = audit.query_audit(admin, outcome="denied")
    assert all(e.outcome == "denied" for e in denied) and denied
    recent = audit.query_audit(admin, action="login", since=clock.now() - timedelta(minutes=1))
    assert [e.outcome for e in recent] == ["denied"]
    assert audit.query_audit(admin, action="audit.")[0].action == "audit.read"


def test_only_an_org_admin_reads_the_trail(app: Growpath) -> None:
    with pytest.raises(PermissionDenied):
        audit.query_audit(make_account(app, "padmin@example.com", Role.PROGRAM_ADMIN))


def test_a_bad_audit_query_names_the_field(app: Growpath) -> None:
    admin = make_account(app, "root@example.com", Role.ORG_ADMIN)
    with pytest.raises(InvalidInput, match="limit"):
        audit.query_audit(admin, limit=0)


def test_many_failed_logins_from_one_address_slow_it_down(app: Growpath) -> None:
    make_account(app, "real@example.com")
    for n in range(accounts.MAX_FAILURES_PER_ADDRESS):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(
                app, f"guess{n}@example.com", "wrong-password-1", source_address="203.0.113.9"
            )
    with pytest.raises(TooManyAttempts):
        accounts.authenticate(app, "real@example.com", PASSWORD, source_address="203.0.113.9")
    assert (
        accounts.authenticate(
            app, "real@example.com", PASSWORD, source_address="198.51.100.7"
        ).email
        == "real@example.com"
    )
