"""A person deprovisioned by SCIM gets no account by any path until the identity provider
lets them in again: invitation, the operator, an admin's reactivation, a password reset."""

from __future__ import annotations

from dataclasses import replace

import pytest

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import AuthenticationFailed
from growpath.domain.provisioning import Deprovisioned
from growpath.services import (
    account_admin,
    accounts,
    invitations,
    password_resets,
    people,
    provisioning,
    scim_tokens,
)
from growpath.services.context import Context
from growpath.services.people_import import import_people
from growpath.services.single_sign_on import SsoIdentity, admit
from tests.conftest import PASSWORD, make_account
from tests.factories import csv_bytes, org_rows
from tests.mailbox import mail_to, mailed_token

WHY = "deprovisioned by the identity provider"
CHOSEN = "the-invitee-chose-this-1"


@pytest.fixture
def admin(app: Growpath, operator: Context) -> Context:
    """An org admin in a 10-person organisation."""
    import_people(operator, csv_bytes(org_rows(10)), "people.csv")
    return make_account(app, "person0@example.com", Role.ORG_ADMIN)


@pytest.fixture
def provider(app: Growpath) -> Context:
    """The identity provider, acting through its SCIM token."""
    ctx = scim_tokens.scim_context(app, scim_tokens.create_token(app, "idp").token, "idp")
    assert ctx is not None
    return ctx


def _person_id(app: Growpath, email: str) -> int:
    with app.uow() as uow:
        person = uow.people.by_email(email)
        assert person is not None
        return person.id


def _set_active(provider: Context, person_id: int, active: bool) -> None:
    provisioning.change_person(provider, person_id, lambda p: replace(p.wanted(), active=active))


def _has_account(app: Growpath, email: str) -> bool:
    with app.uow() as uow:
        return uow.users.by_email(email) is not None


def test_a_deprovisioned_person_is_not_invited_and_an_earlier_invitation_does_not_open(
    app: Growpath, admin: Context, provider: Context
) -> None:
    invitee = "person5@example.com"
    sent = invitations.invite(admin, invitee, {Role.PARTICIPANT})
    token = mailed_token(app, invitee, "/invitations")

    _set_active(provider, _person_id(app, invitee), False)

    with pytest.raises(Deprovisioned, match=WHY):
        invitations.invited_email(app, token)
    with pytest.raises(Deprovisioned, match=WHY):
        invitations.accept(app, token, CHOSEN)
    with pytest.raises(Deprovisioned, match=f"cannot invite for {invitee}: .*{WHY}"):
        invitations.invite(admin, invitee, {Role.PARTICIPANT})
    with pytest.raises(Deprovisioned, match=WHY):
        invitations.resend(admin, sent.id)
    # The operator's own path (growpath init, the demo) is closed too.
    with pytest.raises(Deprovisioned, match=f"cannot create an account for {invitee}"):
        accounts.create_account(app, invitee, {Role.PARTICIPANT}, PASSWORD)
    assert not _has_account(app, invitee)

    # The identity provider, and only it, lets them in again.
    _set_active(provider, _person_id(app, invitee), True)
    assert invitations.accept(app, token, CHOSEN).email == invitee


def test_a_deleted_person_moved_to_another_address_is_still_not_invited(
    app: Growpath, admin: Context, provider: Context
) -> None:
    person_id = _person_id(app, "person7@example.com")
    provisioning.delete_person(provider, person_id)
    # Without an account the address moves at once; the person behind it is the same.
    people.update_person(admin, person_id, {"email": "elsewhere@example.com"})
    with pytest.raises(Deprovisioned, match=WHY):
        invitations.invite(admin, "elsewhere@example.com", {Role.PARTICIPANT})
    assert not _has_account(app, "elsewhere@example.com")


def test_an_admin_cannot_reactivate_a_deprovisioned_account_nor_reset_its_password(
    app: Growpath, admin: Context, provider: Context
) -> None:
    member = make_account(app, "person6@example.com")
    password_resets.request_reset(app, "person6@example.com")
    token = mailed_token(app, "person6@example.com", "/password-reset")

    _set_active(provider, _person_id(app, "person6@example.com"), False)

    with pytest.raises(Deprovisioned, match=f"cannot reactivate the account .*{WHY}"):
        account_admin.reactivate(admin, member.actor.user_id)
    with pytest.raises(Deprovisioned, match=f"cannot reset the password .*{WHY}"):
        password_resets.reset_email(app, token)
    with pytest.raises(Deprovisioned, match=WHY):
        password_resets.reset_password(app, token, "a-new-password-of-mine-2")
    mailed = len(mail_to(app, "person6@example.com"))
    password_resets.request_reset(app, "person6@example.com")
    assert len(mail_to(app, "person6@example.com")) == mailed  # no new link
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, "person6@example.com", PASSWORD)
    assert not account_admin.list_accounts(admin, "person6")[0].is_active

    _set_active(provider, _person_id(app, "person6@example.com"), True)
    assert accounts.authenticate(app, "person6@example.com", PASSWORD).user_id


def test_a_deprovisioned_person_gets_no_account_by_single_sign_on_until_reprovisioned(
    app: Growpath, admin: Context, provider: Context
) -> None:
    person_id = _person_id(app, "person5@example.com")
    _set_active(provider, person_id, False)
    identity = SsoIdentity(
        provider="oidc", subject="sub-5", email="person5@example.com", employee_id=None
    )
    with pytest.raises(AuthenticationFailed, match="identity provider"):
        admit(app, identity, "203.0.113.5")
    assert not _has_account(app, "person5@example.com")
    _set_active(provider, person_id, True)
    assert admit(app, identity, "203.0.113.5").person_id == person_id
