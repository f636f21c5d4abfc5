"""Report facts: one row per participant enrolment, kept as the app writes.

Reports read these instead of every session, goal, check-in and rating. The tables start
empty; the app fills them (report_facts.ensure_built) after migrating, with the facts'
definition of the code that runs, so this migration needs none of it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 04:00:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _keys(table: str, *columns: str) -> list[Any]:
    """The enrolment column, the primary key and the cascading link to the enrolment."""
    return [
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        *(sa.Column(column, sa.Integer(), nullable=False) for column in columns),
        sa.PrimaryKeyConstraint("enrolment_id", *columns, name=op.f(f"pk_{table}")),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name=op.f(f"fk_{table}_enrolment_id_enrolments"),
            ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "report_participants",
        *_keys("report_participants"),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("support", sa.String(16), nullable=False),
        sa.Column("engagement_id", sa.Integer()),
        sa.Column("engagement_status", sa.String(16)),
        sa.Column("cohort", sa.Integer()),
        sa.Column("started_day", sa.Float()),
        sa.Column("ended_day", sa.Float()),
        sa.Column("last_contact_day", sa.Float()),
        sa.Column("cadence_days", sa.Integer()),
        sa.Column("first_meeting_days", sa.Float()),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.Column("offered", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("goals_met", sa.Integer(), nullable=False),
        sa.Column("goals_decided", sa.Integer(), nullable=False),
        sa.Column("satisfaction", sa.Float()),
        sa.Column("growth", sa.Float()),
    )
    op.create_index(
        op.f("ix_report_participants_program_id"), "report_participants", ["program_id"]
    )
    op.create_table(
        "report_competency_changes",
        *_keys("report_competency_changes", "competency_id"),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("change", sa.Float(), nullable=False),
    )
    op.create_index(
        op.f("ix_report_competency_changes_program_id"),
        "report_competency_changes",
        ["program_id"],
    )
    op.create_table(
        "report_themes",
        *_keys("report_themes", "theme_id"),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
    )
    op.create_index(op.f("ix_report_themes_program_id"), "report_themes", ["program_id"])
    op.create_table(
        "report_facts_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_facts_state")),
    )


def downgrade() -> None:
    op.drop_table("report_facts_state")
    op.drop_index("ix_report_themes_program_id", table_name="report_themes")
    op.drop_table("report_themes")
    op.drop_index("ix_report_competency_changes_program_id", table_name="report_competency_changes")
    op.drop_table("report_competency_changes")
    op.drop_index("ix_report_participants_program_id", table_name="report_participants")
    op.drop_table("report_participants")
