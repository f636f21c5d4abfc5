"""Who administers which program: the program admin rows of user_roles that name a program."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, delete, select

from growpath.adapters.orm import UserRoleRow, UserRow
from growpath.adapters.repositories.base import Repository

PROGRAM_ADMIN = "program_admin"


class ProgramAdminRepository(Repository[UserRoleRow]):
    """The accounts that administer each program."""

    row_type = UserRoleRow

    def of_program(self, program_id: int) -> Sequence[Row[int, str]]:
        """Return (account id, e-mail) of each account administering the program, by e-mail."""
        return self.db.execute(
            select(UserRow.id, UserRow.email)
            .join(UserRoleRow, UserRoleRow.user_id == UserRow.id)
            .where(UserRoleRow.role == PROGRAM_ADMIN, UserRoleRow.program_id == program_id)
            .order_by(UserRow.email)
        ).all()

    def programs_of(self, user_id: int) -> frozenset[int]:
        """Return the ids of the programs the account administers."""
        rows = self.db.scalars(
            select(UserRoleRow.program_id).where(
                UserRoleRow.user_id == user_id, UserRoleRow.role == PROGRAM_ADMIN
            )
        )
        return frozenset(program_id for program_id in rows if program_id is not None)

    def grant(self, user_id: int, program_id: int) -> bool:
        """Make the account an administrator of the program; False if it already was."""
        found = self.db.scalar(
            select(UserRoleRow.id).where(
                UserRoleRow.user_id == user_id,
                UserRoleRow.role == PROGRAM_ADMIN,
                UserRoleRow.program_id == program_id,
            )
        )
        if found is not None:
            return False
        self.add(UserRoleRow(user_id=user_id, role=PROGRAM_ADMIN, program_id=program_id))
        return True

    def revoke(self, user_id: int, program_id: int) -> bool:
        """Stop the account administering the program; False if it did not."""
        removed = self.db.execute(
            delete(UserRoleRow).where(
                UserRoleRow.user_id == user_id,
                UserRoleRow.role == PROGRAM_ADMIN,
                UserRoleRow.program_id == program_id,
            )
        )
        return bool(removed.rowcount)  # type: ignore[attr-defined]
