"""Accounts and API tokens: how services find and store them, without committing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from growpath.adapters.orm import (
    ApiTokenRow,
    EngagementMemberRow,
    EnrolmentRow,
    LoginSessionRow,
    PersonRow,
    TotpCredentialRow,
    TriadMemberRow,
    UserRoleRow,
    UserRow,
)
from growpath.adapters.repositories.base import column_rows, one_of
from growpath.domain.accounts import LoginMethod, Role
from growpath.domain.enrolment import GUIDE_ROLES, EnrolmentStatus


class RoleGrant(NamedTuple):
    """A role of an account: in one program, or (program None) in the whole organisation."""

    role: str
    program_id: int | None


class Account(NamedTuple):
    """An account's own columns as a request acts for it, with its roles."""

    id: int
    email: str
    person_id: int | None
    is_active: bool
    must_change_password: bool
    locale: str | None
    roles: tuple[RoleGrant, ...]


class Acting(NamedTuple):
    """An account as a request acts for it, with what its actor needs besides the account."""

    user: Account
    has_reports: bool
    guides: bool
    has_totp: bool
    method: LoginMethod
    # The person's time zone ("" without a profile or after its erasure).
    time_zone: str = ""
    # Enrolled in a program or a member of a pair: the journal and lessons are theirs to use.
    takes_part: bool = False
    # A member of a practice triad.
    in_triad: bool = False


