"""Reports read each engagement's held sessions from one index instead of the table.

The index on (engagement_id, status, held_at) replaces the one on engagement_id alone: it
serves the same lookups, and reports count, date the first and date the last held session of
every engagement with an index-only scan.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 02:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_engagement_sessions_engagement_id_status_held_at",
        "engagement_sessions",
        ["engagement_id", "status", "held_at"],
    )
    op.drop_index("ix_engagement_sessions_engagement_id", table_name="engagement_sessions")


def downgrade() -> None:
    op.create_index(
        "ix_engagement_sessions_engagement_id", "engagement_sessions", ["engagement_id"]
    )
    op.drop_index(
        "ix_engagement_sessions_engagement_id_status_held_at", table_name="engagement_sessions"
    )
