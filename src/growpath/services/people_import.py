"""Import people from an HRIS file atomically, and export them in the same shape."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from growpath.adapters.csv_files import csv_text
from growpath.adapters.hris_files import NOT_AN_OBJECT, TOO_MANY_CELLS
from growpath.adapters.orm import PersonRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.hris_columns import check_mapping, check_preset
from growpath.domain.manager_references import (
    Colleague,
    ManagerDirectory,
    resolve_manager_references,
)
from growpath.domain.people import (
    HRIS_FIELDS,
    PERSON_COLUMNS,
    PersonProfile,
    normalise_email,
    profile_from_fields,
    reporting_chain_problems,
)
from growpath.i18n import N_
from growpath.services.consents import forget_on_new_manager
from growpath.services.context import Context
from growpath.services.hris_records import cell_text, read_records
from growpath.services.leavers import close_leavers_in
from growpath.services.people import profile_fields

ProgressCallback = Callable[[int, int], None]
_CHUNK = 900  # SQLite allows 999 bound parameters in one IN clause


@dataclass(frozen=True)
class ImportResult:
    """What an import changed (or, in a dry run, would change), and how it read the file."""

    created: int
    updated: int
    unchanged: int = 0
    dry_run: bool = False
    read_as: str = ""
    warnings: tuple[str, ...] = ()
    # People whose leave date had come: their accounts closed and open proposals withdrawn.
    leavers_closed: int = 0

    @property
    def total(self) -> int:
        """How many people the file held."""
        return self.created + self.updated + self.unchanged

    @property
    def counts(self) -> str:
        """The counts in words, as the CLI and the import page say them."""
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.leavers_closed:
            counts += f"; {self.leavers_closed} who left can no longer log in"
        return counts


def validate_records(
    records: Iterable[tuple[int, Mapping[str, Any]]],
    existing: Iterable[Mapping[str, Any]],
) -> dict[str, tuple[int, PersonProfile]]:
    """Validate every record, manager and reporting line; raise InvalidInput listing them all."""
    problems: list[Problem] = []
    profiles: dict[str, tuple[int, PersonProfile]] = {}
    known = list(existing)
    colleagues = [Colleague(p["email"], p["name"], p["employee_id"] or "") for p in known]
    # People on rows refused for other reasons still count as managers others may name.
    known_managers: dict[str, str | None] = {p["email"]: p["manager_email"] for p in known}
    holders = {p["employee_id"]: p["email"] for p in known if p["employee_id"]}
    employee_ids: dict[str, int] = {}
    for line, record in records:
        if TOO_MANY_CELLS in record:
            problems.append(
                Problem(N_("the row has more cells than the header has columns"), line=line)
            )
            continue
        if NOT_AN_OBJECT in record:
            problems.append(Problem(N_("each person must be a JSON object"), line=line))
            continue
        outcome = profile_from_fields(record, line, manager_by_reference=True)
        if isinstance(outcome, list):
            problems.extend(outcome)
            if email := _email_or_none(record.get("email")):
                known_managers.setdefault(email, None)
                colleagues.append(
                    Colleague(
                        email, cell_text(record.get("name")), cell_text(record.get("employee_id"))
                    )
                )
        elif outcome.email in profiles:
            first = profiles[outcome.email][0]
            problems.append(
                Problem.of(
                    N_("duplicate e-mail '%(email)s', first seen on line %(first)s"),
                    "email",
                    line,
                    email=outcome.email,
                    first=first,
                )
            )
        else:
            problems.extend(_employee_id_problems(outcome, line, employee_ids, holders))
            profiles[outcome.email] = (line, outcome)
            colleagues.append(Colleague(outcome.email, outcome.name, outcome.employee_id))
    profiles, unresolved = resolve_manager_references(profiles, ManagerDirectory.of(colleagues))
    problems.extend(unresolved)
    problems.extend(reporting_chain_problems(profiles, known_managers))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.field or ""))
        raise InvalidInput(problems)
    return profiles


def _employee_id_problems(
    profile: PersonProfile, line: int, seen: dict[str, int], holders: Mapping[str, str]
) -> list[Problem]:
    key = profile.employee_id
    if not key:
        return []
    if key in seen:
        return [
            Problem.of(
                N_("duplicate employee id '%(key)s', first seen on line %(first)s"),
                "employee_id",
                line,
                key=key,
                first=seen[key],
            )
        ]
    seen[key] = line
    holder = holders.get(key)
    if holder is not None and holder != profile.email:
        # People are matched by e-mail; a new e-mail for a known employee id is changed on
        # the person's page, where an e-mail change is confirmed, not by a file.
        return [
            Problem.of(
                N_("employee id '%(key)s' already belongs to %(holder)s"),
                "employee_id",
                line,
                key=key,
                holder=holder,
            )
        ]
    return []


def _email_or_none(raw: object) -> str | None:
    try:
        return normalise_email(str(raw)) if raw else None
    except ValueError:
        return None


def import_people(
    ctx: Context,
    content: bytes,
    filename: str,
    on_progress: ProgressCallback | None = None,
    *,
    preset: str | None = None,
    mapping: Mapping[str, str] | None = None,
    saved_mapping: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Create or update people from an HRIS file; any bad row means nothing is written.

    The columns are read by a preset (bamboohr, workday, ...), a mapping, the organisation's
    saved mapping, or else by growpath's own names. A dry run validates everything and counts
    what would change, and writes nothing.
    """
    ctx.require_org_admin(
        N_("only an organisation administrator may import people: the HR records change everyone")
    )
    preset = check_preset(preset)
    if mapping is not None:
        mapping = check_mapping(mapping)
    with ctx.uow() as uow:
        if saved_mapping:
            saved = uow.import_mappings.saved()
            if saved is None:
                raise InvalidInput([Problem(N_("no column mapping is saved yet"), "mapping")])
            mapping = saved.columns
        read = read_records(content, filename, preset, mapping)
        if not read.records:
            raise InvalidInput([Problem(N_("the file holds no people"))])
        existing = uow.people.hris_records()
        profiles = validate_records(read.records, existing)
        fields = read.plan.fields
        changes = _changes(uow, [p for _, p in profiles.values()], existing, fields)
        result = ImportResult(
            created=len(changes.fresh),
            updated=len(changes.changed),
            unchanged=changes.unchanged,
            dry_run=dry_run,
            read_as=read.read_as,
            warnings=read.warnings,
        )
        if dry_run:
            return result
        _write_profiles(uow, changes, fields, ctx, on_progress)
        result = replace(result, leavers_closed=close_leavers_in(uow, ctx.now.date(), ctx.now))
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "people.import",
            "people",
            "",
            ctx.source_address,
            detail={
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "leavers_closed": result.leavers_closed,
                "file": filename,
                "preset": preset or ("mapping" if mapping is not None else ""),
            },
        )
        uow.commit()
    return result


