"""Each account may choose the language of its pages and mail (a shipped locale, or none).

Revision ID: 0034
Revises: 0033
Create Date: 2027-03-15 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No check constraint: shipping a new language must not need a migration; the service
    # accepts only growpath.i18n.LOCALES, and a locale no longer shipped reads as none.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("locale", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("locale")
