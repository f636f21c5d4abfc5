"""Outcomes: the seniority levels people imports saw, with the day (promotions), and the counts
each program's outcome comparison was last published from.

Revision ID: 0027
Revises: 0026
Create Date: 2027-03-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "level_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("seen_on", sa.Date(), nullable=False),
        sa.CheckConstraint("level BETWEEN 1 AND 10", name=op.f("ck_level_history_level_in_range")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_level_history_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_level_history")),
    )
    op.create_index(op.f("ix_level_history_person_id"), "level_history", ["person_id"])
    # Levels already held count as seen on the day of the upgrade.
    op.execute(
        "INSERT INTO level_history (person_id, level, seen_on) "
        "SELECT id, seniority_level, CURRENT_DATE FROM people "
        "WHERE seniority_level IS NOT NULL AND erased_at IS NULL"
    )
    op.create_table(
        "outcome_publications",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("index_date", sa.Date(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("tallies", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_outcome_publications_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_id", name=op.f("pk_outcome_publications")),
    )


def downgrade() -> None:
    op.drop_table("outcome_publications")
    op.drop_index(op.f("ix_level_history_person_id"), table_name="level_history")
    op.drop_table("level_history")
