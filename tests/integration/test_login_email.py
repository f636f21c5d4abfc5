"""Login e-mail changes on SQLite and PostgreSQL: nothing moves until the new address confirms,
logged in as the owner, and the old address hears of every step."""

from __future__ import annotations

import pytest

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.emailed_links import DeadLink
from growpath.domain.errors import AuthenticationFailed, Conflict
from growpath.services import accounts, invitations, login_email, password_resets, people
from growpath.services.context import Context
from growpath.services.people_import import import_people
from tests.conftest import PASSWORD, make_account
from tests.factories import csv_bytes, org_rows
from tests.mailbox import mail_to, mailed_token

OWNER = "person4@example.com"
ADMIN = "person0@example.com"
ADMINS_OWN = "admin.private@example.com"


@pytest.fixture
def org(app: Growpath, operator: Context) -> tuple[Context, Context]:
    """An org admin and a participant with an account, in a 10-person organisation."""
    import_people(operator, csv_bytes(org_rows(10)), "people.csv")
    return make_account(app, ADMIN, Role.ORG_ADMIN), make_account(app, OWNER)


def test_an_admin_changed_email_does_not_redirect_mail_or_login_until_the_new_address_confirms(
    app: Growpath, org: tuple[Context, Context]
) -> None:
    admin, owner = org
    person_id = owner.actor.person_id
    assert person_id is not None
    shown = people.update_person(admin, person_id, {"email": ADMINS_OWN})
    assert shown.email == OWNER  # the record, and so every nudge, still goes to the owner
    assert accounts.authenticate(app, OWNER, PASSWORD).email == OWNER
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, ADMINS_OWN, PASSWORD)
    # A reset asked for at the admin's address finds no account there.
    password_resets.request_reset(app, ADMINS_OWN)
    assert not any("/password-reset/" in body for body in mail_to(app, ADMINS_OWN))


def test_the_old_address_is_told_when_an_admin_changes_a_login_email(
    app: Growpath, org: tuple[Context, Context]
) -> None:
    admin, owner = org
    assert owner.actor.person_id is not None
    people.update_person(admin, owner.actor.person_id, {"email": ADMINS_OWN})
    (notice,) = mail_to(app, OWNER)
    assert ADMINS_OWN in notice and "being changed" in notice
    assert "/account/email/" not in notice  # the link goes to the new address only


def test_an_admin_holding_the_new_mailbox_cannot_confirm_the_change_without_the_owners_login(
    app: Growpath, org: tuple[Context, Context]
) -> None:
    admin, owner = org
    assert owner.actor.person_id is not None
    people.update_person(admin, owner.actor.person_id, {"email": ADMINS_OWN})
    token = mailed_token(app, ADMINS_OWN, "/account/email")
    with pytest.raises(DeadLink):
        login_email.confirm_change(admin, token)
    assert accounts.authenticate(app, OWNER, PASSWORD).email == OWNER
    # The owner, logged in, confirms: login and mail move; the old address is told.
    assert login_email.confirm_change(owner, token).email == ADMINS_OWN
    assert people.get_person(admin, owner.actor.person_id).email == ADMINS_OWN
    assert "is now" in mail_to(app, OWNER)[-1]
    with pytest.raises(DeadLink):
        login_email.confirm_change(owner, token)


def test_a_person_without_an_account_moves_at_once_and_the_old_address_is_told(
    app: Growpath, org: tuple[Context, Context]
) -> None:
    admin, _ = org
    moved = people.update_person(admin, 8, {"email": "new.eight@example.com"})
    assert moved.email == "new.eight@example.com"
    (notice,) = mail_to(app, "person7@example.com")
    assert "new.eight@example.com" in notice


def test_a_self_service_change_switches_the_login_only_after_confirmation(
    app: Growpath, org: tuple[Context, Context]
) -> None:
    _, owner = org
    login_email.request_my_change(owner, "Owner.New@Example.com")
    assert accounts.authenticate(app, OWNER, PASSWORD).email == OWNER
    assert "being changed" in mail_to(app, OWNER)[-1]
    token = mailed_token(app, "owner.new@example.com", "/account/email")
    login_email.confirm_change(owner, token)
    assert accounts.authenticate(app, "owner.new@example.com", PASSWORD).email == (
        "owner.new@example.com"
    )


def test_a_login_cannot_move_to_an_address_that_belongs_to_someone_else(
    app: Growpath, org: tuple[Context, Context]
) -> None:
    admin, owner = org
    with pytest.raises(Conflict):
        login_email.request_my_change(owner, ADMIN)
    invitations.invite(admin, "outsider@example.com", set())
    with pytest.raises(Conflict):
        login_email.request_my_change(owner, "person6@example.com")