@dataclass(frozen=True)
class _Changes:
    fresh: list[PersonProfile]
    changed: list[tuple[int, PersonProfile]]  # (person id, profile)
    unchanged: int
    manager_before: dict[str, str | None]
    level_before: dict[int, int | None]  # person id -> level held before this import


def _changes(
    uow: UnitOfWork,
    profiles: list[PersonProfile],
    existing: list[dict[str, Any]],
    fields: frozenset[str],
) -> _Changes:
    by_email = {p["email"]: p for p in existing}
    skills = uow.people.skills_by_person() if "skills" in fields and existing else {}
    compared = [f for f in PERSON_COLUMNS if f in fields]  # manager, skills apart
    fresh, changed, unchanged = [], [], 0
    for profile in profiles:
        held = by_email.get(profile.email)
        if held is None:
            fresh.append(profile)
            continue
        values = _person_values(profile, fields)
        same = (
            all(values[f] == held[f] for f in compared)
            and ("manager_email" not in fields or profile.manager_email == held["manager_email"])
            and ("skills" not in fields or dict(profile.skills) == skills.get(held["id"], {}))
        )
        if same:
            unchanged += 1
        else:
            changed.append((held["id"], profile))
    return _Changes(
        fresh,
        changed,
        unchanged,
        {e: p["manager_email"] for e, p in by_email.items()},
        {p["id"]: p["seniority_level"] for p in existing},
    )


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write_profiles(
    uow: UnitOfWork,
    changes: _Changes,
    fields: frozenset[str],
    ctx: Context,
    on_progress: ProgressCallback | None,
) -> None:
    # Only new and changed people are written; a field the file does not fill stays as it is.
    now = ctx.now
    profiles = changes.fresh + [p for _, p in changes.changed]
    total = len(profiles) * 3  # people, then reporting lines, then skills
    done = 0

    def advance(step: int) -> None:
        nonlocal done
        done += step
        if on_progress:
            on_progress(done, total)

    fresh = [
        {**_person_values(p, frozenset(HRIS_FIELDS)), "created_at": now, "updated_at": now}
        for p in changes.fresh
    ]
    # Known people are updated here, their e-mail with the rest: people are matched by e-mail
    # (an employee id never re-keys them), so the file cannot move a person to a new address.
    known = [
        {"id": person_id, **_person_values(profile, fields), "updated_at": now}
        for person_id, profile in changes.changed
    ]
    for chunk in _chunks(fresh):
        uow.people.insert_many(chunk)
        advance(len(chunk))
    for chunk in _chunks(known):
        uow.people.update_many(chunk)
        advance(len(chunk))
    wanted = {p.email for p in profiles} | {p.manager_email for p in profiles if p.manager_email}
    # Most of the people, as in a first import: one read of everyone beats a query per 900.
    everyone = len(changes.manager_before) + len(changes.fresh)
    ids = uow.people.ids_by_email(None if 2 * len(wanted) > everyone else wanted)
    if "manager_email" in fields:
        # A consent to show the trajectory named the manager of its day: a new manager starts
        # with nothing.
        forget_on_new_manager(
            uow,
            [
                person_id
                for person_id, p in changes.changed
                if (changes.manager_before.get(p.email) or None) != (p.manager_email or None)
            ],
            now,
        )
        manager_links = [
            {"id": ids[p.email], "manager_id": ids[p.manager_email] if p.manager_email else None}
            for p in profiles
        ]
        for chunk in _chunks(manager_links):
            uow.people.set_managers(chunk)
            advance(len(chunk))
    if "seniority_level" in fields:
        _record_levels(uow, changes, ids, now.date())
    if "skills" in fields:
        for chunk in _chunks([ids[p.email] for _, p in changes.changed]):
            uow.people.remove_skills(chunk)
    skills = [
        {"person_id": ids[p.email], "name": name, "level": level}
        for p in profiles
        for name, level in p.skills.items()
    ]
    for chunk in _chunks(skills, 5000):
        uow.people.insert_skills(chunk)
    advance(total - done)


