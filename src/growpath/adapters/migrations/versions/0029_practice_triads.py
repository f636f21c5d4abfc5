"""Practice triads: groups of three (up to five) people of a program who practise coaching in
rounds, roles rotating; each round plays a shipped scenario, and observers' feedback is sealed.

Revision ID: 0029
Revises: 0028
Create Date: 2027-03-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _range(table: str, column: str, low: int, high: int) -> sa.CheckConstraint:
    return sa.CheckConstraint(
        f"{column} BETWEEN {low} AND {high}", name=op.f(f"ck_{table}_{column}_in_range")
    )


def upgrade() -> None:
    op.create_table(
        "triads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("current_round", sa.Integer(), nullable=False),
        sa.Column("round_count", sa.Integer(), nullable=False),
        sa.Column("formed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('running', 'finished')", name=op.f("ck_triads_status_valid")
        ),
        _range("triads", "current_round", 1, 5),
        _range("triads", "round_count", 3, 5),
        _fk("triads", "program_id", "programs", "CASCADE"),
        _fk("triads", "formed_by_user_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triads")),
    )
    op.create_index(op.f("ix_triads_program_id"), "triads", ["program_id"])
    op.create_index(op.f("ix_triads_formed_by_user_id"), "triads", ["formed_by_user_id"])
    op.create_table(
        "triad_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("triad_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _range("triad_members", "position", 0, 4),
        _fk("triad_members", "triad_id", "triads", "CASCADE"),
        _fk("triad_members", "person_id", "people", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triad_members")),
        sa.UniqueConstraint(
            "triad_id", "person_id", name=op.f("uq_triad_members_triad_id_person_id")
        ),
        sa.UniqueConstraint(
            "triad_id", "position", name=op.f("uq_triad_members_triad_id_position")
        ),
    )
    op.create_index(op.f("ix_triad_members_person_id"), "triad_members", ["person_id"])
    op.create_table(
        "triad_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("triad_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("scenario_key", sa.String(length=80), nullable=False),
        _range("triad_rounds", "number", 1, 5),
        _fk("triad_rounds", "triad_id", "triads", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triad_rounds")),
        sa.UniqueConstraint("triad_id", "number", name=op.f("uq_triad_rounds_triad_id_number")),
        sa.UniqueConstraint(
            "triad_id", "scenario_key", name=op.f("uq_triad_rounds_triad_id_scenario_key")
        ),
    )
    # Sealed text: gp1:<key id>:<base64>, so text on both databases.
    op.create_table(
        "triad_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("observer_person_id", sa.Integer(), nullable=False),
        sa.Column("open_questions", sa.Text(), nullable=False),
        sa.Column("listening", sa.Text(), nullable=False),
        sa.Column("try_next", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _fk("triad_feedback", "round_id", "triad_rounds", "CASCADE"),
        _fk("triad_feedback", "observer_person_id", "people", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triad_feedback")),
        sa.UniqueConstraint(
            "round_id",
            "observer_person_id",
            name=op.f("uq_triad_feedback_round_id_observer_person_id"),
        ),
    )
    op.create_index(
        op.f("ix_triad_feedback_observer_person_id"), "triad_feedback", ["observer_person_id"]
    )


def downgrade() -> None:
    op.drop_table("triad_feedback")
    op.drop_table("triad_rounds")
    op.drop_table("triad_members")
    op.drop_table("triads")
