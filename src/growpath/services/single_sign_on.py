"""Single sign-on admission: who an identity provider's word lets in, and as which account.

An identity provider (OIDC or SAML) vouches for a subject; growpath decides whether that
subject may come in. The first login of a subject finds its person in the directory by e-mail
or employee id, gives them an account just in time and links (provider, subject) to it, so a
later login finds the account by the link even after an e-mail change. Someone the directory
does not know is refused unless GROWPATH_SSO_CREATE_PEOPLE allows creating them; a deactivated
account, a person who left and an erased person are refused. Every admission and refusal is
audited with the provider and subject, never a token or assertion.

Nobody inside growpath can mint these logins (THREAT_MODEL 1): an account made here has no
password anyone knows, and the link is made only from the provider's own signed word.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from growpath.adapters.orm import PersonRow, SsoIdentityRow, UserRoleRow, UserRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.accounts import Actor, Role
from growpath.domain.audit import ALLOWED, DENIED
from growpath.domain.errors import AuthenticationFailed, Conflict, RaceLost
from growpath.domain.people import normalise_email
from growpath.domain.single_sign_on import (
    MAX_SUBJECT_LENGTH,
    SsoProvider,
    grants_org_admin,
    group_names,
    refusal,
)
from growpath.i18n import N_
from growpath.services.accounts import acting_as, add_account
from growpath.services.context import Collaborators as Growpath

LOGIN_ACTION = "login.sso"
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class SsoIdentity:
    """What an identity provider vouched for, once its signature and claims were checked."""

    provider: str
    subject: str
    email: str | None
    employee_id: str | None
    groups: frozenset[str] = frozenset()
    # Used only to name a person that GROWPATH_SSO_CREATE_PEOPLE lets single sign-on create.
    name: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class _Admission:
    user: UserRow
    matched_by: str


def admit(app: Growpath, identity: SsoIdentity, source_address: str) -> Actor:
    """Return the actor an identity provider's identity logs in as, or refuse it (audited)."""
    try:
        return _admit_once(app, identity, source_address)
    except RaceLost:
        # Two first sign-ins of one person at once (a double click, two tabs): the other made
        # the account and the link, and a second pass finds them.
        return _admit_once(app, identity, source_address)


def _admit_once(app: Growpath, identity: SsoIdentity, source_address: str) -> Actor:
    now = app.clock.now()
    with app.uow() as uow, uow.racing(N_("signed in twice at the same moment; try again")):
        try:
            admission = _admission(app, uow, identity, now)
        except AuthenticationFailed as exc:
            # Nothing a refused login began (a person, an account, a link) is kept.
            uow.rollback()
            _audit(uow, identity, now, source_address, None, DENIED, {"reason": exc.message})
            uow.commit()
            raise
        user = admission.user
        roles_changed = _apply_groups(app, uow, user, identity.groups)
        user.last_login_at = now
        detail: dict[str, object] = {"matched_by": admission.matched_by}
        if roles_changed:
            detail["roles"] = roles_changed
        _audit(uow, identity, now, source_address, user.id, ALLOWED, detail)
        actor = acting_as(uow, user)
        uow.commit()
    return actor


def record_refusal(
    app: Growpath, provider: str, subject: str, reason: str, source_address: str
) -> None:
    """Audit a single sign-on refused before the identity was known (state, token checks)."""
    identity = SsoIdentity(provider=provider, subject=subject, email=None, employee_id=None)
    with app.uow() as uow:
        _audit(uow, identity, app.clock.now(), source_address, None, DENIED, {"reason": reason})
        uow.commit()


def _admission(app: Growpath, uow: UnitOfWork, identity: SsoIdentity, now: datetime) -> _Admission:
    provider = _checked_provider(identity)
    link = uow.sso_identities.linked(provider, identity.subject)
    if link is not None:
        user = uow.sso_identities.account(link.user_id)
        if user is None:  # the account went between the two reads: a plain refusal
            raise AuthenticationFailed(N_("this sign-in is not linked to a growpath account"))
        _refuse_if_barred(uow, user, user.person, now)
        link.last_login_at = now
        return _Admission(user, "link")
    person, matched_by = _directory_entry(app, uow, identity, now)
    _refuse_if_barred(uow, None, person, now)
    user = _account_of(uow, person, now)
    _refuse_if_barred(uow, user, person, now)
    uow.sso_identities.add(
        SsoIdentityRow(
            provider=provider,
            subject=identity.subject,
            user_id=user.id,
            created_at=now,
            last_login_at=now,
        )
    )
    return _Admission(user, matched_by)


def _checked_provider(identity: SsoIdentity) -> str:
    if identity.provider not in SsoProvider.__members__.values():
        raise AuthenticationFailed(
            N_("single sign-on through %(provider)r is not offered"), provider=identity.provider
        )
    if not identity.subject or len(identity.subject) > MAX_SUBJECT_LENGTH:
        raise AuthenticationFailed(N_("the identity provider sent no usable subject identifier"))
    return identity.provider


def _email_of(identity: SsoIdentity) -> str | None:
    if not identity.email:
        return None
    try:
        return normalise_email(identity.email)
    except ValueError:
        return None


