"""HRIS imports as they come: people get an employee id (unique where given), a hire and a
leave date; the organisation's saved column mapping gets a table.

Revision ID: 0012
Revises: 0011
Create Date: 2027-01-20 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("employee_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hire_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("leave_date", sa.Date(), nullable=True))
        batch.create_unique_constraint(batch.f("uq_people_employee_id"), ["employee_id"])
    op.create_table(
        "import_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_user_id"],
            ["users.id"],
            name=op.f("fk_import_mappings_updated_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
    )


def downgrade() -> None:
    op.drop_table("import_mappings")
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint(batch.f("uq_people_employee_id"), type_="unique")
        batch.drop_column("leave_date")
        batch.drop_column("hire_date")
        batch.drop_column("employee_id")
