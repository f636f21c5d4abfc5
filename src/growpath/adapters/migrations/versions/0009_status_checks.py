"""Every status column accepts only its enum's values, as the domain's state machines define.

The values are written out here, not imported, so this migration means the same thing
whatever the code later calls its statuses.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 06:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = {
    "programs": ("draft", "open", "closed"),
    "enrolments": ("active", "withdrawn"),
    "match_runs": ("proposed", "approved"),
    "match_proposals": (
        "proposed",
        "approved",
        "requested",
        "accepted",
        "declined",
        "expired",
        "superseded",
        "withdrawn",
    ),
    "engagements": ("proposed", "active", "paused", "completed", "ended_early", "renewed"),
    "goals": ("open", "met", "not_met", "dropped"),
    "engagement_sessions": ("scheduled", "held", "cancelled", "no_show"),
    "nudges": ("pending", "sending", "retrying", "sent", "failed", "unconfirmed"),
}


def upgrade() -> None:
    for table, values in STATUSES.items():
        listed = ", ".join(f"'{value}'" for value in values)
        with op.batch_alter_table(table) as batch:
            batch.create_check_constraint(op.f(f"ck_{table}_status_valid"), f"status IN ({listed})")


def downgrade() -> None:
    for table in reversed(STATUSES):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_status_valid"), type_="check")