def _record_levels(uow: UnitOfWork, changes: _Changes, ids: dict[str, int], day: date) -> None:
    # Promotions are told by the levels imports see over time: a new person's first level and
    # every change of a known person's are kept with the day they were seen.
    seen = [(ids[p.email], p.seniority_level) for p in changes.fresh if p.seniority_level]
    seen += [
        (person_id, p.seniority_level)
        for person_id, p in changes.changed
        if p.seniority_level and p.seniority_level != changes.level_before.get(person_id)
    ]
    for chunk in _chunks(seen):
        uow.outcomes.record_levels(chunk, day)


def _person_values(profile: PersonProfile, fields: frozenset[str]) -> dict[str, Any]:
    values = {
        "email": profile.email,
        "name": profile.name,
        "title": profile.title,
        "department": profile.department,
        "seniority_level": profile.seniority_level,
        "job_family": profile.job_family,
        "timezone": profile.timezone,
        "languages": list(profile.languages),
        "interests": list(profile.interests),
        "bio": profile.bio,
        # A blank employee id is no id: the column is unique where given.
        "employee_id": profile.employee_id or None,
        "hire_date": profile.hire_date,
        "leave_date": profile.leave_date,
        "is_external": profile.is_external,
    }
    return {k: v for k, v in values.items() if k == "email" or k in fields}


def _csv_cell(value: object) -> object:
    # Lists and skills take the same ';'-separated form the import reads.
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, dict):
        return ";".join(f"{name}:{level}" for name, level in value.items())
    return "" if value is None else value


def _hris_row(person: PersonRow) -> list[object]:
    fields = {
        **profile_fields(person),
        "employee_id": person.employee_id,
        "hire_date": person.hire_date.isoformat() if person.hire_date else None,
        "leave_date": person.leave_date.isoformat() if person.leave_date else None,
        "is_external": "true" if person.is_external else "false",
    }
    return [_csv_cell(fields[name]) for name in HRIS_FIELDS]


def export_people_csv(ctx: Context) -> str:
    """Return every person as CSV in the import's own columns, so it re-imports unchanged.

    A cell a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) is written with
    a leading ``'``; the import takes that guard off again.
    """
    ctx.require_admin(N_("only an administrator may export people"))
    with ctx.uow() as uow:
        people = uow.people.all_with_skills()
        content = csv_text([list(HRIS_FIELDS), *(_hris_row(person) for person in people)])
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "people.export",
            "people",
            "",
            ctx.source_address,
            detail={"count": len(people)},
        )
        uow.commit()
    return content
