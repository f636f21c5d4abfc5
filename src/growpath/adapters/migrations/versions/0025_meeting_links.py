"""Meeting links: a program says where its pairs meet online (none, a Jitsi room per engagement,
or the guide's own room); an engagement keeps the sealed random name of its Jitsi room, and a
person the sealed address of their own meeting room.

Revision ID: 0025
Revises: 0024
Create Date: 2027-02-10 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.add_column(
            sa.Column("meeting_link", sa.String(length=16), nullable=False, server_default="none")
        )
        batch.create_check_constraint(
            op.f("ck_programs_meeting_link_valid"),
            "meeting_link IN ('none', 'jitsi', 'guide_room')",
        )
    # Sealed text: gp1:<key id>:<base64>, so text on both databases; "" says nothing.
    with op.batch_alter_table("engagements") as batch:
        batch.add_column(sa.Column("meeting_token", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("people") as batch:
        batch.add_column(
            sa.Column("meeting_room_url", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("meeting_room_url")
    with op.batch_alter_table("engagements") as batch:
        batch.drop_column("meeting_token")
    with op.batch_alter_table("programs") as batch:
        batch.drop_constraint(op.f("ck_programs_meeting_link_valid"), type_="check")
        batch.drop_column("meeting_link")
