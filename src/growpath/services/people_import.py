"""Import people from an HRIS file atomically, and export them in the same shape."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from growpath.adapters.csv_files import csv_text
from growpath.adapters.orm import PersonRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.people import (
    PROFILE_FIELDS,
    PersonProfile,
    normalise_email,
    profile_from_fields,
    reporting_chain_problems,
)
from growpath.domain.text import unguarded_cell
from growpath.services.consents import forget_on_new_manager
from growpath.services.context import Context
from growpath.services.people import profile_fields

ProgressCallback = Callable[[int, int], None]
_CHUNK = 900  # SQLite allows 999 bound parameters in one IN clause


@dataclass(frozen=True)
class ImportResult:
    """What an import changed."""

    created: int
    updated: int

    @property
    def total(self) -> int:
        """How many people the file held."""
        return self.created + self.updated


def read_records(content: bytes, filename: str) -> list[tuple[int, dict[str, Any]]]:
    """Parse a CSV or JSON file into (line number, record) pairs, or raise InvalidInput."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(f"the file is not UTF-8 text ({exc.reason})")]) from exc
    if filename.lower().endswith(".json") or text.lstrip().startswith(("[", "{")):
        return _read_json(text)
    return _read_csv(text)


def _read_csv(text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise InvalidInput([Problem("the file is empty; expected a header row", line=1)])
    headers = [h.strip().lower() for h in reader.fieldnames]
    missing = [h for h in ("email", "name") if h not in headers]
    if missing:
        raise InvalidInput(
            [Problem(f"the header row lacks the column(s) {', '.join(missing)}", line=1)]
        )
    reader.fieldnames = headers
    records = []
    try:
        for row in reader:
            if None in row:
                records.append((reader.line_num, {"__extra__": row.pop(None)}))
                continue
            if any((value or "").strip() for value in row.values()):
                # Our own export guards formula-looking cells with a leading '; undo it.
                cells = {k: unguarded_cell(v) if isinstance(v, str) else v for k, v in row.items()}
                records.append((reader.line_num, cells))
    except csv.Error as exc:
        raise InvalidInput([Problem(f"malformed CSV: {exc}", line=reader.line_num)]) from exc
    return records


def _read_json(text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem(f"malformed JSON: {exc.msg}", line=exc.lineno)]) from exc
    if isinstance(document, dict) and isinstance(document.get("people"), list):
        document = document["people"]
    if not isinstance(document, list):
        raise InvalidInput([Problem('expected a JSON list of people (or {"people": [...]})')])
    records: list[tuple[int, dict[str, Any]]] = []
    for index, item in enumerate(document, start=1):
        # In JSON the "line" is the record's position in the list, counted from 1.
        records.append((index, item if isinstance(item, dict) else {"__not_object__": item}))
    return records


