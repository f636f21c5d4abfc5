"""Lessons from mentors (their themes, and who follows which mentor) and the published copy of
each former mentee's mentoring lineage, which the program report reads.

Revision ID: 0032
Revises: 0031
Create Date: 2027-03-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _index(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def upgrade() -> None:
    op.create_table(
        "lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_person_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("differently", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_by_user_id", sa.Integer(), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('published', 'hidden')", name=op.f("ck_lessons_status_valid")
        ),
        _fk("lessons", "author_person_id", "people", "CASCADE"),
        _fk("lessons", "program_id", "programs", "CASCADE"),
        _fk("lessons", "hidden_by_user_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lessons")),
    )
    _index("lessons", "author_person_id", "program_id", "status", "hidden_by_user_id")
    op.create_table(
        "lesson_themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        _fk("lesson_themes", "lesson_id", "lessons", "CASCADE"),
        _fk("lesson_themes", "theme_id", "development_themes", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_themes")),
        sa.UniqueConstraint(
            "lesson_id", "theme_id", name=op.f("uq_lesson_themes_lesson_id_theme_id")
        ),
    )
    _index("lesson_themes", "lesson_id", "theme_id")
    op.create_table(
        "mentor_follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follower_person_id", sa.Integer(), nullable=False),
        sa.Column("mentor_person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("mentor_follows", "follower_person_id", "people", "CASCADE"),
        _fk("mentor_follows", "mentor_person_id", "people", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_follows")),
        sa.UniqueConstraint(
            "follower_person_id",
            "mentor_person_id",
            name=op.f("uq_mentor_follows_follower_person_id_mentor_person_id"),
        ),
    )
    _index("mentor_follows", "follower_person_id", "mentor_person_id")
    op.create_table(
        "published_lineage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("generations", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "generations BETWEEN 0 AND 3", name=op.f("ck_published_lineage_generations_in_range")
        ),
        _fk("published_lineage", "program_id", "programs", "CASCADE"),
        _fk("published_lineage", "person_id", "people", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_lineage")),
        sa.UniqueConstraint(
            "program_id", "person_id", name=op.f("uq_published_lineage_program_id_person_id")
        ),
    )
    _index("published_lineage", "program_id", "person_id")


def downgrade() -> None:
    for table in ("published_lineage", "mentor_follows", "lesson_themes", "lessons"):
        op.drop_table(table)
