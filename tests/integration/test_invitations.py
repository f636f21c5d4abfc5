"""Invitations on SQLite and PostgreSQL: an admin never holds a way into someone's account."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select, text

from growpath.adapters import migrate
from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import AuditEventRow, EmailedLinkRow
from growpath.adapters.passwords import hash_password
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.emailed_links import LIFETIMES, DeadLink, LinkPurpose, LinkState
from growpath.domain.errors import AuthenticationFailed, Conflict, PermissionDenied
from growpath.services import accounts, invitations
from growpath.services.context import Context
from growpath.services.people_import import import_people
from tests.conftest import make_account
from tests.factories import csv_bytes, org_rows
from tests.mailbox import mail_to, mailed_token

INVITEE = "person5@example.com"
CHOSEN = "the-invitee-chose-this-1"


@pytest.fixture
def admin(app: Growpath, operator: Context) -> Context:
    """An org admin in a 10-person organisation."""
    import_people(operator, csv_bytes(org_rows(10)), "people.csv")
    return make_account(app, "person0@example.com", Role.ORG_ADMIN)


def test_an_admin_never_receives_an_invited_persons_password_or_link(
    app: Growpath, admin: Context
) -> None:
    sent = invitations.invite(admin, INVITEE, {Role.PARTICIPANT})
    token = mailed_token(app, INVITEE, "/invitations")
    assert token not in repr(sent) and token not in repr(invitations.list_invitations(admin))
    assert mail_to(app, "person0@example.com") == []  # nothing reaches the admin's mailbox
    with app.uow() as uow:
        trail = json.dumps(
            [(e.action, e.target_id, e.detail) for e in uow.session.scalars(select(AuditEventRow))]
        )
        stored = uow.session.scalars(select(EmailedLinkRow.token_digest)).all()
    assert token not in trail
    assert token not in stored  # only the digest is kept
    assert '"invitation.create"' in trail


def test_an_invitation_link_works_once_and_links_the_account_to_the_person(
    app: Growpath, admin: Context
) -> None:
    invitations.invite(admin, INVITEE, {Role.PARTICIPANT})
    token = mailed_token(app, INVITEE, "/invitations")
    actor = invitations.accept(app, token, CHOSEN)
    assert actor.email == INVITEE and actor.person_id is not None
    assert accounts.authenticate(app, INVITEE, CHOSEN).user_id == actor.user_id
    with pytest.raises(DeadLink):
        invitations.accept(app, token, "someone-else-tries-2")
    assert accounts.authenticate(app, INVITEE, CHOSEN).user_id == actor.user_id
    (listed,) = invitations.list_invitations(admin)
    assert listed.status is LinkState.ACCEPTED


def test_an_invitation_link_expires(app: Growpath, admin: Context, clock: FixedClock) -> None:
    invitations.invite(admin, INVITEE, set())
    token = mailed_token(app, INVITEE, "/invitations")
    clock.advance(LIFETIMES[LinkPurpose.INVITATION] + timedelta(seconds=1))
    with pytest.raises(DeadLink):
        invitations.accept(app, token, CHOSEN)
    assert invitations.list_invitations(admin)[0].status is LinkState.EXPIRED
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, INVITEE, CHOSEN)


def test_a_revoked_invitation_link_fails(app: Growpath, admin: Context) -> None:
    sent = invitations.invite(admin, INVITEE, set())
    token = mailed_token(app, INVITEE, "/invitations")
    assert invitations.revoke(admin, sent.id).status is LinkState.REVOKED
    with pytest.raises(DeadLink):
        invitations.accept(app, token, CHOSEN)


def test_a_resent_invitation_kills_the_old_link_and_the_new_one_works(
    app: Growpath, admin: Context, clock: FixedClock
) -> None:
    sent = invitations.invite(admin, INVITEE, set())
    old = mailed_token(app, INVITEE, "/invitations")
    clock.advance(timedelta(days=6))
    again = invitations.resend(admin, sent.id)
    new = mailed_token(app, INVITEE, "/invitations")
    assert new != old and again.id == sent.id
    assert again.expires_at == clock.now() + LIFETIMES[LinkPurpose.INVITATION]
    with pytest.raises(DeadLink):
        invitations.accept(app, old, CHOSEN)
    assert invitations.accept(app, new, CHOSEN).email == INVITEE


def test_inviting_an_address_that_has_an_account_is_a_conflict(
    app: Growpath, admin: Context
) -> None:
    with pytest.raises(Conflict, match="already exists"):
        invitations.invite(admin, "person0@example.com", set())


def test_a_program_admin_cannot_invite(app: Growpath, admin: Context) -> None:
    program_admin = make_account(app, "person1@example.com", Role.PROGRAM_ADMIN)
    with pytest.raises(PermissionDenied):
        invitations.invite(program_admin, INVITEE, {Role.ORG_ADMIN})


def test_a_one_time_password_an_admin_was_shown_before_the_upgrade_stops_working(
    app: Growpath, engine: Engine
) -> None:
    migrate.downgrade(engine, "0015")
    shown = "shown-to-the-admin-1"
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (email, password_hash, is_active, must_change_password, "
                "session_epoch, created_at) VALUES (:email, :hash, :yes, :yes, 0, :now)"
            ),
            {"email": INVITEE, "hash": hash_password(shown), "yes": True, "now": app.clock.now()},
        )
    migrate.upgrade(engine)
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, INVITEE, shown)
