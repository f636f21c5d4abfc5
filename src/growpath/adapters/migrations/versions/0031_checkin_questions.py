"""Custom check-in questions: a program's own questions (scale, choice, short text) asked after
the fixed pulse, each member's answers (a text answer sealed), and the answers reports publish.

Revision ID: 0031
Revises: 0030
Create Date: 2027-03-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _at(column: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(column, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "checkin_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("low_label", sa.String(length=60), nullable=False),
        sa.Column("high_label", sa.String(length=60), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        _at("created_at"),
        _at("retired_at", nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('scale', 'choice', 'text')", name=op.f("ck_checkin_questions_kind_valid")
        ),
        _fk("checkin_questions", "program_id", "programs", "CASCADE"),
        _fk("checkin_questions", "replaces_id", "checkin_questions", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_questions")),
    )
    op.create_index(op.f("ix_checkin_questions_program_id"), "checkin_questions", ["program_id"])
    op.create_index(op.f("ix_checkin_questions_replaces_id"), "checkin_questions", ["replaces_id"])
    # Sealed text: gp1:<key id>:<base64>, so text on both databases; "" says nothing.
    op.create_table(
        "checkin_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        _at("answered_at"),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        _fk("checkin_answers", "checkin_id", "checkins", "CASCADE"),
        _fk("checkin_answers", "question_id", "checkin_questions", "CASCADE"),
        _fk("checkin_answers", "person_id", "people", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_answers")),
        sa.UniqueConstraint(
            "checkin_id", "question_id", name=op.f("uq_checkin_answers_checkin_id_question_id")
        ),
    )
    op.create_index(op.f("ix_checkin_answers_question_id"), "checkin_answers", ["question_id"])
    op.create_index(op.f("ix_checkin_answers_person_id"), "checkin_answers", ["person_id"])
    op.create_table(
        "published_checkin_answers",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        _at("published_at"),
        _fk("published_checkin_answers", "question_id", "checkin_questions", "CASCADE"),
        _fk("published_checkin_answers", "person_id", "people", "CASCADE"),
        sa.PrimaryKeyConstraint(
            "question_id", "person_id", name=op.f("pk_published_checkin_answers")
        ),
    )
    op.create_index(
        op.f("ix_published_checkin_answers_person_id"), "published_checkin_answers", ["person_id"]
    )


def downgrade() -> None:
    op.drop_table("published_checkin_answers")
    op.drop_table("checkin_answers")
    op.drop_table("checkin_questions")