def _directory_entry(
    app: Growpath, uow: UnitOfWork, identity: SsoIdentity, now: datetime
) -> tuple[PersonRow, str]:
    email = _email_of(identity)
    by_email = uow.people.by_email(email) if email else None
    by_id = (
        uow.sso_identities.person_by_employee_id(identity.employee_id)
        if identity.employee_id
        else None
    )
    if by_email is not None and by_id is not None and by_email.id != by_id.id:
        # Two people would be one login: refused rather than guessed.
        raise AuthenticationFailed(
            N_(
                "the identity provider's e-mail and employee id name two different people in "
                "growpath's directory; ask an organisation admin to correct the directory"
            )
        )
    if by_email is not None:
        return by_email, "email"
    if by_id is not None:
        return by_id, "employee_id"
    if not app.settings.sso_create_people:
        who = email or identity.employee_id or "this person"
        raise AuthenticationFailed(
            N_("%(who)s is not in growpath's directory; ask an organisation admin to add them"),
            who=who,
        )
    if email is None:
        raise AuthenticationFailed(
            N_("the identity provider sent no usable e-mail address, which a new person needs")
        )
    return _new_person(uow, identity, email, now), "created"


def _new_person(uow: UnitOfWork, identity: SsoIdentity, email: str, now: datetime) -> PersonRow:
    name = " ".join((identity.name or "").split())[:MAX_NAME_LENGTH] or email.split("@")[0]
    person = PersonRow(
        email=email,
        name=name,
        employee_id=identity.employee_id or None,
        created_at=now,
        updated_at=now,
    )
    uow.people.add(person)
    uow.audit.record(
        now, None, "person.create", "person", str(person.id), detail={"via": identity.provider}
    )
    return person


def _account_of(uow: UnitOfWork, person: PersonRow, now: datetime) -> UserRow:
    user = uow.users.by_person(person.id)
    if user is None:
        user = uow.users.by_email(person.email)
        if user is not None and user.person_id not in (None, person.id):
            raise AuthenticationFailed(
                N_("the growpath account %(email)s belongs to someone else in the directory"),
                email=person.email,
            )
    if user is None:
        # A password nobody knows, hashed like any other: the account cannot log in by
        # password until its owner resets it from their own mailbox (where that is allowed),
        # and a wrong-password answer for it takes the same time as for any account.
        try:
            user = add_account(
                uow, person.email, {Role.PARTICIPANT}, secrets.token_urlsafe(32), now
            )
        except Conflict as exc:
            if uow.users.by_email(person.email) is not None:
                # Made a moment ago by another first sign-in of this person (a double click,
                # two tabs), after the read above: `admit` tries again and finds it.
                raise RaceLost(N_("signed in twice at the same moment; try again")) from exc
            raise AuthenticationFailed(exc.template, **exc.values) from exc
        user.person_id = person.id
        uow.audit.record(now, None, "account.create", "user", str(user.id), detail={"via": "sso"})
    return user


def _refuse_if_barred(
    uow: UnitOfWork, user: UserRow | None, person: PersonRow | None, now: datetime
) -> None:
    # The identity provider's SCIM deprovisioning is final here too, account or not.
    if person is not None and uow.scim.is_deprovisioned(person.id):
        raise AuthenticationFailed(
            N_("your access was withdrawn by your organisation's identity provider")
        )
    reason = refusal(
        is_active=user.is_active if user is not None else True,
        leave_date=person.leave_date if person is not None else None,
        erased=person is not None and person.erased_at is not None,
        today=now.date(),
    )
    if reason:
        raise AuthenticationFailed(reason)


def _apply_groups(
    app: Growpath, uow: UnitOfWork, user: UserRow, groups: frozenset[str]
) -> dict[str, str]:
    """Grant or withdraw organisation admin by the provider's groups, when they decide it."""
    admin_groups = group_names(app.settings.sso_admin_groups)
    if not admin_groups:
        return {}
    is_admin = any(r.role == Role.ORG_ADMIN.value for r in user.roles)
    should_be = grants_org_admin(groups, admin_groups)
    if should_be and not is_admin:
        user.roles.append(UserRoleRow(role=Role.ORG_ADMIN.value))
        return {Role.ORG_ADMIN.value: "granted"}
    if is_admin and not should_be:
        if uow.users.count_active_org_admins() <= 1:
            # Never lock the organisation out of its own administration.
            return {Role.ORG_ADMIN.value: "kept: the last active organisation admin"}
        user.roles = [r for r in user.roles if r.role != Role.ORG_ADMIN.value]
        return {Role.ORG_ADMIN.value: "withdrawn"}
    return {}


def _audit(
    uow: UnitOfWork,
    identity: SsoIdentity,
    now: datetime,
    source_address: str,
    user_id: int | None,
    outcome: str,
    detail: dict[str, object],
) -> None:
    uow.audit.record(
        now,
        user_id,
        LOGIN_ACTION,
        "user" if user_id is not None else "sso_identity",
        str(user_id) if user_id is not None else identity.subject[:MAX_SUBJECT_LENGTH],
        source_address,
        outcome,
        {"provider": identity.provider, "subject": identity.subject[:MAX_SUBJECT_LENGTH], **detail},
    )
