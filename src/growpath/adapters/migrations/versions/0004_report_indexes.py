"""Indexes for reports: a program's engagements, and an enrolment's engagement memberships.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_engagements_program_id", "engagements", ["program_id"])
    op.create_index("ix_engagement_members_enrolment_id", "engagement_members", ["enrolment_id"])


def downgrade() -> None:
    op.drop_index("ix_engagement_members_enrolment_id", table_name="engagement_members")
    op.drop_index("ix_engagements_program_id", table_name="engagements")
