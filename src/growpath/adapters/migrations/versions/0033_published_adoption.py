"""The published copy of each manager's weekly practice, which the adoption figures read, so
they move only when k or more managers changed (the report protections' differencing defence).

Revision ID: 0033
Revises: 0032
Create Date: 2027-03-08 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "published_adoption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("practised", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_published_adoption_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_adoption")),
        sa.UniqueConstraint(
            "scope", "person_id", "week", name=op.f("uq_published_adoption_scope_person_id_week")
        ),
    )
    for column in ("scope", "person_id"):
        op.create_index(op.f(f"ix_published_adoption_{column}"), "published_adoption", [column])


def downgrade() -> None:
    op.drop_table("published_adoption")
