"""SAML sign-in: the requests sent to the identity provider, until the browser that sent them
comes back, and the ids of assertions already used, until they expire (replay).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saml_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=False),
        sa.Column("browser_digest", sa.String(length=64), nullable=False),
        sa.Column("next_path", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("identity", sa.JSON(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saml_requests")),
        sa.UniqueConstraint("request_id", name=op.f("uq_saml_requests_request_id")),
        sa.UniqueConstraint("browser_digest", name=op.f("uq_saml_requests_browser_digest")),
    )
    with op.batch_alter_table("saml_requests") as batch:
        batch.create_index(batch.f("ix_saml_requests_expires_at"), ["expires_at"], unique=False)
    op.create_table(
        "saml_assertions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assertion_id", sa.String(length=128), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saml_assertions")),
        sa.UniqueConstraint("assertion_id", name=op.f("uq_saml_assertions_assertion_id")),
    )
    with op.batch_alter_table("saml_assertions") as batch:
        batch.create_index(batch.f("ix_saml_assertions_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("saml_assertions") as batch:
        batch.drop_index(batch.f("ix_saml_assertions_expires_at"))
    op.drop_table("saml_assertions")
    with op.batch_alter_table("saml_requests") as batch:
        batch.drop_index(batch.f("ix_saml_requests_expires_at"))
    op.drop_table("saml_requests")
