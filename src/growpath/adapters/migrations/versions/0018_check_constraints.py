"""Kind, role, format, mode, category, visibility, origin, response, outcome and support
columns accept only the domain's values; levels, ratings, capacities, lengths, durations and
check-in answers stay within the ranges the domain validates.

Rows that would break a new constraint stop the upgrade before anything changes, with a
message naming each table, column and offending value, so an operator knows what to fix.
The conditions are written out here, not read from the models, so this migration means the
same thing whatever the code later allows (tests/integration/test_check_constraints.py
checks that they agree with the models today).

Revision ID: 0018
Revises: 0017
Create Date: 2027-01-27 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, constraint name under the naming convention's ck_<table>_ prefix, condition)
CHECKS = [
    ("people", "seniority_level", "seniority_level_in_range", "seniority_level BETWEEN 1 AND 10"),
    ("person_skills", "level", "level_in_range", "level BETWEEN 1 AND 5"),
    ("user_roles", "role", "role_valid", "role IN ('participant', 'program_admin', 'org_admin')"),
    ("programs", "kind", "kind_valid", "kind IN ('coaching', 'mentoring')"),
    (
        "programs",
        "format",
        "format_valid",
        "format IN ('one_to_one', 'group', 'peer', 'reverse', 'flash')",
    ),
    (
        "programs",
        "default_length_months",
        "default_length_months_in_range",
        "default_length_months BETWEEN 1 AND 24",
    ),
    ("programs", "cadence_days", "cadence_days_in_range", "cadence_days BETWEEN 7 AND 90"),
    ("enrolments", "role", "role_valid", "role IN ('mentee', 'coachee', 'mentor', 'coach')"),
    ("enrolments", "capacity", "capacity_in_range", "capacity BETWEEN 0 AND 10"),
    ("match_runs", "mode", "mode_valid", "mode IN ('optimal', 'max_matched', 'stable')"),
    ("engagements", "kind", "kind_valid", "kind IN ('coaching', 'mentoring')"),
    (
        "engagement_sessions",
        "duration_minutes",
        "duration_minutes_in_range",
        "duration_minutes BETWEEN 15 AND 240",
    ),
    (
        "competency_ratings",
        "rater_role",
        "rater_role_valid",
        "rater_role IN ('self', 'guide', 'manager')",
    ),
    ("competency_ratings", "phase", "phase_valid", "phase IN ('baseline', 'midpoint', 'final')"),
    ("competency_ratings", "rating", "rating_in_range", "rating BETWEEN 1 AND 5"),
    (
        "competencies",
        "category",
        "category_valid",
        "category IN ('technical', 'leadership', 'communication')",
    ),
    ("consents", "kind", "kind_valid", "kind IN ('manager_trajectory', 'layering')"),
    ("notes", "visibility", "visibility_valid", "visibility IN ('shared', 'private')"),
    ("engagement_members", "role", "role_valid", "role IN ('guide', 'participant')"),
    ("match_proposals", "origin", "origin_valid", "origin IN ('optimiser', 'self_service')"),
    (
        "match_proposals",
        "mentee_response",
        "mentee_response_valid",
        "mentee_response IN ('accepted', 'declined')",
    ),
    (
        "match_proposals",
        "mentor_response",
        "mentor_response_valid",
        "mentor_response IN ('accepted', 'declined')",
    ),
    ("audit_events", "outcome", "outcome_valid", "outcome IN ('allowed', 'denied')"),
    (
        "report_participants",
        "support",
        "support_valid",
        "support IN ('coaching', 'mentoring', 'both')",
    ),
    (
        "report_participants",
        "engagement_status",
        "engagement_status_valid",
        "engagement_status IN "
        "('proposed', 'active', 'paused', 'completed', 'ended_early', 'renewed')",
    ),
    (
        "report_published_participants",
        "support",
        "support_valid",
        "support IN ('coaching', 'mentoring', 'both')",
    ),
    (
        "report_stale",
        "kind",
        "kind_valid",
        "kind IN ('enrolment', 'person', 'program', 'engagement', 'session', 'all')",
    ),
    ("checkins", "satisfaction", "satisfaction_in_range", "satisfaction BETWEEN 1 AND 5"),
    ("checkins", "progress", "progress_in_range", "progress BETWEEN 1 AND 5"),
]
# Enough offending values for an operator to see the pattern without flooding the log.
SHOWN_VALUES = 10


def upgrade() -> None:
    violations = [
        violation
        for table, column, _, condition in CHECKS
        if (violation := _violation(table, column, condition))
    ]
    if violations:
        raise RuntimeError(
            "cannot add the check constraints of revision 0018: fix or remove these rows "
            "first, then upgrade again (nothing was changed):\n" + "\n".join(violations)
        )
    for table in dict.fromkeys(table for table, *_ in CHECKS):
        with op.batch_alter_table(table) as batch:
            for _, _, name, condition in (check for check in CHECKS if check[0] == table):
                batch.create_check_constraint(op.f(f"ck_{table}_{name}"), condition)


def downgrade() -> None:
    for table in reversed(dict.fromkeys(table for table, *_ in CHECKS)):
        with op.batch_alter_table(table) as batch:
            for _, _, name, _ in (check for check in CHECKS if check[0] == table):
                batch.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")


def _violation(table: str, column: str, condition: str) -> str:
    """Describe the rows of table whose column breaks condition, or return '' if none do."""
    # NOT (NULL) is not true, so NULLs pass here exactly as they pass a CHECK.
    # The names and conditions are this file's constants, never input: S608 does not apply.
    where = f"FROM {table} WHERE NOT ({condition}) GROUP BY {column} ORDER BY {column}"
    counts = op.get_bind().exec_driver_sql(f"SELECT {column}, count(*) {where}").all()  # noqa: S608
    if not counts:
        return ""
    shown = ", ".join(
        f"{value!r} ({rows} row{'' if rows == 1 else 's'})" for value, rows in counts[:SHOWN_VALUES]
    )
    more = f" and {len(counts) - SHOWN_VALUES} more values" if len(counts) > SHOWN_VALUES else ""
    return f"  {table}.{column} holds values outside `{condition}`: {shown}{more}"
