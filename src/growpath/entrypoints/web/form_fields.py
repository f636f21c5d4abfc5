"""Typed values out of text form fields, naming the field when one cannot be read."""

from __future__ import annotations

import re
from datetime import date

from growpath.domain.errors import Problem


def form_date(raw: str, name: str, problems: list[Problem]) -> date | None:
    """Read an ISO date from a form field (empty: None); note a problem when it is no date."""
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        problems.append(Problem("must be a date like 2026-02-01", name))
        return None


def form_int(raw: str, name: str, problems: list[Problem]) -> int | None:
    """Read a whole number from a form field (empty: None); note a problem when it is none."""
    text = raw.strip()
    if not text:
        return None
    # Digits only and at most nine: "1_000" or "+5" are no typed numbers, and anything longer
    # would overflow the database's integers.
    if not re.fullmatch(r"-?\d{1,9}", text):
        problems.append(Problem("must be a whole number", name))
        return None
    return int(text)


# What a person reads for a field a problem names: the form's own words, never the path the
# code uses. Fields of a list ("actions[0].due_on") are named here without their index.
FIELD_LABELS = {
    "actions.description": "Description",
    "actions.owner_person_id": "Owner",
    "actions.due_on": "Due date",
    "baseline_value": "Where it stands now",
    "cadence_days": "Session cadence (days)",
    "capacity": "Number of people you take on",
    "competency_key": "Competency",
    "competency_keys": "Competency",
    "confirm_email": "Confirmation e-mail",
    "current_password": "Current password",
    "default_length_months": "Default length (months)",
    "due_on": "Due date",
    "duration_minutes": "Length (minutes)",
    "email": "E-mail",
    "end_on": "End of the renewed term",
    "ends_on": "End date",
    "group_size": "Group size",
    "languages": "Languages",
    "measure": "Measured by",
    "measured_on": "Date measured",
    "meeting_frequency": "How often you meet",
    "new_email": "New e-mail",
    "new_end_on": "New end date",
    "new_password": "New password",
    "planned_end_on": "Planned end date",
    "preferences.department": "Department preference",
    "preferences.language": "Language to meet in",
    "preferences.mentor_seniority": "Seniority preference",
    "preferences.timezone_window_hours": "Time-zone window (hours)",
    "reason": "Reason",
    "renewal_on": "Renewal point",
    "scheduled_at": "Date and time",
    "skills": "Skills",
    "starts_on": "Start date",
    "success": "What success looks like",
    "target_value": "Target",
    "timezone": "Time zone",
    "title": "Goal",
    "value": "Value",
    "checkin_schedule.first_after_days": "First check-in after (days)",
    "checkin_schedule.every_days": "Check-in every (days)",
    "health_rules.incomplete_days": "Reminder about an incomplete profile (days)",
    "health_rules.invitation_days": "Reminder about an unanswered proposal (days)",
    "health_rules.response_days": "Proposal lapses after (days)",
    "health_rules.first_meeting_days": "Nudge without a first meeting (days)",
    "health_rules.cadence_multiple": "Missed cadences before a nudge",
    "health_rules.end_warning_days": "Warning before the planned end (days)",
    "health_rules.inactivity_days": "Stalled after (days)",
    "health_rules.conclude_after_days": "Ended after the warning (days)",
}
# How one item of a list field is called: "Due date of action 1".
LIST_ITEMS = {"actions": "action"}
LIST_FIELD = re.compile(r"(?P<list>\w+)\[(?P<index>\d+)\]\.(?P<field>.+)")


def field_label(path: str) -> str:
    """Name a form field, as a problem gives it, in the words a person reads on the form."""
    if found := LIST_FIELD.fullmatch(path):
        item = LIST_ITEMS.get(found["list"], "row")
        inner = field_label(f"{found['list']}.{found['field']}")
        return f"{inner} of {item} {int(found['index']) + 1}"
    if path in FIELD_LABELS:
        return FIELD_LABELS[path]
    # A field nobody named: its own words, each level of a nested one after a colon.
    parts = [part.replace("_", " ") for part in path.split(".") if part]
    return ": ".join([parts[0].capitalize(), *parts[1:]]) if parts else path
