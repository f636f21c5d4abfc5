"""One-time passwords log in once and expire; login sessions are server-side records; the
per-account lockout counters give way to throttling by address and account (audit trail).

Revision ID: 0010
Revises: 0009
Create Date: 2027-01-12 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("one_time_password_expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(
            sa.Column("one_time_password_used_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.drop_column("failed_logins")
        batch.drop_column("locked_until")
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("session_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_login_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
        sa.UniqueConstraint("session_digest", name=op.f("uq_login_sessions_session_digest")),
    )
    with op.batch_alter_table("login_sessions") as batch:
        batch.create_index(batch.f("ix_login_sessions_user_id"), ["user_id"], unique=False)
    # Old cookies carry no session id and stop working; a one-time password handed out before
    # this revision keeps its old behaviour until used once (its expiry is unknown: none set).


def downgrade() -> None:
    with op.batch_alter_table("login_sessions") as batch:
        batch.drop_index(batch.f("ix_login_sessions_user_id"))
    op.drop_table("login_sessions")
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
        batch.drop_column("one_time_password_used_at")
        batch.drop_column("one_time_password_expires_at")
