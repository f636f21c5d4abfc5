"""Report facts are caught up later: writes only note in report_stale what they touched.

Recomputing a participant's facts before every commit added about 8 statements to each write;
a note is one insert, and reports and the periodic job recompute what was noted.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 04:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_stale",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_report_stale")),
    )


def downgrade() -> None:
    op.drop_table("report_stale")
