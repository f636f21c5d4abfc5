"""An index on every foreign key that had none (adapters/orm/foreign_key_indexes.py).

Revision ID: 0017
Revises: 0016
Create Date: 2027-01-20 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    ("action_items", "owner_person_id"),
    ("checkins", "comment_data_key_id"),
    ("competency_ratings", "competency_id"),
    ("competency_ratings", "rater_person_id"),
    ("competency_ratings", "subject_person_id"),
    ("emailed_links", "created_by_user_id"),
    ("engagements", "proposal_id"),
    ("exclusions", "mentee_person_id"),
    ("exclusions", "mentor_person_id"),
    ("import_mappings", "updated_by_user_id"),
    ("kpi_measurements", "recorded_by_person_id"),
    ("match_proposals", "program_id"),
    ("match_proposals", "run_id"),
    ("match_runs", "created_by_user_id"),
    ("match_runs", "program_id"),
    ("notes", "author_person_id"),
    ("notes", "data_key_id"),
    ("report_published_competency_changes", "enrolment_id"),
    ("report_published_themes", "enrolment_id"),
    ("report_competency_changes", "enrolment_id"),
    ("report_themes", "enrolment_id"),
    ("session_themes", "theme_id"),
    ("user_roles", "program_id"),
]


def upgrade() -> None:
    for table, column in COLUMNS:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
