"""Everything a participant writes is sealed at rest: actions, charters, goals, enrolment goals,
an engagement's end reason and the outbox's subjects and bodies; audit targets hold an e-mail.

The rows already there are sealed in place, in batches, under the notes key of the app that
runs the upgrade (`growpath db upgrade`); a database holding such text and migrated without a
notes key is refused, and nothing changes. A downgrade opens them again and so needs the same
key (or one on GROWPATH_NOTES_PREVIOUS_KEYS); without it, it is refused.

Revision ID: 0013
Revises: 0012
Create Date: 2027-01-20 10:00:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from growpath.adapters.crypto import NoteCipher
from growpath.adapters.sealed_text import cipher_of, open_value, seal_value

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500
# (table, column, length before this revision, or None for text): the columns sealed here.
SEALED = [
    ("action_items", "description", None),
    ("engagements", "charter_purpose", None),
    ("engagements", "charter_goals", None),
    ("engagements", "charter_meeting_frequency", 120),
    ("engagements", "charter_success", None),
    ("engagements", "end_reason", None),
    ("goals", "title", 200),
    ("goals", "specific", None),
    ("goals", "measure", 200),
    ("enrolments", "goals", None),
    ("nudges", "subject", 300),
    ("nudges", "body", None),
]


def upgrade() -> None:
    cipher = _cipher_for("seal the text participants wrote")
    # A sealed value outgrows a short column: the ones that had a length become text.
    for table, column, length in SEALED:
        if length is not None:
            with op.batch_alter_table(table) as batch:
                batch.alter_column(column, type_=sa.Text(), existing_type=sa.String(length))
    with op.batch_alter_table("audit_events") as batch:
        # An e-mail address may be 320 characters long (RFC 3696).
        batch.alter_column("target_id", type_=sa.String(320), existing_type=sa.String(64))
    _rewrite_every_value(cipher, seal_value)


def downgrade() -> None:
    _rewrite_every_value(_cipher_for("open the sealed text again"), open_value)
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("target_id", type_=sa.String(64), existing_type=sa.String(320))
    for table, column, length in SEALED:
        if length is not None:
            with op.batch_alter_table(table) as batch:
                batch.alter_column(column, type_=sa.String(length), existing_type=sa.Text())


def _cipher_for(purpose: str) -> NoteCipher | None:
    """Return the notes key's cipher; refuse, before changing anything, when text needs one."""
    bind = op.get_bind()
    cipher = cipher_of(bind.dialect)
    if cipher is not None:
        return cipher
    for table_name, column_name, _ in SEALED:
        table = sa.table(table_name, sa.column(column_name, sa.Text))
        if bind.execute(
            sa.select(table.c[column_name]).where(table.c[column_name] != "").limit(1)
        ).first():
            # SQLite does not roll back a table rebuilt by an earlier step: refuse first.
            raise RuntimeError(
                f"{table_name}.{column_name} holds text and this migration needs the notes "
                f"key to {purpose}: run it through `growpath db upgrade` (or downgrade) "
                "with GROWPATH_NOTES_KEY or GROWPATH_SECRET_KEY set"
            )
    return None


def _rewrite_every_value(
    cipher: NoteCipher | None, rewrite: Callable[[NoteCipher, str, str], str]
) -> None:
    if cipher is None:
        return  # nothing to rewrite: _cipher_for found no text
    bind = op.get_bind()
    for table_name, column_name, _ in SEALED:
        table = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column_name, sa.Text))
        id_, value = table.c.id, table.c[column_name]
        context = f"{table_name}.{column_name}"
        last = 0
        while True:
            batch = bind.execute(
                sa.select(id_, value).where(id_ > last, value != "").order_by(id_).limit(BATCH)
            ).all()
            if not batch:
                break
            for row_id, stored in batch:
                bind.execute(
                    sa.update(table)
                    .where(id_ == row_id)
                    .values({column_name: rewrite(cipher, stored, context)})
                )
            last = batch[-1][0]
