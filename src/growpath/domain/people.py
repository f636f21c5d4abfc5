"""People as the HRIS describes them, and the rules an imported person must satisfy."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TypeVar

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

from growpath.domain.errors import BadValue, Problem, Term
from growpath.domain.hris_values import calendar_date, flag, time_zone, whole_number
from growpath.domain.text import paragraphs, single_line
from growpath.i18n import N_

MIN_SENIORITY, MAX_SENIORITY = 1, 10
MIN_SKILL_LEVEL, MAX_SKILL_LEVEL = 1, 5
LIST_SEPARATOR = ";"
# What a parser's refusal names the value it read as, in the reader's language.
_SENIORITY_LEVEL = Term(N_("seniority level"))
_HIRE_DATE = Term(N_("hire date"))
_LEAVE_DATE = Term(N_("leave date"))
T = TypeVar("T")


@dataclass(frozen=True)
class PersonProfile:
    """A validated person, keyed by e-mail; the manager is referenced by e-mail too.

    An HRIS file may name the manager by employee id or full name instead: that reference
    waits in manager_reference until the whole file is known (domain.manager_references).
    """

    email: str
    name: str
    title: str = ""
    department: str = ""
    manager_email: str | None = None
    seniority_level: int | None = None
    job_family: str = ""
    timezone: str = "UTC"
    languages: tuple[str, ...] = ()
    skills: Mapping[str, int] = field(default_factory=dict)
    interests: tuple[str, ...] = ()
    bio: str = ""
    employee_id: str = ""
    hire_date: date | None = None
    leave_date: date | None = None
    is_external: bool = False
    manager_reference: str = ""


# Plain ASCII addresses, nearly every row of an HRIS file, skip email_validator's Unicode and
# IDNA checks (a third of a large import's time): the pattern admits only addresses that it
# accepts as they are (tests/unit/test_people_rules.py checks that the two agree).
_PLAIN_EMAIL = re.compile(
    r"[a-z0-9_+-]{1,64}(?:\.[a-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}"
)
_SPECIAL_USE = frozenset(SPECIAL_USE_DOMAIN_NAMES)


def plain_email(text: str) -> str | None:
    """Return text lower-cased if it is a plain ASCII address email_validator accepts as is."""
    lowered = text.lower()
    if (
        len(lowered) <= 254
        and _PLAIN_EMAIL.fullmatch(lowered)
        and lowered.index("@") <= 64
        # A label with hyphens in its 3rd and 4th places ("xn--", "00--0") is reserved for
        # IDNA; email_validator refuses the reserved ones, so they take the slow path.
        and not any(label[2:4] == "--" for label in lowered.rsplit("@", 1)[1].split("."))
        and lowered.rsplit(".", 1)[1] not in _SPECIAL_USE
    ):
        return lowered
    return None


@lru_cache(maxsize=65536)  # managers repeat on many rows of an import
def normalise_email(raw: str) -> str:
    """Return the canonical lower-case form of an e-mail address, or raise ValueError."""
    if plain := plain_email(raw.strip()):
        return plain
    try:
        checked = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        # The validator's own words say what is wrong; they stay as it wrote them.
        raise BadValue(
            N_("'%(value)s' is not a valid e-mail address (%(why)s)"), value=raw, why=exc
        ) from exc
    return checked.normalized.lower()


def split_list(raw: str | Iterable[str] | None) -> tuple[str, ...]:
    """Split a ';'-separated cell (or a JSON list) into clean, de-duplicated items."""
    if raw is None:
        return ()
    items = raw.split(LIST_SEPARATOR) if isinstance(raw, str) else list(raw)
    seen: dict[str, None] = {}
    for item in items:
        cleaned = str(item).strip()
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


def parse_level(raw: object, low: int, high: int, what: str) -> int:
    """Parse an integer level within [low, high], or raise ValueError saying why."""
    level = whole_number(raw, what)
    if not low <= level <= high:
        raise BadValue(
            N_("%(what)s %(value)s is outside %(least)s–%(most)s"),
            what=what,
            value=level,
            least=low,
            most=high,
        )
    return level


def parse_skills(raw: str | Mapping[str, object] | None) -> dict[str, int]:
    """Parse skills given as 'python:4;sql:3' (or a mapping) into name → level."""
    if raw is None or raw == "":
        return {}
    pairs: list[tuple[str, object]]
    if isinstance(raw, Mapping):
        pairs = [(str(k), v) for k, v in raw.items()]
    else:
        pairs = []
        for chunk in split_list(raw):
            skill, sep, written_level = chunk.rpartition(":")
            if not sep or not skill.strip():
                raise BadValue(
                    N_("skill '%(skill)s' must look like name:level, e.g. python:4"), skill=chunk
                )
            pairs.append((skill, written_level))
    skills: dict[str, int] = {}
    for skill_name, level in pairs:
        key = skill_name.strip().lower()
        if key in skills:
            raise BadValue(N_("skill '%(skill)s' is listed twice"), skill=key)
        skills[key] = parse_level(
            level,
            MIN_SKILL_LEVEL,
            MAX_SKILL_LEVEL,
            Term(N_("level of skill '%(skill)s'"), skill=key),
        )
    return skills


def check_timezone(raw: str) -> str:
    """Return the IANA time zone raw names, in its canonical spelling, else raise ValueError."""
    return time_zone(raw)


def find_manager_cycles(manager_of: Mapping[str, str | None]) -> list[list[str]]:
    """Return every cycle in the reporting lines, each as the e-mails along it."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for start in manager_of:
        path: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = manager_of.get(node)
        if node is not None and state.get(node) == 1:
            cycles.append(path[path.index(node) :])
        for visited in path:
            state[visited] = 2
    return cycles


