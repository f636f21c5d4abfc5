"""Reflection between sessions: a prompt per participant of each held session, and a private
journal whose entries are sealed under their own data keys and may be shared with the guide.

Revision ID: 0030
Revises: 0029
Create Date: 2027-03-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "reflection_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        _fk("reflection_prompts", "session_id", "engagement_sessions", "CASCADE"),
        _fk("reflection_prompts", "person_id", "people", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflection_prompts")),
        sa.UniqueConstraint(
            "session_id", "person_id", name=op.f("uq_reflection_prompts_session_id_person_id")
        ),
    )
    for column in ("session_id", "person_id"):
        op.create_index(op.f(f"ix_reflection_prompts_{column}"), "reflection_prompts", [column])
    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("author_person_id", sa.Integer(), nullable=False),
        sa.Column("prompt_id", sa.Integer(), nullable=True),
        sa.Column("data_key_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("journal_entries", "engagement_id", "engagements", "CASCADE"),
        _fk("journal_entries", "author_person_id", "people", "CASCADE"),
        _fk("journal_entries", "prompt_id", "reflection_prompts", "SET NULL"),
        _fk("journal_entries", "data_key_id", "data_keys", "RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
    )
    for column in ("engagement_id", "author_person_id", "prompt_id", "data_key_id"):
        op.create_index(op.f(f"ix_journal_entries_{column}"), "journal_entries", [column])


def downgrade() -> None:
    op.drop_table("journal_entries")
    op.drop_table("reflection_prompts")
