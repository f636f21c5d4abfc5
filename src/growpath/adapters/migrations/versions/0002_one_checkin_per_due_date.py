"""One check-in per member and due date, so scheduling them twice adds nothing.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 00:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        batch.create_unique_constraint(
            "uq_checkins_engagement_id_person_id_due_on", ["engagement_id", "person_id", "due_on"]
        )


def downgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        batch.drop_constraint("uq_checkins_engagement_id_person_id_due_on", type_="unique")
