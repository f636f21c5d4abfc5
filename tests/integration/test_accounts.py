"""Accounts on SQLite and PostgreSQL: first admin, login lockout, tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import AuthenticationFailed, Conflict, InvalidInput
from growpath.services import accounts, people
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from growpath.services.people_import import import_people
from tests.conftest import PASSWORD, make_account
from tests.factories import csv_bytes, org_rows, started_engagement


def test_init_creates_an_org_admin_whose_one_time_password_logs_in(app: Growpath) -> None:
    password = accounts.init_admin(app, "Admin@Example.com")
    actor = accounts.authenticate(app, "admin@example.com", password)
    assert actor.is_org_admin


def test_init_refuses_to_run_twice(app: Growpath) -> None:
    accounts.init_admin(app, "admin@example.com")
    with pytest.raises(Conflict, match="already initialised"):
        accounts.init_admin(app, "other@example.com")


def test_a_weak_password_or_bad_email_is_refused(app: Growpath) -> None:
    with pytest.raises(InvalidInput, match="password"):
        accounts.create_account(app, "a@example.com", {Role.PARTICIPANT}, "short")
    with pytest.raises(InvalidInput, match="email"):
        accounts.create_account(app, "nope", {Role.PARTICIPANT}, PASSWORD)


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(app: Growpath) -> None:
    accounts.create_account(app, "a@example.com", {Role.PARTICIPANT}, PASSWORD)
    with pytest.raises(AuthenticationFailed) as wrong:
        accounts.authenticate(app, "a@example.com", "wrong-password-123")
    with pytest.raises(AuthenticationFailed) as unknown:
        accounts.authenticate(app, "b@example.com", PASSWORD)
    assert wrong.value.message == unknown.value.message


def test_repeated_failures_throttle_the_address_for_a_while(
    app: Growpath, clock: FixedClock
) -> None:
    accounts.create_account(app, "a@example.com", {Role.PARTICIPANT}, PASSWORD)
    for _ in range(accounts.MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(app, "a@example.com", "wrong-password-123")
    with pytest.raises(AuthenticationFailed, match="wrong e-mail or password"):
        accounts.authenticate(app, "a@example.com", PASSWORD)
    clock.advance(accounts.LOCKOUT + timedelta(seconds=1))
    assert accounts.authenticate(app, "a@example.com", PASSWORD).email == "a@example.com"


def test_a_token_stands_for_its_account_until_it_expires(app: Growpath, clock: FixedClock) -> None:
    accounts.create_account(app, "a@example.com", {Role.PROGRAM_ADMIN}, PASSWORD)
    actor = accounts.authenticate(app, "a@example.com", PASSWORD)
    issued = accounts.issue_token(app, actor)
    found = accounts.actor_for_token(app, issued.token)
    assert found is not None and found.is_admin
    assert accounts.actor_for_token(app, issued.token + "x") is None
    clock.advance(accounts.TOKEN_LIFETIME + timedelta(seconds=1))
    assert accounts.actor_for_token(app, issued.token) is None


def test_the_first_admin_must_replace_the_one_time_password(app: Growpath) -> None:
    one_time = accounts.init_admin(app, "admin@example.com")
    actor = accounts.authenticate(app, "admin@example.com", one_time)
    assert actor.must_change_password
    ctx = Context(app=app, actor=actor)
    changed = accounts.change_password(ctx, one_time, PASSWORD)
    assert not changed.must_change_password
    assert accounts.authenticate(app, "admin@example.com", PASSWORD).email == "admin@example.com"


def test_changing_the_password_ends_other_login_sessions(app: Growpath) -> None:
    accounts.create_account(app, "a@example.com", {Role.PARTICIPANT}, PASSWORD)
    actor = accounts.authenticate(app, "a@example.com", PASSWORD)
    login = accounts.start_session(app, actor)
    assert accounts.actor_for_session(app, *login.cookie_values()) is not None
    accounts.change_password(Context(app=app, actor=actor), PASSWORD, "another-good-pass-2")
    assert accounts.actor_for_session(app, *login.cookie_values()) is None


def test_a_wrong_current_password_or_weak_new_one_is_refused_naming_the_field(
    app: Growpath,
) -> None:
    accounts.create_account(app, "a@example.com", {Role.PARTICIPANT}, PASSWORD)
    ctx = Context(app=app, actor=accounts.authenticate(app, "a@example.com", PASSWORD))
    with pytest.raises(InvalidInput) as refused:
        accounts.change_password(ctx, "not-the-password-1", "short")
    assert [p.field for p in refused.value.problems] == ["current_password", "new_password"]
    assert accounts.authenticate(app, "a@example.com", PASSWORD).email == "a@example.com"


def test_a_person_edits_their_own_profile_but_not_their_hr_record(app: Growpath) -> None:
    import_people(operator_context(app), csv_bytes(org_rows(5)), "people.csv")
    me = make_account(app, "person3@example.com")
    person_id = me.actor.person_id
    assert person_id is not None
    updated = people.update_my_profile(me, {"skills": "go:4; writing:2", "languages": "en; fr"})
    assert updated.skills == {"go": 4, "writing": 2} and tuple(updated.languages) == ("en", "fr")
    with pytest.raises(InvalidInput) as refused:
        people.update_my_profile(me, {"department": "Sales", "bio": "New bio"})
    assert [(p.field, p.reason) for p in refused.value.problems] == [
        ("department", "comes from your organisation's HR records; ask an admin")
    ]
    with pytest.raises(InvalidInput) as bad:
        people.update_my_profile(me, {"skills": "go:9"})
    assert [p.field for p in bad.value.problems] == ["skills"]
    unchanged = people.get_person(me, person_id)
    assert unchanged.department == "Platform" and unchanged.skills == {"go": 4, "writing": 2}


def test_the_actor_of_a_login_says_whether_it_guides_anyone(app: Growpath) -> None:
    import_people(operator_context(app), csv_bytes(org_rows(20)), "people.csv")
    ensure_catalogue(operator_context(app))
    admin = make_account(app, "person0@example.com", Role.ORG_ADMIN)
    mentee = make_account(app, "person13@example.com")
    mentor = make_account(app, "person17@example.com")
    assert not mentor.actor.is_guide and not admin.actor.is_guide
    started_engagement(admin, mentee, mentor)
    for ctx, guides in ((mentor, True), (mentee, False), (admin, False)):
        login = accounts.start_session(app, ctx.actor)
        found = accounts.actor_for_session(app, login.user_id, login.epoch, login.session_id)
        assert found is not None and found.is_guide is guides, ctx.actor.email
    assert accounts.authenticate(app, "person17@example.com", PASSWORD).is_guide