class UserRepository:
    """Accounts and API tokens."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: int) -> UserRow | None:
        """Return the account with this id, roles loaded."""
        return self.session.get(UserRow, user_id, options=[selectinload(UserRow.roles)])

    def by_email(self, email: str) -> UserRow | None:
        """Return the account with this e-mail, roles loaded."""
        return self.session.scalar(
            select(UserRow).where(UserRow.email == email).options(selectinload(UserRow.roles))
        )

    def locale_of(self, email: str) -> str | None:
        """Return the language the account with this e-mail chose, if any."""
        return self.session.scalar(select(UserRow.locale).where(UserRow.email == email))

    def by_person(self, person_id: int) -> UserRow | None:
        """Return the account linked to this person."""
        return self.session.scalar(select(UserRow).where(UserRow.person_id == person_id))

    def add(self, user: UserRow) -> None:
        """Store a new account and give it its id."""
        self.session.add(user)
        self.session.flush()

    def add_token(self, token: ApiTokenRow) -> None:
        """Store a newly issued API token."""
        self.session.add(token)

    def revoke_tokens(self, user_id: int, now: datetime) -> int:
        """Revoke every live API token of the account; return how many were revoked."""
        revoked = self.session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.user_id == user_id, ApiTokenRow.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(revoked.rowcount)  # type: ignore[attr-defined]

    def add_session(self, login: LoginSessionRow) -> None:
        """Store a newly started login session."""
        self.session.add(login)

    def end_session(self, user_id: int, digest: str, now: datetime) -> int:
        """End the account's login session with this digest; return how many ended (0 or 1)."""
        ended = self.session.execute(
            update(LoginSessionRow)
            .where(
                LoginSessionRow.user_id == user_id,
                LoginSessionRow.session_digest == digest,
                LoginSessionRow.ended_at.is_(None),
            )
            .values(ended_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(ended.rowcount)  # type: ignore[attr-defined]

    def end_sessions(self, user_id: int, now: datetime, keep_digest: str = "") -> int:
        """End every live login session of the account but the one kept; return how many."""
        ended = self.session.execute(
            update(LoginSessionRow)
            .where(
                LoginSessionRow.user_id == user_id,
                LoginSessionRow.session_digest != keep_digest,
                LoginSessionRow.ended_at.is_(None),
            )
            .values(ended_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(ended.rowcount)  # type: ignore[attr-defined]

    def prune_sessions(self, user_id: int, started_before: datetime) -> None:
        """Forget the account's login sessions that ended or started before a moment."""
        self.session.execute(
            delete(LoginSessionRow).where(
                LoginSessionRow.user_id == user_id,
                or_(
                    LoginSessionRow.ended_at.is_not(None),
                    LoginSessionRow.created_at <= started_before,
                ),
            )
        )

    def remove_roles(self, user_id: int) -> None:
        """Take every role away from the account."""
        self.session.execute(delete(UserRoleRow).where(UserRoleRow.user_id == user_id))

    def acting_by_session(
        self, user_id: int, epoch: int, digest: str, started_after: datetime
    ) -> Acting | None:
        """Return the account of a live login session of this epoch with its roles, whether
        anyone reports to its person, whether it guides, whether two-step login is on and how
        the session began."""
        parameters = {
            "user_id": user_id,
            "epoch": epoch,
            "digest": digest,
            "started_after": started_after,
        }
        return self._acting(_acting_by_session(), parameters)

    def acting_by_token_digest(self, digest: str, now: datetime) -> Acting | None:
        """Return the account owning a live token, as ``acting_by_session`` does (a token
        counts as a password login)."""
        return self._acting(_acting_by_token(), {"digest": digest, "now": now})

    def _acting(
        self, statement: Select[*tuple[Any, ...]], parameters: dict[str, Any]
    ) -> Acting | None:
        # One row per role of the account (one without roles has one row, its role None).
        rows = column_rows(self.session, statement, parameters)
        if not rows:
            return None
        found = rows[0]
        roles = tuple(RoleGrant(row[6], row[7]) for row in rows if row[6] is not None)
        return Acting(
            Account(found[0], found[1], found[2], found[3], found[4], found[5], roles),
            bool(found[8]),
            bool(found[9]),
            bool(found[10]),
            LoginMethod(found[11]),
            found[12] or "",
            bool(found[13]),
            bool(found[14]),
        )

    def takes_part(self, person_id: int) -> tuple[bool, bool]:
        """Whether the person is enrolled or in a pair, and whether they are in a triad."""
        found = self.session.execute(select(_takes_part(person_id), _in_triad(person_id))).one()
        return bool(found[0]), bool(found[1])

    def guides(self, person_id: int) -> bool:
        """Whether the person guides a pair or is enrolled as a mentor or coach."""
        return bool(self.session.scalar(select(_guides(person_id))))

    def count(self) -> int:
        """Return how many accounts exist."""
        return self.session.scalar(select(func.count(UserRow.id))) or 0

    def listed(self, email_contains: str, limit: int) -> list[UserRow]:
        """Return accounts by e-mail, those of erased people left out, person and roles loaded."""
        query = (
            select(UserRow)
            .outerjoin(PersonRow, PersonRow.id == UserRow.person_id)
            .where(PersonRow.erased_at.is_(None))
            .options(selectinload(UserRow.roles), selectinload(UserRow.person))
            .order_by(UserRow.email)
            .limit(limit)
        )
        if email_contains:
            # An e-mail is stored lower-cased; a literal % or _ typed by the admin stays literal.
            query = query.where(UserRow.email.contains(email_contains.lower(), autoescape=True))
        return list(self.session.scalars(query))

    def lock_org_admins(self) -> None:
        """Lock the accounts holding the organisation admin role, in id order, until commit.

        A no-op UPDATE per account takes the row lock on PostgreSQL and the write lock on
        SQLite (whose driver begins a transaction only at the first write, so a SELECT alone
        would lock nothing); the id order keeps two admins locking the same rows from
        deadlocking. Whoever counts the active admins after this counts what others committed.
        """
        admins = self.session.scalars(
            select(UserRoleRow.user_id)
            .where(UserRoleRow.role == Role.ORG_ADMIN.value)
            .distinct()
            .order_by(UserRoleRow.user_id)
        ).all()
        for user_id in admins:
            self.session.execute(
                update(UserRow)
                .where(UserRow.id == user_id)
                .values(is_active=UserRow.is_active)
                .execution_options(synchronize_session=False)
            )

    def count_active_org_admins(self) -> int:
        """Return how many active accounts administer the organisation."""
        return (
            self.session.scalar(
                select(func.count(func.distinct(UserRow.id)))
                .join(UserRoleRow, UserRoleRow.user_id == UserRow.id)
                .where(UserRow.is_active, UserRoleRow.role == Role.ORG_ADMIN.value)
            )
            or 0
        )


def _acting_statement(
    credential: type[LoginSessionRow] | type[ApiTokenRow],
    conditions: Sequence[ColumnElement[bool]],
    method: ColumnElement[str] | InstrumentedAttribute[str] = literal(LoginMethod.PASSWORD.value),
) -> Select[*tuple[Any, ...]]:
    # Every authenticated request asks this: one statement, not one each for the account,
    # its roles, its reports, whether it guides (which the navigation needs on every page)
    # and whether two-step login is on (which the admin pages need). Columns, one row per
    # role: loading the account's row with its roles into the session cost more CPU than the
    # query.
    has_reports = exists().where(PersonRow.manager_id == UserRow.person_id)
    has_totp = exists().where(
        TotpCredentialRow.user_id == UserRow.id, TotpCredentialRow.confirmed_at.is_not(None)
    )
    # Every page shows times in the viewer's zone: read here, it costs no query of its own.
    time_zone = (
        select(PersonRow.timezone)
        .where(PersonRow.id == UserRow.person_id, PersonRow.erased_at.is_(None))
        .scalar_subquery()
    )
    return (
        select(
            UserRow.id,
            UserRow.email,
            UserRow.person_id,
            UserRow.is_active,
            UserRow.must_change_password,
            UserRow.locale,
            UserRoleRow.role,
            UserRoleRow.program_id,
            has_reports,
            _guides(UserRow.person_id),
            has_totp,
            method,
            time_zone,
            _takes_part(UserRow.person_id),
            _in_triad(UserRow.person_id),
        )
        .select_from(UserRow)
        .join(credential, credential.user_id == UserRow.id)
        .outerjoin(UserRoleRow, UserRoleRow.user_id == UserRow.id)
        .where(*conditions)
    )


# Built once, with bound parameters, and executed again and again: building this statement
# (its subqueries and joins) and computing its cache key cost more CPU than running it, and
# every authenticated request runs one of them. A statement object keeps its cache key.
@cache
def _acting_by_session() -> Select[*tuple[Any, ...]]:
    return _acting_statement(
        LoginSessionRow,
        [
            UserRow.id == bindparam("user_id"),
            UserRow.session_epoch == bindparam("epoch"),
            LoginSessionRow.session_digest == bindparam("digest"),
            LoginSessionRow.ended_at.is_(None),
            LoginSessionRow.created_at > bindparam("started_after"),
        ],
        LoginSessionRow.method,
    )


@cache
def _acting_by_token() -> Select[*tuple[Any, ...]]:
    return _acting_statement(
        ApiTokenRow,
        [
            ApiTokenRow.token_digest == bindparam("digest"),
            ApiTokenRow.revoked_at.is_(None),
            or_(ApiTokenRow.expires_at.is_(None), ApiTokenRow.expires_at > bindparam("now")),
        ],
    )


def _guides(person_id: InstrumentedAttribute[int | None] | int) -> ColumnElement[bool]:
    # A guide in any engagement (ended ones too: their caseload still lists them), or an active
    # mentor or coach enrolment still waiting for pairs.
    return or_(
        exists().where(
            EngagementMemberRow.person_id == person_id, EngagementMemberRow.role == "guide"
        ),
        exists().where(
            EnrolmentRow.person_id == person_id,
            one_of(EnrolmentRow.role, GUIDE_ROLES),
            EnrolmentRow.status == EnrolmentStatus.ACTIVE,
        ),
    )


def _takes_part(person_id: InstrumentedAttribute[int | None] | int) -> ColumnElement[bool]:
    # Enrolled in any program in any role, or a member of any pair (ended ones too: their
    # journal and the lessons of their program stay theirs to read).
    return or_(
        exists().where(EnrolmentRow.person_id == person_id),
        exists().where(EngagementMemberRow.person_id == person_id),
    )


def _in_triad(person_id: InstrumentedAttribute[int | None] | int) -> ColumnElement[bool]:
    return exists().where(TriadMemberRow.person_id == person_id)
