"""Indexes found by the load benchmark: a person's check-ins, and a session's actions.

The home page lists the person's check-ins (by person, across engagements) and logging a
session reads back the actions it created (by session): both scanned their whole table,
which grows with every check-in and every session held.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 03:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_checkins_person_id", "checkins", ["person_id"])
    op.create_index("ix_action_items_session_id", "action_items", ["session_id"])


def downgrade() -> None:
    op.drop_index("ix_action_items_session_id", table_name="action_items")
    op.drop_index("ix_checkins_person_id", table_name="checkins")
