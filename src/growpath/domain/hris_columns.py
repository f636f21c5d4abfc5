"""Which column of an HRIS file fills which growpath field: presets and saved mappings.

A file's header names are matched case-insensitively, with underscores read as spaces, so
Workday's "Employee_ID" and "Employee ID" are one column. Columns nobody maps are ignored
(the import warns once, listing them); a field the file does not fill is left as it was.

Where each preset's labels come from (docs/people-import.md lists them per field):
- BambooHR: the field names of its employee records as reports and the "Employee List"
  export show them ("Employee #", "Work Email", "Job Title", "Reports To", "Hire Date", ...),
  the labels of BambooHR's documented list of field names (employeeNumber, workEmail,
  supervisor, supervisorEmail, supervisorEId, hireDate, terminationDate).
- Workday: the column headings of Workday worker reports ("Employee ID", "Worker",
  "Business Title", "Email - Primary Work", "Manager", "Supervisory Organization",
  "Time Zone", "Hire Date", "Termination Date"), written with spaces or underscores.
- HiBob: the display names of bob's people fields in its people export and reports
  ("Employee ID", "Display name", "First name", "Last name", "Email", "Job title",
  "Department", "Reports to", "Start date", "Termination date").
- Personio: the attribute names of its employee list export and import template ("ID",
  "First name", "Last name", "Email", "Position", "Department", "Supervisor", "Hire date",
  "Termination date", "Employment type" internal/external).
- Rippling: the report builder's field names ("Employee ID", "Legal first name",
  "Legal last name", "Work email", "Title", "Department", "Manager", "Manager - Work email",
  "Start date", "End date").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.people import HRIS_FIELDS
from growpath.domain.text import control_character
from growpath.i18n import N_

MAX_MAPPED_COLUMNS, MAX_COLUMN_NAME = 200, 200
# A full name may come as one column or as first and last names.
NAME_PARTS = ("first_name", "last_name")
MAPPABLE_FIELDS = (*HRIS_FIELDS, *NAME_PARTS)

# field -> the labels that may fill it, most exact first (an e-mail beats a name).
Preset = Mapping[str, tuple[str, ...]]

PRESETS: dict[str, Preset] = {
    "bamboohr": {
        "email": ("Work Email", "Email"),
        "name": ("Full Name", "Display Name"),
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "employee_id": ("Employee #", "Employee Number", "Employee ID"),
        "title": ("Job Title",),
        "department": ("Department",),
        "manager_email": ("Supervisor Email", "Supervisor EID", "Reports To", "Supervisor"),
        "hire_date": ("Hire Date",),
        "leave_date": ("Termination Date",),
    },
    "workday": {
        "email": ("Email - Primary Work", "Primary Work Email", "Work Email", "Email Address"),
        "name": ("Worker", "Legal Name", "Full Name", "Preferred Name"),
        "first_name": ("First Name", "Legal First Name"),
        "last_name": ("Last Name", "Legal Last Name"),
        "employee_id": ("Employee ID", "Worker ID"),
        "title": ("Business Title", "Job Title", "Job Profile"),
        "department": ("Supervisory Organization", "Department"),
        "manager_email": ("Manager Email", "Manager ID", "Manager", "Manager Name"),
        "job_family": ("Job Family",),
        "timezone": ("Time Zone",),
        "hire_date": ("Hire Date", "Original Hire Date"),
        "leave_date": ("Termination Date",),
        "is_external": ("Worker Type",),
    },
    "hibob": {
        "email": ("Email", "Work email"),
        "name": ("Display name", "Full name"),
        "first_name": ("First name",),
        "last_name": ("Last name",),
        "employee_id": ("Employee ID", "Employee id in company"),
        "title": ("Job title",),
        "department": ("Department",),
        "manager_email": ("Reports to email", "Reports to"),
        "hire_date": ("Start date",),
        "leave_date": ("Termination date",),
    },
    "personio": {
        "email": ("Email",),
        "name": ("Full name", "Name"),
        "first_name": ("First name",),
        "last_name": ("Last name",),
        "employee_id": ("ID", "Employee ID"),
        "title": ("Position",),
        "department": ("Department",),
        "manager_email": ("Supervisor",),
        "hire_date": ("Hire date",),
        "leave_date": ("Termination date", "Contract end date"),
        "is_external": ("Employment type",),
    },
    "rippling": {
        "email": ("Work email",),
        "name": ("Employee name", "Full name"),
        "first_name": ("Legal first name", "First name"),
        "last_name": ("Legal last name", "Last name"),
        "employee_id": ("Employee ID", "Employee number"),
        "title": ("Title", "Job title"),
        "department": ("Department",),
        "manager_email": ("Manager - Work email", "Manager work email", "Manager"),
        "hire_date": ("Start date",),
        "leave_date": ("End date", "Termination date"),
    },
}
PRESET_LABELS = {
    "bamboohr": "BambooHR",
    "workday": "Workday",
    "hibob": "HiBob",
    "personio": "Personio",
    "rippling": "Rippling",
}


def column_key(header: str) -> str:
    """Return the form two spellings of one column header share."""
    return " ".join(header.replace("_", " ").split()).casefold()


@dataclass(frozen=True)
class ColumnPlan:
    """Which file column fills each field, and the columns left unread."""

    columns: Mapping[str, str]  # growpath field -> the file's header, as written
    ignored: tuple[str, ...]

    @property
    def fields(self) -> frozenset[str]:
        """The growpath fields the file fills (name counts when first and last names do)."""
        filled = set(self.columns)
        if set(NAME_PARTS) & filled:
            filled.add("name")
        return frozenset(filled - set(NAME_PARTS))


def mapping_problems(mapping: Mapping[str, str]) -> list[Problem]:
    """Check a custom mapping of file columns to growpath fields; list every problem."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    if len(mapping) > MAX_MAPPED_COLUMNS:
        return [
            Problem.of(
                N_("a mapping lists at most %(most)s columns"), "mapping", most=MAX_MAPPED_COLUMNS
            )
        ]
    for column, target in mapping.items():
        if not column_key(column):
            problems.append(Problem(N_("a column name is empty"), "mapping"))
            continue
        if len(column) > MAX_COLUMN_NAME or control_character(column):
            problems.append(
                Problem.of(
                    N_("a column name is one line of at most %(most)s characters"),
                    column[:MAX_COLUMN_NAME],
                    most=MAX_COLUMN_NAME,
                )
            )
            continue
        if target not in MAPPABLE_FIELDS:
            problems.append(
                Problem.of(
                    N_("'%(target)s' is not a growpath field; expected one of %(fields)s"),
                    column,
                    target=target,
                    fields=", ".join(MAPPABLE_FIELDS),
                )
            )
        elif target in seen:
            problems.append(
                Problem.of(
                    N_("columns '%(first)s' and '%(second)s' both map to %(target)s"),
                    column,
                    first=seen[target],
                    second=column,
                    target=target,
                )
            )
        else:
            seen[target] = column
    problems.extend(Problem(MAPPING_LACKS[field], field, 1) for field in _missing_fields(set(seen)))
    return problems


