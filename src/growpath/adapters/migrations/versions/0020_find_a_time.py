"""Finding a time: each person's working hours, the calendars their busy times come from
(address and credentials sealed), the busy intervals read from them (no titles, expiring),
the slots a pair proposes and confirms, and a program setting that confirms them at once.

Revision ID: 0020
Revises: 0019
Create Date: 2027-02-10 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _person(column: str = "person_id", nullable: bool = False) -> sa.Column[int]:
    return sa.Column(column, sa.Integer(), nullable=nullable)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.add_column(
            sa.Column("auto_confirm_slots", sa.Boolean(), nullable=False, server_default="0")
        )
    op.create_table(
        "working_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        _person(),
        sa.Column("days", sa.String(length=7), nullable=False),
        sa.Column("starts_minute", sa.Integer(), nullable=False),
        sa.Column("ends_minute", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "starts_minute BETWEEN 0 AND 1439", name=op.f("ck_working_hours_starts_minute_in_range")
        ),
        sa.CheckConstraint(
            "ends_minute BETWEEN 1 AND 1439", name=op.f("ck_working_hours_ends_minute_in_range")
        ),
        sa.CheckConstraint(
            "starts_minute < ends_minute", name=op.f("ck_working_hours_starts_before_ends")
        ),
        _fk("working_hours", "person_id", "people", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_hours")),
        sa.UniqueConstraint("person_id", name=op.f("uq_working_hours_person_id")),
    )
    # Sealed text: gp1:<key id>:<base64>, so text on both databases.
    op.create_table(
        "busy_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        _person(),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("password", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('ics', 'caldav')", name=op.f("ck_busy_sources_kind_valid")),
        _fk("busy_sources", "person_id", "people", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_busy_sources")),
    )
    op.create_index(op.f("ix_busy_sources_person_id"), "busy_sources", ["person_id"])
    op.create_table(
        "busy_intervals",
        sa.Column("id", sa.Integer(), nullable=False),
        _person(),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        _fk("busy_intervals", "person_id", "people", "CASCADE"),
        _fk("busy_intervals", "source_id", "busy_sources", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_busy_intervals")),
    )
    for column in ("person_id", "source_id", "expires_at"):
        op.create_index(op.f(f"ix_busy_intervals_{column}"), "busy_intervals", [column])
    op.create_table(
        "slot_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        _person("proposed_by_person_id", nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _person("answered_by_person_id", nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('proposed', 'confirmed', 'declined', 'superseded', 'taken')",
            name=op.f("ck_slot_proposals_status_valid"),
        ),
        sa.CheckConstraint(
            "duration_minutes BETWEEN 15 AND 240",
            name=op.f("ck_slot_proposals_duration_minutes_in_range"),
        ),
        _fk("slot_proposals", "engagement_id", "engagements", "CASCADE"),
        _fk("slot_proposals", "proposed_by_person_id", "people", "SET NULL"),
        _fk("slot_proposals", "answered_by_person_id", "people", "SET NULL"),
        _fk("slot_proposals", "session_id", "engagement_sessions", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slot_proposals")),
    )
    for column in ("engagement_id", "proposed_by_person_id", "answered_by_person_id", "session_id"):
        op.create_index(op.f(f"ix_slot_proposals_{column}"), "slot_proposals", [column])


def downgrade() -> None:
    op.drop_table("slot_proposals")
    op.drop_table("busy_intervals")
    op.drop_table("busy_sources")
    op.drop_table("working_hours")
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("auto_confirm_slots")
