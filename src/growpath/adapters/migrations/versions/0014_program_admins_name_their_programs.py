"""A program admin administers the programs their user_roles rows name: each row without a
program (which used to grant every program) becomes one row per program that exists, so nobody
loses access on upgrade; from now on a row without a program grants the role and no program.

Revision ID: 0014
Revises: 0013
Create Date: 2027-01-20 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain SQL, not the models: the migration must keep working as the models change.
    op.execute(
        sa.text(
            "INSERT INTO user_roles (user_id, role, program_id) "
            "SELECT DISTINCT r.user_id, 'program_admin', p.id "
            "FROM user_roles r CROSS JOIN programs p "
            "WHERE r.role = 'program_admin' AND r.program_id IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM user_roles s WHERE s.user_id = r.user_id "
            "AND s.role = 'program_admin' AND s.program_id = p.id)"
        )
    )


def downgrade() -> None:
    # Before 0012 a program admin ran every program: the rows naming one mean nothing there,
    # and an account that had only those keeps the role through one row without a program.
    op.execute(
        sa.text(
            "INSERT INTO user_roles (user_id, role, program_id) "
            "SELECT DISTINCT r.user_id, 'program_admin', CAST(NULL AS INTEGER) FROM user_roles r "
            "WHERE r.role = 'program_admin' AND r.program_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM user_roles s WHERE s.user_id = r.user_id "
            "AND s.role = 'program_admin' AND s.program_id IS NULL)"
        )
    )
    op.execute(
        sa.text("DELETE FROM user_roles WHERE role = 'program_admin' AND program_id IS NOT NULL")
    )
