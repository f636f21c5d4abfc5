"""Learning modules: modules admins add, shipped modules they hide, who completed which, and
whether a program requires its roles' onboarding before matching or the first session.

Revision ID: 0028
Revises: 0027
Create Date: 2027-02-20 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "learning_modules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("practice", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "audience IN ('manager', 'mentor', 'coach', 'mentee')",
            name=op.f("ck_learning_modules_audience_valid"),
        ),
        sa.CheckConstraint(
            "kind IN ('module', 'resource')", name=op.f("ck_learning_modules_kind_valid")
        ),
        sa.CheckConstraint(
            "minutes BETWEEN 1 AND 120", name=op.f("ck_learning_modules_minutes_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_learning_modules_created_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_modules")),
        sa.UniqueConstraint("slug", name=op.f("uq_learning_modules_slug")),
    )
    op.create_index(
        op.f("ix_learning_modules_created_by_user_id"), "learning_modules", ["created_by_user_id"]
    )
    op.create_table(
        "hidden_modules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hidden_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["hidden_by_user_id"],
            ["users.id"],
            name=op.f("fk_hidden_modules_hidden_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hidden_modules")),
        sa.UniqueConstraint("slug", name=op.f("uq_hidden_modules_slug")),
    )
    op.create_index(
        op.f("ix_hidden_modules_hidden_by_user_id"), "hidden_modules", ["hidden_by_user_id"]
    )
    op.create_table(
        "module_completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_module_completions_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_module_completions")),
        sa.UniqueConstraint("person_id", "slug", name=op.f("uq_module_completions_person_id_slug")),
    )
    op.create_index(op.f("ix_module_completions_person_id"), "module_completions", ["person_id"])
    op.create_index(op.f("ix_module_completions_slug"), "module_completions", ["slug"])
    with op.batch_alter_table("programs") as batch:
        batch.add_column(
            sa.Column(
                "training_required", sa.String(length=24), nullable=False, server_default="none"
            )
        )
        batch.create_check_constraint(
            op.f("ck_programs_training_required_valid"),
            "training_required IN ('none', 'before_matching', 'before_first_session')",
        )


def downgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.drop_constraint(op.f("ck_programs_training_required_valid"), type_="check")
        batch.drop_column("training_required")
    op.drop_index(op.f("ix_module_completions_slug"), table_name="module_completions")
    op.drop_index(op.f("ix_module_completions_person_id"), table_name="module_completions")
    op.drop_table("module_completions")
    op.drop_index(op.f("ix_hidden_modules_hidden_by_user_id"), table_name="hidden_modules")
    op.drop_table("hidden_modules")
    op.drop_index(op.f("ix_learning_modules_created_by_user_id"), table_name="learning_modules")
    op.drop_table("learning_modules")
