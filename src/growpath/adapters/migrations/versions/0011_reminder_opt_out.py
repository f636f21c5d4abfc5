"""People may turn reminder e-mails off, as they may the weekly digest (one-click unsubscribe).

Revision ID: 0011
Revises: 0010
Create Date: 2027-01-20 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(
            sa.Column("reminder_opt_out", sa.Boolean(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("reminder_opt_out")
