"""Identity providers' subjects linked to accounts, and the directory look-ups of a first login."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from growpath.adapters.orm import PersonRow, SsoIdentityRow, UserRow
from growpath.adapters.repositories.base import Repository


class SsoIdentityRepository(Repository[SsoIdentityRow]):
    """Which account a (provider, subject) logs in as."""

    row_type = SsoIdentityRow

    def linked(self, provider: str, subject: str) -> SsoIdentityRow | None:
        """Return the link of this provider's subject, locked against a concurrent first login."""
        return self.db.scalar(
            select(SsoIdentityRow)
            .where(SsoIdentityRow.provider == provider, SsoIdentityRow.subject == subject)
            .with_for_update()
        )

    def account(self, user_id: int) -> UserRow | None:
        """Return an account with its roles and person loaded."""
        return self.db.get(
            UserRow,
            user_id,
            options=[selectinload(UserRow.roles), selectinload(UserRow.person)],
        )

    def person_by_employee_id(self, employee_id: str) -> PersonRow | None:
        """Return the person the HRIS knows by this employee id."""
        return self.db.scalar(select(PersonRow).where(PersonRow.employee_id == employee_id))

    def of_user(self, user_id: int) -> list[SsoIdentityRow]:
        """Return every identity provider subject linked to an account."""
        return list(
            self.db.scalars(
                select(SsoIdentityRow)
                .where(SsoIdentityRow.user_id == user_id)
                .order_by(SsoIdentityRow.id)
            )
        )
