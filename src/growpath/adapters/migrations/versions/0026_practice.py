"""Managers who coach: the coaching conversations a manager logs with a report (the GROW
stages covered, a private note sealed under its own data key) and the report's one answer.

Revision ID: 0026
Revises: 0025
Create Date: 2027-03-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
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
        "practice_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manager_person_id", sa.Integer(), nullable=False),
        sa.Column("report_person_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("stages", sa.String(length=40), nullable=False),
        sa.Column("data_key_id", sa.Integer(), nullable=True),
        sa.Column("nonce", sa.LargeBinary(), nullable=True),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("practice_conversations", "manager_person_id", "people", "CASCADE"),
        _fk("practice_conversations", "report_person_id", "people", "CASCADE"),
        _fk("practice_conversations", "data_key_id", "data_keys", "RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_conversations")),
    )
    for column in ("manager_person_id", "report_person_id", "data_key_id"):
        op.create_index(
            op.f(f"ix_practice_conversations_{column}"), "practice_conversations", [column]
        )
    op.create_table(
        "practice_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "score BETWEEN 1 AND 5", name=op.f("ck_practice_answers_score_in_range")
        ),
        _fk("practice_answers", "conversation_id", "practice_conversations", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_answers")),
        sa.UniqueConstraint("conversation_id", name=op.f("uq_practice_answers_conversation_id")),
    )
    op.create_index(op.f("ix_practice_answers_answered_at"), "practice_answers", ["answered_at"])


def downgrade() -> None:
    op.drop_table("practice_answers")
    op.drop_table("practice_conversations")
