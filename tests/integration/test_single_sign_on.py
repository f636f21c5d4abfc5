"""Who single sign-on lets in, as which account, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pytest
from sqlalchemy.exc import IntegrityError

from growpath.adapters.orm import SsoIdentityRow
from growpath.adapters.passwords import verify_password
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import AuthenticationFailed
from growpath.domain.people import HRIS_FIELDS
from growpath.services import account_admin, accounts, personal_data
from growpath.services.context import operator_context
from growpath.services.people_import import import_people
from growpath.services.single_sign_on import SsoIdentity, admit
from tests.conftest import PASSWORD, START, make_account
from tests.factories import at_once, csv_bytes, person_row

ADDRESS = "203.0.113.9"


@pytest.fixture
def directory(app: Growpath) -> Growpath:
    """Four people: 1 and 2 with employee ids, 3 who has left, 4 without an account yet."""
    rows = [
        person_row(1, employee_id="E1"),
        person_row(2, employee_id="E2"),
        person_row(3, employee_id="E3", leave_date="2025-12-31"),
        person_row(4),
    ]
    import_people(operator_context(app), csv_bytes(rows, list(HRIS_FIELDS)), "people.csv")
    return app


def _identity(subject: str = "sub-1", **fields: object) -> SsoIdentity:
    values: dict[str, object] = {
        "provider": "oidc",
        "subject": subject,
        "email": "person1@example.com",
        "employee_id": None,
    }
    values.update(fields)
    return SsoIdentity(**values)  # type: ignore[arg-type]


def _sso_events(app: Growpath) -> list[tuple[str, str, dict[str, object]]]:
    with app.uow() as uow:
        return [
            (row.outcome, row.target_id, row.detail)
            for row, _ in reversed(uow.audit.events(limit=50, action="login.sso"))
        ]


def test_a_person_in_the_directory_gets_an_account_just_in_time(directory: Growpath) -> None:
    actor = admit(directory, _identity(), ADDRESS)
    assert actor.email == "person1@example.com"
    assert actor.person_id is not None
    assert actor.roles == frozenset({Role.PARTICIPANT})
    with directory.uow() as uow:
        user = uow.users.get(actor.user_id)
        assert user is not None
        # No password anyone knows: not the empty one, not the subject.
        assert not verify_password(user.password_hash, "")
        assert not verify_password(user.password_hash, "sub-1")
        links = uow.sso_identities.of_user(actor.user_id)
        assert [(link.provider, link.subject) for link in links] == [("oidc", "sub-1")]
    [(outcome, target, detail)] = _sso_events(directory)
    assert (outcome, target) == ("allowed", str(actor.user_id))
    assert detail == {"provider": "oidc", "subject": "sub-1", "matched_by": "email"}


def test_a_later_login_finds_the_account_by_its_link_even_after_an_email_change(
    directory: Growpath,
) -> None:
    first = admit(directory, _identity(), ADDRESS)
    again = admit(directory, _identity(email="new-address@example.com"), ADDRESS)
    assert again.user_id == first.user_id
    assert _sso_events(directory)[-1][2]["matched_by"] == "link"


def test_a_person_is_matched_by_employee_id_when_the_email_is_unknown(
    directory: Growpath,
) -> None:
    actor = admit(directory, _identity(email="p2@other-domain.example", employee_id="E2"), ADDRESS)
    # The account carries the directory's address, not the one the provider sent.
    assert actor.email == "person2@example.com"
    assert _sso_events(directory)[-1][2]["matched_by"] == "employee_id"


def test_an_existing_local_account_is_linked_not_duplicated(directory: Growpath) -> None:
    local = make_account(directory, "person1@example.com", Role.PARTICIPANT)
    actor = admit(directory, _identity(), ADDRESS)
    assert actor.user_id == local.actor.user_id
    # Its own password still works: single sign-on adds a way in, takes none away.
    assert accounts.authenticate(directory, "person1@example.com", PASSWORD).user_id == (
        actor.user_id
    )


def test_someone_not_in_the_directory_is_refused_and_nothing_is_created(
    directory: Growpath,
) -> None:
    with pytest.raises(AuthenticationFailed, match="not in growpath's directory"):
        admit(directory, _identity(email="stranger@example.com"), ADDRESS)
    with directory.uow() as uow:
        assert uow.users.by_email("stranger@example.com") is None
        assert uow.people.by_email("stranger@example.com") is None
    [(outcome, target, detail)] = _sso_events(directory)
    assert (outcome, target) == ("denied", "sub-1")
    assert detail["provider"] == "oidc"
    assert "not in growpath's directory" in str(detail["reason"])


def test_the_setting_lets_single_sign_on_create_people(directory: Growpath) -> None:
    settings = directory.settings.model_copy(update={"sso_create_people": True})
    app = replace(directory, settings=settings)
    actor = admit(
        app,
        _identity(email="Newcomer@Example.com", employee_id="E9", name="New\nComer"),
        ADDRESS,
    )
    assert actor.email == "newcomer@example.com"
    with app.uow() as uow:
        person = uow.people.by_email("newcomer@example.com")
        assert person is not None
        assert (person.name, person.employee_id) == ("New Comer", "E9")


def test_a_new_person_needs_an_email(directory: Growpath) -> None:
    settings = directory.settings.model_copy(update={"sso_create_people": True})
    with pytest.raises(AuthenticationFailed, match="no usable e-mail"):
        admit(replace(directory, settings=settings), _identity(email="not an address"), ADDRESS)


def test_a_deactivated_account_is_refused(directory: Growpath) -> None:
    admin = make_account(directory, "admin@example.com", Role.ORG_ADMIN)
    actor = admit(directory, _identity(), ADDRESS)
    account_admin.deactivate(admin, actor.user_id)
    with pytest.raises(AuthenticationFailed, match="deactivated"):
        admit(directory, _identity(), ADDRESS)
    assert _sso_events(directory)[-1][0] == "denied"


def test_a_person_who_has_left_is_refused_and_gets_no_account(directory: Growpath) -> None:
    with pytest.raises(AuthenticationFailed, match="has left"):
        admit(directory, _identity(email="person3@example.com"), ADDRESS)
    with directory.uow() as uow:
        assert uow.users.by_email("person3@example.com") is None


def test_an_erased_person_is_refused(directory: Growpath) -> None:
    actor = admit(directory, _identity(email="person4@example.com", subject="s4"), ADDRESS)
    assert actor.person_id is not None
    personal_data.erase_person(operator_context(directory), actor.person_id)
    with pytest.raises(AuthenticationFailed):
        admit(directory, _identity(email="person4@example.com", subject="s4"), ADDRESS)


def test_an_email_and_employee_id_of_two_people_are_refused(directory: Growpath) -> None:
    with pytest.raises(AuthenticationFailed, match="two different people"):
        admit(directory, _identity(employee_id="E2"), ADDRESS)


def test_an_unknown_provider_or_empty_subject_is_refused(directory: Growpath) -> None:
    with pytest.raises(AuthenticationFailed, match="not offered"):
        admit(directory, _identity(provider="ldap"), ADDRESS)
    with pytest.raises(AuthenticationFailed, match="subject"):
        admit(directory, _identity(subject=""), ADDRESS)


def test_the_same_subject_of_another_provider_is_another_identity(directory: Growpath) -> None:
    by_oidc = admit(directory, _identity(subject="shared"), ADDRESS)
    by_saml = admit(
        directory,
        _identity(provider="saml", subject="shared", email="person2@example.com"),
        ADDRESS,
    )
    assert by_oidc.user_id != by_saml.user_id


def test_admin_groups_grant_and_withdraw_the_org_admin_role(directory: Growpath) -> None:
    make_account(directory, "admin@example.com", Role.ORG_ADMIN)
    settings = directory.settings.model_copy(update={"sso_admin_groups": "growpath-admins, it-ops"})
    app = replace(directory, settings=settings)
    admitted = admit(app, _identity(groups=frozenset({"it-ops", "staff"})), ADDRESS)
    assert Role.ORG_ADMIN in admitted.roles
    assert _sso_events(app)[-1][2]["roles"] == {"org_admin": "granted"}
    demoted = admit(app, _identity(groups=frozenset({"staff"})), ADDRESS)
    assert Role.ORG_ADMIN not in demoted.roles
    # Without the setting, groups change nothing.
    assert (
        Role.ORG_ADMIN
        not in admit(directory, _identity(groups=frozenset({"it-ops"})), ADDRESS).roles
    )


def test_groups_never_withdraw_the_last_active_org_admin(directory: Growpath) -> None:
    settings = directory.settings.model_copy(update={"sso_admin_groups": "growpath-admins"})
    app = replace(directory, settings=settings)
    assert (
        Role.ORG_ADMIN
        in admit(app, _identity(groups=frozenset({"growpath-admins"})), ADDRESS).roles
    )
    kept = admit(app, _identity(groups=frozenset()), ADDRESS)
    assert Role.ORG_ADMIN in kept.roles


def test_the_database_refuses_a_link_of_an_unknown_provider(directory: Growpath) -> None:
    actor = admit(directory, _identity(), ADDRESS)
    with directory.uow() as uow, pytest.raises(IntegrityError, match="provider_valid"):
        uow.sso_identities.add(
            SsoIdentityRow(provider="ldap", subject="x", user_id=actor.user_id, created_at=START)
        )


def test_two_first_sign_ins_of_one_person_at_once_give_one_account_and_no_error(
    directory: Growpath,
) -> None:
    # A person double-clicking "Sign in", or two tabs returning from the provider together.
    # Twelve rounds: when the other's account appeared between the two reads of a first sign-in,
    # about one round in three on SQLite, it was refused as "already exists".
    for n in range(12):
        identity = _identity(subject=f"twice-{n}", email=f"person{n + 5}@example.com")
        import_people(
            operator_context(directory),
            csv_bytes([person_row(n + 5)], list(HRIS_FIELDS)),
            "more.csv",
        )
        outcomes = at_once(
            partial(admit, directory, identity, ADDRESS),
            partial(admit, directory, identity, ADDRESS),
        )
        assert outcomes == ["done", "done"], f"round {n}"
        with directory.uow() as uow:
            user = uow.users.by_email(f"person{n + 5}@example.com")
            assert user is not None
            assert uow.sso_identities.linked("oidc", f"twice-{n}") is not None
