"""Organisation admins deactivate and reactivate accounts, on SQLite and PostgreSQL."""

from __future__ import annotations

from functools import partial

import pytest

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import (
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
)
from growpath.services import account_admin, accounts, audit, calendar_feeds, personal_data
from growpath.services.context import operator_context
from growpath.services.people_import import import_people
from tests.conftest import PASSWORD, make_account
from tests.factories import at_once, csv_bytes, org_rows
from tests.integration.conftest import Pair


def test_deactivating_ends_every_session_token_and_feed_and_refuses_logins(
    app: Growpath, running_pair: Pair
) -> None:
    admin = make_account(app, "boss@example.com", Role.ORG_ADMIN)
    mentee = running_pair.mentee
    login = accounts.start_session(app, mentee.actor)
    token = accounts.issue_token(app, mentee.actor).token
    feed = calendar_feeds.create_feed(mentee).url.rsplit("/", 1)[1].removesuffix(".ics")
    assert b"BEGIN:VCALENDAR" in calendar_feeds.feed_calendar(app, feed, "test")

    change = account_admin.deactivate(admin, mentee.actor.user_id)

    assert change.changed and not change.account.is_active
    assert accounts.actor_for_session(app, *login.cookie_values()) is None
    assert accounts.actor_for_token(app, token) is None
    with pytest.raises(NotFound):
        calendar_feeds.feed_calendar(app, feed, "test")
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, "person13@example.com", PASSWORD)
    (event,) = audit.query_audit(admin, action="account.deactivate")
    assert event.target_id == str(mentee.actor.user_id)


def test_reactivating_lets_the_account_log_in_again_with_its_own_password(
    app: Growpath, running_pair: Pair
) -> None:
    admin = make_account(app, "boss@example.com", Role.ORG_ADMIN)
    user_id = running_pair.mentee.actor.user_id
    account_admin.deactivate(admin, user_id)

    change = account_admin.reactivate(admin, user_id)

    assert change.changed and change.account.is_active
    assert accounts.authenticate(app, "person13@example.com", PASSWORD).user_id == user_id
    (event,) = audit.query_audit(admin, action="account.reactivate")
    assert event.target_id == str(user_id)


def test_deactivating_twice_says_so_and_changes_nothing(app: Growpath) -> None:
    admin = make_account(app, "boss@example.com", Role.ORG_ADMIN)
    other = make_account(app, "other@example.com")
    account_admin.deactivate(admin, other.actor.user_id)

    again = account_admin.deactivate(admin, other.actor.user_id)

    assert not again.changed and "already deactivated" in again.summary
    assert len(audit.query_audit(admin, action="account.deactivate")) == 1
    assert not account_admin.reactivate(admin, admin.actor.user_id).changed


def test_an_admin_cannot_deactivate_their_own_account(app: Growpath) -> None:
    admin = make_account(app, "boss@example.com", Role.ORG_ADMIN)
    make_account(app, "second@example.com", Role.ORG_ADMIN)
    with pytest.raises(Conflict, match="your own account"):
        account_admin.deactivate(admin, admin.actor.user_id)
    assert accounts.authenticate(app, "boss@example.com", PASSWORD).is_org_admin


def test_the_last_active_org_admin_cannot_be_deactivated(app: Growpath) -> None:
    admin = make_account(app, "boss@example.com", Role.ORG_ADMIN)
    second = make_account(app, "second@example.com", Role.ORG_ADMIN)
    account_admin.deactivate(admin, second.actor.user_id)
    with pytest.raises(Conflict, match="last active organisation admin"):
        account_admin.deactivate(operator_context(app), admin.actor.user_id)
    assert accounts.authenticate(app, "boss@example.com", PASSWORD).is_org_admin


def test_only_org_admins_list_or_deactivate_accounts(app: Growpath) -> None:
    program_admin = make_account(app, "runner@example.com", Role.PROGRAM_ADMIN)
    other = make_account(app, "other@example.com")
    with pytest.raises(PermissionDenied):
        account_admin.list_accounts(program_admin)
    with pytest.raises(PermissionDenied):
        account_admin.deactivate(program_admin, other.actor.user_id)
    with pytest.raises(PermissionDenied):
        account_admin.reactivate(program_admin, other.actor.user_id)
    assert accounts.authenticate(app, "other@example.com", PASSWORD).user_id


def test_the_list_shows_person_roles_last_login_and_filters_by_email(
    app: Growpath, running_pair: Pair
) -> None:
    admin = make_account(app, "boss@example.com", Role.ORG_ADMIN)
    listed = {a.email: a for a in account_admin.list_accounts(admin)}
    assert list(listed) == sorted(listed)
    mentee = listed["person13@example.com"]
    assert mentee.name and mentee.roles == ["participant"] and mentee.is_active
    assert mentee.last_login_at is not None
    found = account_admin.list_accounts(admin, "PERSON1")
    assert [a.email for a in found] == ["person13@example.com", "person17@example.com"]
    assert account_admin.list_accounts(admin, "%") == []


def test_an_erased_persons_account_is_not_listed_nor_reopened(
    app: Growpath, running_pair: Pair
) -> None:
    admin = make_account(app, "boss@example.com", Role.ORG_ADMIN)
    mentee = running_pair.mentee
    assert mentee.actor.person_id is not None
    personal_data.erase_person(admin, mentee.actor.person_id)
    assert "person13" not in str(account_admin.list_accounts(admin))
    with pytest.raises(NotFound):
        account_admin.reactivate(admin, mentee.actor.user_id)


ROUNDS = 6


def test_two_admins_deactivating_each_other_at_once_leave_one_active_admin(
    app: Growpath,
) -> None:
    keeper = make_account(app, "admin0@example.com", Role.ORG_ADMIN)
    for n in range(1, ROUNDS + 1):
        # Each round starts with exactly two active organisation admins, racing each other.
        other = make_account(app, f"admin{n}@example.com", Role.ORG_ADMIN)
        outcomes = at_once(
            partial(account_admin.deactivate, keeper, other.actor.user_id),
            partial(account_admin.deactivate, other, keeper.actor.user_id),
        )
        assert outcomes == ["Conflict", "done"], f"round {n}"
        with app.uow() as uow:
            assert uow.users.count_active_org_admins() == 1, f"round {n}"
            keeper = next(
                ctx
                for ctx in (keeper, other)
                if (user := uow.users.get(ctx.actor.user_id)) is not None and user.is_active
            )


def test_two_admins_erasing_each_other_at_once_leave_one_active_admin(app: Growpath) -> None:
    operator = operator_context(app)
    import_people(operator, csv_bytes(org_rows(4)), "people.csv")
    first = make_account(app, "person1@example.com", Role.ORG_ADMIN)
    second = make_account(app, "person2@example.com", Role.ORG_ADMIN)
    assert first.actor.person_id is not None and second.actor.person_id is not None

    outcomes = at_once(
        lambda: personal_data.erase_person(first, second.actor.person_id or 0),
        lambda: personal_data.erase_person(second, first.actor.person_id or 0),
    )

    assert outcomes == ["Conflict", "done"]
    with app.uow() as uow:
        assert uow.users.count_active_org_admins() == 1
