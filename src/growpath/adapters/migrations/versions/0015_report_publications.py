"""Report publications: what the published reports count about each participant, as of when.

Reports read these lagged copies of the report facts; a participant's row moves on only
together with enough others that no published figure changes by fewer than k people. The
tables start empty: the first report of a program publishes its facts.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 08:00:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "report_published_participants",
    "report_published_competency_changes",
    "report_published_themes",
    "report_unpublished",
)


def _keys(table: str, *columns: str) -> list[Any]:
    """The enrolment column, the primary key, the cascading link and the program."""
    return [
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        *(sa.Column(column, sa.Integer(), nullable=False) for column in columns),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("enrolment_id", *columns, name=op.f(f"pk_{table}")),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name=op.f(f"fk_{table}_enrolment_id_enrolments"),
            ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    counts = (
        "matched",
        "active",
        "offered",
        "accepted",
        "cadence_due",
        "cadence_kept",
        "running",
        "idle_14",
        "idle_30",
        "idle_90",
        "met",
        "decided",
    )
    op.create_table(
        "report_published_participants",
        *_keys("report_published_participants"),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(120)),
        sa.Column("level", sa.Integer()),
        sa.Column("cohort", sa.Integer()),
        sa.Column("support", sa.String(16), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in counts[:4]),
        sa.Column("first_meeting_days", sa.Float()),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in counts[4:]),
        sa.Column("satisfaction", sa.Float()),
        sa.Column("growth", sa.Float()),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "report_published_competency_changes",
        *_keys("report_published_competency_changes", "competency_id"),
        sa.Column("change", sa.Float(), nullable=False),
    )
    op.create_table(
        "report_published_themes",
        *_keys("report_published_themes", "theme_id"),
        sa.Column("person_id", sa.Integer(), nullable=False),
    )
    op.create_table("report_unpublished", *_keys("report_unpublished"))
    for table in TABLES:
        op.create_index(op.f(f"ix_{table}_program_id"), table, ["program_id"])


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_index(op.f(f"ix_{table}_program_id"), table_name=table)
        op.drop_table(table)