# Each missing field, said whole for each place it is missing from (word order differs by
# language): the mapping itself, or the header row read by a mapping, a preset or the defaults.
MAPPING_LACKS = {
    "email": N_("the mapping has no column for email"),
    "name": N_("the mapping has no column for name (or first_name and last_name)"),
}
HEADER_LACKS = {
    ("email", "mapping"): N_(
        "the header row has no column for email: by your column mapping it looked for "
        "%(labels)s and found %(headers)s"
    ),
    ("email", "preset"): N_(
        "the header row has no column for email: by the %(preset)s preset it looked for "
        "%(labels)s and found %(headers)s"
    ),
    ("email", "own"): N_(
        "the header row has no column for email: by growpath's own column names it looked for "
        "%(labels)s and found %(headers)s"
    ),
    ("name", "mapping"): N_(
        "the header row has no column for name (or first_name and last_name): by your column "
        "mapping it looked for %(labels)s and found %(headers)s"
    ),
    ("name", "preset"): N_(
        "the header row has no column for name (or first_name and last_name): by the "
        "%(preset)s preset it looked for %(labels)s and found %(headers)s"
    ),
    ("name", "own"): N_(
        "the header row has no column for name (or first_name and last_name): by growpath's "
        "own column names it looked for %(labels)s and found %(headers)s"
    ),
}