def reporting_chain_problems(
    profiles: Mapping[str, tuple[int, PersonProfile]],
    existing_managers: Mapping[str, str | None],
) -> list[Problem]:
    """Check that every manager exists and that no reporting line loops back on itself."""
    problems: list[Problem] = []
    manager_of: dict[str, str | None] = dict(existing_managers)
    for email, (line, profile) in profiles.items():
        manager = profile.manager_email
        if manager is not None and manager not in profiles and manager not in existing_managers:
            problems.append(
                Problem.of(
                    N_("manager '%(manager)s' is neither in the file nor already known"),
                    "manager_email",
                    line,
                    manager=manager,
                )
            )
            manager = None
        if manager == email:
            problems.append(
                Problem(N_("a person cannot be their own manager"), "manager_email", line)
            )
            manager = None
        manager_of[email] = manager
    for cycle in find_manager_cycles(manager_of):
        chain = " → ".join([*cycle, cycle[0]])
        for email in cycle:
            if email in profiles:
                problems.append(
                    Problem.of(
                        N_("reporting lines form a cycle: %(chain)s"),
                        "manager_email",
                        profiles[email][0],
                        chain=chain,
                    )
                )
    return problems


PROFILE_FIELDS = (
    "email",
    "name",
    "title",
    "department",
    "manager_email",
    "seniority_level",
    "job_family",
    "timezone",
    "languages",
    "skills",
    "interests",
    "bio",
)
# The columns of an HRIS file and of the export: the profile and the employment record.
HRIS_FIELDS = (*PROFILE_FIELDS, "employee_id", "hire_date", "leave_date", "is_external")
# What the person's own row keeps of an HRIS record besides the e-mail that finds them (the
# manager and skills live apart): an import reads, compares and writes these.
PERSON_COLUMNS = tuple(f for f in HRIS_FIELDS if f not in ("email", "manager_email", "skills"))
_TEXT_LIMITS = {
    "name": 200,
    "title": 200,
    "department": 120,
    "job_family": 120,
    "bio": 5000,
    "employee_id": 64,
}
# Every text field but the bio is one line: names reach mail headers, CSV rows and calendars.
_MULTI_LINE = frozenset({"bio"})