def validate_records(
    records: Iterable[tuple[int, Mapping[str, Any]]],
    existing_managers: Mapping[str, str | None],
) -> dict[str, tuple[int, PersonProfile]]:
    """Validate every record and the reporting lines; raise InvalidInput listing all problems."""
    problems: list[Problem] = []
    profiles: dict[str, tuple[int, PersonProfile]] = {}
    # People on rows refused for other reasons still count as managers others may name.
    known_managers = dict(existing_managers)
    for line, record in records:
        if "__extra__" in record:
            problems.append(
                Problem("the row has more cells than the header has columns", line=line)
            )
            continue
        if "__not_object__" in record:
            problems.append(Problem("each person must be a JSON object", line=line))
            continue
        outcome = profile_from_fields(record, line)
        if isinstance(outcome, list):
            problems.extend(outcome)
            if email := _email_or_none(record.get("email")):
                known_managers.setdefault(email, None)
        elif outcome.email in profiles:
            first = profiles[outcome.email][0]
            problems.append(
                Problem(
                    f"duplicate e-mail '{outcome.email}', first seen on line {first}", "email", line
                )
            )
        else:
            profiles[outcome.email] = (line, outcome)
    problems.extend(reporting_chain_problems(profiles, known_managers))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.field or ""))
        raise InvalidInput(problems)
    return profiles


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
) -> ImportResult:
    """Create or update people from an HRIS file; any bad row means nothing is written."""
    ctx.require_org_admin("import people: the HR records change everyone")
    records = read_records(content, filename)
    if not records:
        raise InvalidInput([Problem("the file holds no people")])
    with ctx.uow() as uow:
        profiles = validate_records(records, uow.people.managers_by_email())
        result = _write_profiles(uow, [p for _, p in profiles.values()], ctx, on_progress)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "people.import",
            "people",
            "",
            ctx.source_address,
            detail={"created": result.created, "updated": result.updated, "file": filename},
        )
        uow.commit()
    return result


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write_profiles(
    uow: UnitOfWork,
    profiles: list[PersonProfile],
    ctx: Context,
    on_progress: ProgressCallback | None,
) -> ImportResult:
    now = ctx.now
    total = len(profiles) * 3  # people, then reporting lines, then skills
    done = 0

    def advance(step: int) -> None:
        nonlocal done
        done += step
        if on_progress:
            on_progress(done, total)

    existing = uow.people.ids_by_email(p.email for p in profiles)
    managers_before = uow.people.managers_by_email() if existing else {}
    fresh, known = [], []
    for profile in profiles:
        values = _person_values(profile, now)
        if profile.email in existing:
            known.append({"id": existing[profile.email], **values})
        else:
            fresh.append({**values, "created_at": now})
    for chunk in _chunks(fresh):
        uow.people.insert_many(chunk)
        advance(len(chunk))
    for chunk in _chunks(known):
        uow.people.update_many(chunk)
        advance(len(chunk))
    ids = uow.people.ids_by_email(
        {p.email for p in profiles} | {p.manager_email for p in profiles if p.manager_email}
    )
    # A consent to show the trajectory named the manager of its day: a new manager starts
    # with nothing.
    forget_on_new_manager(
        uow,
        [
            existing[p.email]
            for p in profiles
            if p.email in existing
            and (managers_before.get(p.email) or None) != (p.manager_email or None)
        ],
        now,
    )
    manager_links = [
        {"id": ids[p.email], "manager_id": ids[p.manager_email] if p.manager_email else None}
        for p in profiles
    ]
    for chunk in _chunks(manager_links):
        uow.people.update_many(chunk)
        advance(len(chunk))
    person_ids = [ids[p.email] for p in profiles]
    for chunk in _chunks(person_ids):
        uow.people.remove_skills(chunk)
    skills = [
        {"person_id": ids[p.email], "name": name, "level": level}
        for p in profiles
        for name, level in p.skills.items()
    ]
    for chunk in _chunks(skills, 5000):
        uow.people.insert_skills(chunk)
    advance(len(profiles))
    return ImportResult(created=len(fresh), updated=len(known))


def _person_values(profile: PersonProfile, now: datetime) -> dict[str, Any]:
    return {
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
        "updated_at": now,
    }


def _csv_cell(value: object) -> object:
    # Lists and skills take the same ';'-separated form the import reads.
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, dict):
        return ";".join(f"{name}:{level}" for name, level in value.items())
    return "" if value is None else value


def _csv_row(person: PersonRow) -> list[object]:
    fields = profile_fields(person)
    return [_csv_cell(fields[name]) for name in PROFILE_FIELDS]


def export_people_csv(ctx: Context) -> str:
    """Return every person as CSV in the import's own columns, so it re-imports unchanged.

    A cell a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) is written with
    a leading ``'``; the import takes that guard off again.
    """
    ctx.require_admin("export people")
    with ctx.uow() as uow:
        people = uow.people.all_with_skills()
        rows = [
            [_csv_cell(profile_fields(person)[name]) for name in PROFILE_FIELDS]
            for person in people
        ]
        content = csv_text([list(PROFILE_FIELDS), *rows])
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