def _missing_fields(fields: set[str]) -> list[str]:
    missing = []
    if "email" not in fields:
        missing.append("email")
    if "name" not in fields and not set(NAME_PARTS) <= fields:
        missing.append("name")
    return missing


def plan_columns(
    headers: Iterable[str],
    preset: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ColumnPlan | list[Problem]:
    """Decide which header fills which field, by a mapping, a preset or growpath's own names."""
    written = [h for h in headers if column_key(h)]
    by_key: dict[str, str] = {}
    for header in written:
        by_key.setdefault(column_key(header), header)
    wanted: dict[str, tuple[str, ...]] = {}
    if mapping is not None:
        for column, target in mapping.items():
            wanted[target] = (column,)
    elif preset is not None:
        wanted = dict(PRESETS[preset])
    # growpath's own column names fill whatever the preset or mapping leaves open.
    for target in MAPPABLE_FIELDS:
        wanted.setdefault(target, ())
        if mapping is None:
            wanted[target] = (*wanted[target], target)
    columns: dict[str, str] = {}
    for target, labels in wanted.items():
        for label in labels:
            if (found := by_key.get(column_key(label))) and found not in columns.values():
                columns[target] = found
                break
    missing = _missing_fields(set(columns) | _name_if_parts(columns))
    if missing:
        source = "mapping" if mapping is not None else "preset" if preset else "own"
        preset_label = PRESET_LABELS[preset] if preset else ""
        return [_with_headers(f, written, source, preset_label, wanted) for f in missing]
    used = set(columns.values())
    return ColumnPlan(columns, tuple(h for h in written if h not in used))


def _name_if_parts(columns: Mapping[str, str]) -> set[str]:
    return {"name"} if "name" in columns or set(NAME_PARTS) <= set(columns) else set()


def _with_headers(
    field: str,
    headers: list[str],
    source: str,
    preset: str,
    wanted: Mapping[str, tuple[str, ...]],
) -> Problem:
    looked_for = list(wanted.get(field, ()))
    if field == "name":
        first, last = wanted.get("first_name", ()), wanted.get("last_name", ())
        looked_for += [f"{f} + {la}" for f, la in zip(first, last, strict=False)]
    labels = " or ".join(f"'{label}'" for label in dict.fromkeys(looked_for)) or "nothing"
    return Problem.of(
        HEADER_LACKS[field, source],
        field,
        1,
        labels=labels,
        headers=", ".join(headers) or "no columns",
        preset=preset,
    )


def check_preset(preset: str | None) -> str | None:
    """Return the preset's key, or raise InvalidInput naming the presets there are."""
    if preset is None or preset == "":
        return None
    key = preset.strip().lower()
    if key not in PRESETS:
        raise InvalidInput(
            [
                Problem.of(
                    N_("unknown preset '%(preset)s'; expected one of %(presets)s"),
                    "preset",
                    preset=preset,
                    presets=", ".join(PRESETS),
                )
            ]
        )
    return key


def check_mapping(mapping: object) -> dict[str, str]:
    """Return a custom mapping (file column -> growpath field), or raise InvalidInput."""
    if isinstance(mapping, dict) and isinstance(mapping.get("columns"), dict):
        mapping = mapping["columns"]
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise InvalidInput(
            [
                Problem(
                    N_('a mapping is a JSON object: {"File column": "growpath_field", ...}'),
                    "mapping",
                )
            ]
        )
    columns = {k.strip(): v.strip() for k, v in mapping.items()}
    if problems := mapping_problems(columns):
        raise InvalidInput(problems)
    return columns