def profile_from_fields(
    fields: Mapping[str, object], line: int | None = None, *, manager_by_reference: bool = False
) -> PersonProfile | list[Problem]:
    """Validate one HRIS record; return the profile or every problem found in it.

    With manager_by_reference (an import), a manager that is not an e-mail is kept as a
    reference to an employee id or a full name, resolved once the whole file is read.
    """
    problems: list[Problem] = []
    unknown = sorted(k for k in fields if k not in HRIS_FIELDS)
    for name in unknown:
        problems.append(
            Problem.of(
                N_("unknown column; expected one of %(choices)s"),
                name,
                line,
                choices=", ".join(HRIS_FIELDS),
            )
        )

    def text(name: str) -> str:
        value = fields.get(name)
        cleaned = "" if value is None else str(value).strip()
        limit = _TEXT_LIMITS.get(name)
        if limit is not None and len(cleaned) > limit:
            problems.append(
                Problem.of(N_("is longer than %(most)s characters"), name, line, most=limit)
            )
        if name not in _MULTI_LINE:
            single_line(cleaned, name, problems, line)
        else:
            paragraphs(cleaned, name, problems, line)
        return cleaned

    def checked(name: str, parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except ValueError as exc:
            problems.append(Problem.from_error(exc, name, line))
            return None

    raw_email = text("email")
    email = None
    if not raw_email:
        problems.append(Problem(N_("is missing"), "email", line))
    else:
        email = checked("email", lambda: normalise_email(raw_email))
    name = text("name")
    if not name:
        problems.append(Problem(N_("is missing"), "name", line))
    raw_manager = text("manager_email")
    manager, manager_reference = None, ""
    if raw_manager and manager_by_reference and "@" not in raw_manager:
        manager_reference = raw_manager
    elif raw_manager:
        manager = checked("manager_email", lambda: normalise_email(raw_manager))
    raw_level = text("seniority_level")
    level = (
        checked(
            "seniority_level",
            lambda: parse_level(raw_level, MIN_SENIORITY, MAX_SENIORITY, _SENIORITY_LEVEL),
        )
        if raw_level
        else None
    )
    timezone = checked("timezone", lambda: check_timezone(text("timezone")))
    raw_skills = fields.get("skills")
    if raw_skills is not None and not isinstance(raw_skills, str | Mapping):
        problems.append(Problem(N_("must be 'name:level;…' text or a mapping"), "skills", line))
        raw_skills = None
    skills = checked("skills", lambda: parse_skills(raw_skills))
    for skill_name in skills or {}:
        single_line(skill_name, "skills", problems, line)

    def listed(name: str) -> tuple[str, ...]:
        raw = fields.get(name)
        if raw is None or isinstance(raw, str):
            items = split_list(raw)
        elif isinstance(raw, list | tuple):
            items = split_list(str(item) for item in raw)
        else:
            problems.append(Problem(N_("must be text separated by ';' or a list"), name, line))
            return ()
        for item in items:
            single_line(item, name, problems, line)
        return items

    languages = tuple(lang.lower() for lang in listed("languages"))
    interests = listed("interests")
    # Read before the verdict, so a title too long or holding a line break is refused too.
    title, department = text("title"), text("department")
    job_family, bio = text("job_family"), text("bio")
    employee_id = text("employee_id")
    hire_date = checked("hire_date", lambda: calendar_date(fields.get("hire_date"), _HIRE_DATE))
    leave_date = checked("leave_date", lambda: calendar_date(fields.get("leave_date"), _LEAVE_DATE))
    if hire_date and leave_date and leave_date < hire_date:
        problems.append(
            Problem.of(
                N_("%(leave_date)s is before the hire date %(hire_date)s"),
                "leave_date",
                line,
                leave_date=leave_date,
                hire_date=hire_date,
            )
        )
    is_external = checked("is_external", lambda: flag(fields.get("is_external"), "is_external"))
    if problems:
        return problems
    return PersonProfile(
        email=str(email),
        name=name,
        title=title,
        department=department,
        manager_email=manager,
        seniority_level=level,
        job_family=job_family,
        timezone=timezone or "UTC",
        languages=languages,
        skills=skills or {},
        interests=interests,
        bio=bio,
        employee_id=employee_id,
        hire_date=hire_date,
        leave_date=leave_date,
        is_external=bool(is_external),
        manager_reference=manager_reference,
    )


# What a person may change in their own profile; the rest comes from the HR records.
SELF_EDITABLE = ("timezone", "languages", "skills", "interests", "bio")
# Who a person is to the organisation: where mail goes, who manages them (and so who may ask
# for their trajectory), which groups reports put them in. Only the HR records or an
# organisation admin change these.
IDENTITY_FIELDS = ("email", "manager_email", "department", "seniority_level")


def missing_for_matching(
    is_guide: bool, skills: int, languages: Sequence[str], bio: str
) -> tuple[str, ...]:
    """Name what a profile lacks that matching relies on (guides are matched on their bio too)."""
    missing = []
    if not skills:
        missing.append("skills")
    if not languages:
        missing.append("languages")
    if is_guide and not bio.strip():
        missing.append("a short bio")
    return tuple(missing)
