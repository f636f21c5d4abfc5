"""Accounts and API tokens: how services find and store them, without committing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from growpath.adapters.orm import ApiTokenRow, PersonRow, UserRoleRow, UserRow


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

    def remove_roles(self, user_id: int) -> None:
        """Take every role away from the account."""
        self.session.execute(delete(UserRoleRow).where(UserRoleRow.user_id == user_id))

    def acting(self, user_id: int) -> tuple[UserRow, bool] | None:
        """Return the account with its roles and whether anyone reports to its person."""
        return self._acting(select(UserRow).where(UserRow.id == user_id))

    def acting_by_token_digest(self, digest: str, now: datetime) -> tuple[UserRow, bool] | None:
        """Return the account owning a live token, its roles, and whether it has reports."""
        return self._acting(
            select(UserRow)
            .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
            .where(
                ApiTokenRow.token_digest == digest,
                ApiTokenRow.revoked_at.is_(None),
                or_(ApiTokenRow.expires_at.is_(None), ApiTokenRow.expires_at > now),
            )
        )

    def _acting(self, query: Select[UserRow]) -> tuple[UserRow, bool] | None:
        # Every authenticated request asks this: one statement, not one each for the account,
        # its roles and its reports.
        has_reports = exists().where(PersonRow.manager_id == UserRow.person_id)
        found = (
            self.session.execute(query.add_columns(has_reports).options(joinedload(UserRow.roles)))
            .unique()
            .first()
        )
        return (found[0], bool(found[1])) if found else None

    def count(self) -> int:
        """Return how many accounts exist."""
        return self.session.scalar(select(func.count(UserRow.id))) or 0
