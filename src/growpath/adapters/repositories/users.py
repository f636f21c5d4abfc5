"""Accounts and API tokens: how services find and store them, without committing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Select, delete, exists, func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload, selectinload

from growpath.adapters.orm import (
    ApiTokenRow,
    EngagementMemberRow,
    EnrolmentRow,
    LoginSessionRow,
    PersonRow,
    UserRoleRow,
    UserRow,
)
from growpath.domain.accounts import Role
from growpath.domain.enrolment import GUIDE_ROLES, EnrolmentStatus


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

    def acting(self, user_id: int) -> tuple[UserRow, bool, bool] | None:
        """Return the account with its roles, whether anyone reports to its person and whether
        it guides."""
        return self._acting(select(UserRow).where(UserRow.id == user_id))

    def acting_by_session(
        self, user_id: int, epoch: int, digest: str, started_after: datetime
    ) -> tuple[UserRow, bool, bool] | None:
        """Return the account of a live login session of this epoch, its roles, whether it has
        reports and whether it guides."""
        return self._acting(
            select(UserRow)
            .join(LoginSessionRow, LoginSessionRow.user_id == UserRow.id)
            .where(
                UserRow.id == user_id,
                UserRow.session_epoch == epoch,
                LoginSessionRow.session_digest == digest,
                LoginSessionRow.ended_at.is_(None),
                LoginSessionRow.created_at > started_after,
            )
        )

    def acting_by_token_digest(
        self, digest: str, now: datetime
    ) -> tuple[UserRow, bool, bool] | None:
        """Return the account owning a live token, its roles, whether it has reports and
        whether it guides."""
        return self._acting(
            select(UserRow)
            .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
            .where(
                ApiTokenRow.token_digest == digest,
                ApiTokenRow.revoked_at.is_(None),
                or_(ApiTokenRow.expires_at.is_(None), ApiTokenRow.expires_at > now),
            )
        )

    def _acting(self, query: Select[UserRow]) -> tuple[UserRow, bool, bool] | None:
        # Every authenticated request asks this: one statement, not one each for the account,
        # its roles, its reports and whether it guides (which the navigation needs on every page).
        has_reports = exists().where(PersonRow.manager_id == UserRow.person_id)
        found = (
            self.session.execute(
                query.add_columns(has_reports, _guides(UserRow.person_id)).options(
                    joinedload(UserRow.roles)
                )
            )
            .unique()
            .first()
        )
        return (found[0], bool(found[1]), bool(found[2])) if found else None

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


def _guides(person_id: InstrumentedAttribute[int | None] | int) -> ColumnElement[bool]:
    # A guide in any engagement (ended ones too: their caseload still lists them), or an active
    # mentor or coach enrolment still waiting for pairs.
    return or_(
        exists().where(
            EngagementMemberRow.person_id == person_id, EngagementMemberRow.role == "guide"
        ),
        exists().where(
            EnrolmentRow.person_id == person_id,
            EnrolmentRow.role.in_(GUIDE_ROLES),
            EnrolmentRow.status == EnrolmentStatus.ACTIVE,
        ),
    )
