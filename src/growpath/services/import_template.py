"""The people import's template: the import's own columns and one example row to copy."""

from __future__ import annotations

from growpath.adapters.csv_files import csv_text
from growpath.domain.people import HRIS_FIELDS
from growpath.i18n import N_
from growpath.services.context import Context

# One person as the import reads them; lists take ';', skills take name:level (1–5).
EXAMPLE = {
    "email": "ada.lovelace@example.com",
    "name": "Ada Lovelace",
    "title": "Staff engineer",
    "department": "Platform",
    "manager_email": "",
    "seniority_level": "6",
    "job_family": "Engineering",
    "timezone": "Europe/London",
    "languages": "en;fr",
    "skills": "python:4;sql:3",
    "interests": "mentoring;system design",
    "bio": "Builds the data platform and likes to teach.",
    "employee_id": "E1001",
    "hire_date": "2021-03-01",
    "leave_date": "",
    "is_external": "false",
}


def import_template_csv(ctx: Context) -> str:
    """Return the import's header row and one example row, as CSV (organisation admins)."""
    ctx.require_org_admin(
        N_("only an organisation administrator may download the people import template")
    )
    return csv_text([list(HRIS_FIELDS), [EXAMPLE[field] for field in HRIS_FIELDS]])
