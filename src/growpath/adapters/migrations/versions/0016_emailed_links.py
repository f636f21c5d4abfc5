"""Invitations, password resets and login e-mail changes travel as single-use links e-mailed to
the person; a one-time password an admin was shown and that was never used stops working.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PURPOSES = ("invitation", "password_reset", "email_change")


def upgrade() -> None:
    listed = ", ".join(f"'{p}'" for p in PURPOSES)
    op.create_table(
        "emailed_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(f"purpose IN ({listed})", name=op.f("ck_emailed_links_purpose_valid")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_emailed_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_emailed_links_created_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emailed_links")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_emailed_links_token_digest")),
    )
    with op.batch_alter_table("emailed_links") as batch:
        batch.create_index(batch.f("ix_emailed_links_email"), ["email"], unique=False)
        batch.create_index(batch.f("ix_emailed_links_user_id"), ["user_id"], unique=False)
    # An unused one-time password was shown to whoever created the account, often an admin:
    # it must not log anyone in. Its owner chooses a password through "forgot password".
    users = sa.table(
        "users",
        sa.column("must_change_password", sa.Boolean()),
        sa.column("one_time_password_used_at", sa.DateTime(timezone=True)),
        sa.column("one_time_password_expires_at", sa.DateTime(timezone=True)),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        users.update()
        .where(
            users.c.must_change_password.is_(True),
            users.c.one_time_password_used_at.is_(None),
        )
        # Expired at its own creation: past for any clock, the database's or the app's.
        .values(one_time_password_expires_at=users.c.created_at)
    )


def downgrade() -> None:
    with op.batch_alter_table("emailed_links") as batch:
        batch.drop_index(batch.f("ix_emailed_links_user_id"))
        batch.drop_index(batch.f("ix_emailed_links_email"))
    op.drop_table("emailed_links")
