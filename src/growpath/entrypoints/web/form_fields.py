"""Typed values out of text form fields, naming the field when one cannot be read."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date

from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext

from growpath.domain.errors import Problem, Term
from growpath.i18n import N_, translations
from growpath.template_gettext import render_locale


def form_date(raw: str, name: str, problems: list[Problem]) -> date | None:
    """Read an ISO date from a form field (empty: None); note a problem when it is no date."""
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        problems.append(Problem.of(N_("must be a date like 2026-02-01"), name))
        return None


def form_int(raw: str, name: str, problems: list[Problem]) -> int | None:
    """Read a whole number from a form field (empty: None); note a problem when it is none."""
    text = raw.strip()
    if not text:
        return None
    # Digits only and at most nine: "1_000" or "+5" are no typed numbers, and anything longer
    # would overflow the database's integers.
    if not re.fullmatch(r"-?\d{1,9}", text):
        problems.append(Problem.of(N_("must be a whole number"), name))
        return None
    return int(text)


# What a person reads for a field a problem names: the form's own words, never the path the
# code uses. Fields of a list ("actions[0].due_on") are named here without their index.
FIELD_LABELS = {
    "actions.description": N_("Description"),
    "actions.owner_person_id": N_("Owner"),
    "actions.due_on": N_("Due date"),
    "baseline_value": N_("Where it stands now"),
    "cadence_days": N_("Session cadence (days)"),
    "capacity": N_("Number of people you take on"),
    "competency_key": N_("Competency"),
    "competency_keys": N_("Competency"),
    "confirm_email": N_("Confirmation e-mail"),
    "current_password": N_("Current password"),
    "default_length_months": N_("Default length (months)"),
    "due_on": N_("Due date"),
    "duration_minutes": N_("Length (minutes)"),
    "open_questions": N_("Open and closed questions"),
    "listening": N_("Listening"),
    "try_next": N_("What to try next"),
    "email": N_("E-mail"),
    "end_on": N_("End of the renewed term"),
    "ends_on": N_("End date"),
    "group_size": N_("Group size"),
    "languages": N_("Languages"),
    "measure": N_("Measured by"),
    "measured_on": N_("Date measured"),
    "meeting_frequency": N_("How often you meet"),
    "new_email": N_("New e-mail"),
    "new_end_on": N_("New end date"),
    "new_password": N_("New password"),
    "planned_end_on": N_("Planned end date"),
    "preferences.department": N_("Department preference"),
    "preferences.language": N_("Language to meet in"),
    "preferences.mentor_seniority": N_("Seniority preference"),
    "preferences.timezone_window_hours": N_("Time-zone window (hours)"),
    "reason": N_("Reason"),
    "renewal_on": N_("Renewal point"),
    "scheduled_at": N_("Date and time"),
    "skills": N_("Skills"),
    "starts_on": N_("Start date"),
    "success": N_("What success looks like"),
    "target_value": N_("Target"),
    "timezone": N_("Time zone"),
    "title": N_("Goal"),
    "value": N_("Value"),
    "checkin_schedule.first_after_days": N_("First check-in after (days)"),
    "checkin_schedule.every_days": N_("Check-in every (days)"),
    "health_rules.incomplete_days": N_("Reminder about an incomplete profile (days)"),
    "health_rules.invitation_days": N_("Reminder about an unanswered proposal (days)"),
    "health_rules.response_days": N_("Proposal lapses after (days)"),
    "health_rules.first_meeting_days": N_("Nudge without a first meeting (days)"),
    "health_rules.cadence_multiple": N_("Missed cadences before a nudge"),
    "health_rules.end_warning_days": N_("Warning before the planned end (days)"),
    "health_rules.inactivity_days": N_("Stalled after (days)"),
    "health_rules.conclude_after_days": N_("Ended after the warning (days)"),
}
# How one item of a list field is called: "Due date of action 1".
LIST_ITEMS = {"actions": N_("%(field)s of action %(number)d")}
LIST_ITEM = N_("%(field)s of row %(number)d")
LIST_FIELD = re.compile(r"(?P<list>\w+)\[(?P<index>\d+)\]\.(?P<field>.+)")
# Fields a form repeats by row, named by their number: "skill_2" is "Skill 2".
ROW_FIELDS = {"skill": N_("Skill %(row)s"), "level_of_skill": N_("Level of skill %(row)s")}
ROW_FIELD = re.compile(r"(?P<name>[a-z_]+)_(?P<row>\d+)")


def field_label(path: str, translate: Callable[[str], str] = str) -> str:
    """Name a form field, as a problem gives it, in the words a person reads on the form."""
    if found := LIST_FIELD.fullmatch(path):
        item = translate(LIST_ITEMS.get(found["list"], LIST_ITEM))
        inner = field_label(f"{found['list']}.{found['field']}", translate)
        return item % {"field": inner, "number": int(found["index"]) + 1}
    if path in FIELD_LABELS:
        return translate(FIELD_LABELS[path])
    if (found := ROW_FIELD.fullmatch(path)) and found["name"] in ROW_FIELDS:
        return translate(ROW_FIELDS[found["name"]]) % {"row": int(found["row"])}
    # A field nobody named: its own words, each level of a nested one after a colon.
    parts = [part.replace("_", " ") for part in path.split(".") if part]
    return ": ".join([parts[0].capitalize(), *parts[1:]]) if parts else path


@pass_eval_context
def translated_field_label(eval_ctx: EvalContext, path: str) -> str:
    """Name a form field in the words the form shows, in the template's locale."""
    return field_label(path, translations(render_locale(eval_ctx)).gettext)


@pass_eval_context
def translated_reason(eval_ctx: EvalContext, problem: Problem | Term | Mapping[str, str]) -> str:
    """Give a problem's (or a term's) reason in the template's locale, its values filled in."""
    if isinstance(problem, Problem | Term):
        return problem.translated(translations(render_locale(eval_ctx)).gettext)
    # An error answer's problems (a refused request, a refusal shown on the error page) arrive
    # as dicts whose reasons the error handlers already translated.
    return problem["reason"]
