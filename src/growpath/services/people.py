"""Browse, create and update people; a person's own data export."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from growpath.adapters.orm import PersonRow, PersonSkillRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem
from growpath.domain.people import (
    IDENTITY_FIELDS,
    SELF_EDITABLE,
    PersonProfile,
    profile_from_fields,
    reporting_chain_problems,
)
from growpath.i18n import N_
from growpath.services import languages, login_email
from growpath.services.access import administers_person
from growpath.services.consents import forget_on_new_manager
from growpath.services.context import Context

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class PersonView:
    """A person as the directory shows them, detached from the database."""

    id: int
    email: str
    name: str
    title: str
    department: str
    manager_id: int | None
    manager_email: str | None
    manager_name: str | None
    seniority_level: int | None
    job_family: str
    timezone: str
    languages: tuple[str, ...]
    skills: dict[str, int]
    interests: tuple[str, ...]
    bio: str
    is_external: bool

    @classmethod
    def of(cls, person: PersonRow) -> PersonView:
        """Read a person row (skills and manager loaded) into a view."""
        return cls(
            id=person.id,
            email=person.email,
            name=person.name,
            title=person.title,
            department=person.department,
            manager_id=person.manager_id,
            manager_email=person.manager.email if person.manager else None,
            manager_name=person.manager.name if person.manager else None,
            seniority_level=person.seniority_level,
            job_family=person.job_family,
            timezone=person.timezone,
            languages=tuple(person.languages),
            skills={s.name: s.level for s in person.skills},
            interests=tuple(person.interests),
            bio=person.bio,
            is_external=person.is_external,
        )


@dataclass(frozen=True)
class PeoplePage:
    """One page of a people listing."""

    people: Sequence[PersonView]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        """How many pages the listing has."""
        return max(1, -(-self.total // self.page_size))


def list_people(ctx: Context, filters: Mapping[str, Any], page: int, page_size: int) -> PeoplePage:
    """Return one page of the people directory, filtered."""
    problems = []
    if page < 1:
        problems.append(Problem(N_("must be 1 or more"), "page"))
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        problems.append(
            Problem.of(N_("must be between 1 and %(most)s"), "page_size", most=MAX_PAGE_SIZE)
        )
    if filters.get("seniority_level") is not None and not _sees_every_level(ctx):
        # Filtering by level would tell a participant everyone's level, one query at a time.
        problems.append(
            Problem(N_("only admins may filter the directory by level"), "seniority_level")
        )
    if problems:
        raise InvalidInput(problems)
    with ctx.uow() as uow:
        rows, total = uow.people.search(dict(filters), (page - 1) * page_size, page_size)
        return PeoplePage(
            people=[_as_seen_by(ctx, PersonView.of(row)) for row in rows],
            total=total,
            page=page,
            page_size=page_size,
        )


def _sees_every_level(ctx: Context) -> bool:
    return ctx.actor.is_admin


def _as_seen_by(ctx: Context, person: PersonView) -> PersonView:
    """Hide a person's seniority level from all but admins, themself and their manager."""
    if _sees_every_level(ctx):
        return person
    viewer = ctx.actor.person_id
    if viewer is not None and viewer in (person.id, person.manager_id):
        return person
    return replace(person, seniority_level=None)


def get_person(ctx: Context, person_id: int) -> PersonView:
    """Return one person of the directory."""
    with ctx.uow() as uow:
        person = uow.people.get(person_id)
        if person is None or person.erased_at is not None:
            raise NotFound(N_("no person with id %(id)s"), id=person_id)
        return _as_seen_by(ctx, PersonView.of(person))


def own_time_zone(ctx: Context) -> str:
    """Return the actor's own time zone; "" (UTC) without a profile or after its erasure."""
    if ctx.actor.person_id is None:
        return ""
    # One column: pages ask on every view, and the whole profile with its skills costs more.
    with ctx.uow() as uow:
        return uow.people.time_zone_of(ctx.actor.person_id) or ""


def create_person(ctx: Context, fields: Mapping[str, Any]) -> PersonView:
    """Add one person to the directory."""
    ctx.require_admin(N_("only an administrator may add people"))
    is_external = bool(fields.get("is_external", False))
    profile = validated_profile({k: v for k, v in fields.items() if k != "is_external"})
    with ctx.uow() as uow:
        if uow.people.by_email(profile.email) is not None:
            raise Conflict(N_("a person with e-mail %(email)s already exists"), email=profile.email)
        check_reporting_line(uow, profile)
        person = PersonRow(email=profile.email, created_at=ctx.now, is_external=is_external)
        apply_profile(uow, person, profile, ctx)
        uow.people.add(person)
        if person.seniority_level:
            uow.outcomes.record_levels([(person.id, person.seniority_level)], ctx.now.date())
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "person.create",
            "person",
            str(person.id),
            ctx.source_address,
        )
        uow.commit()
        return _loaded(uow, person.id)


def update_person(ctx: Context, person_id: int, changes: Mapping[str, Any]) -> PersonView:
    """Change some fields of a person; the rest stay as they are."""
    ctx.require_admin(N_("only an administrator may change people"))
    with ctx.uow() as uow:
        person = uow.people.get(person_id)
        if person is None or person.erased_at is not None:
            raise NotFound(N_("no person with id %(id)s"), id=person_id)
        if not administers_person(uow, ctx, person_id):
            # The directory shows everyone anyway: say why, rather than feign a 404.
            raise PermissionDenied(
                N_("only an administrator of a program this person enrolled in may change them")
            )
        if "is_external" in changes:
            person.is_external = bool(changes["is_external"])
        before = profile_fields(person)
        merged = {**before, **{k: v for k, v in changes.items() if k != "is_external"}}
        profile = validated_profile(merged)
        moved = [
            f for f in IDENTITY_FIELDS if str(getattr(profile, f) or "") != str(before[f] or "")
        ]
        if moved:
            ctx.require_org_admin(
                N_(
                    "only an organisation administrator may change a person's %(fields)s: "
                    "they come from the HR records"
                ),
                fields=", ".join(f.replace("_", " ") for f in moved),
            )
        if profile.email != person.email and uow.people.by_email(profile.email) is not None:
            raise Conflict(N_("a person with e-mail %(email)s already exists"), email=profile.email)
        # A login address moves only when its new address confirms (services/login_email.py).
        held = login_email.hold_person_email(uow, ctx, person, profile.email)
        profile = replace(profile, email=held)
        check_reporting_line(uow, profile, previous_email=person.email)
        apply_profile(uow, person, profile, ctx)
        if profile.seniority_level and profile.seniority_level != before["seniority_level"]:
            # Kept with the day, as imports do: a level increase is a promotion for outcomes.
            uow.outcomes.record_levels([(person.id, profile.seniority_level)], ctx.now.date())
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "person.update",
            "person",
            str(person.id),
            ctx.source_address,
            detail={"fields": sorted(changes)},
        )
        uow.commit()
        return _loaded(uow, person.id)


def update_my_profile(ctx: Context, changes: Mapping[str, Any]) -> PersonView:
    """Change the parts of one's own profile that matching uses (not the HR record), and
    the language one reads growpath in."""
    if ctx.actor.person_id is None:
        raise NotFound(N_("this account has no profile in the directory"))
    # The language is the account's, not the person's: kept apart, saved in the same work.
    own = {k: v for k, v in changes.items() if k != "locale"}
    kept = sorted(k for k in own if k not in SELF_EDITABLE)
    if kept:
        raise InvalidInput(
            [
                Problem(N_("comes from your organisation's HR records; ask an admin"), k)
                for k in kept
            ]
        )
    locale = languages.checked_locale(changes.get("locale"))
    with ctx.uow() as uow:
        person = uow.people.get(ctx.actor.person_id)
        if person is None or person.erased_at is not None:
            raise NotFound(N_("this account has no profile in the directory"))
        if own:
            profile = validated_profile({**profile_fields(person), **own})
            apply_profile(uow, person, profile, ctx)
            uow.audit.record(
                ctx.now,
                ctx.actor_user_id,
                "person.update_own",
                "person",
                str(person.id),
                ctx.source_address,
                detail={"fields": sorted(own)},
            )
        if "locale" in changes:
            languages.set_locale(uow, ctx, locale)
        uow.commit()
        return _loaded(uow, person.id)


def validated_profile(fields: Mapping[str, Any]) -> PersonProfile:
    """Return the profile of an HRIS record, or raise InvalidInput listing its problems."""
    outcome = profile_from_fields(fields)
    if isinstance(outcome, list):
        raise InvalidInput(outcome)
    return outcome


def check_reporting_line(
    uow: UnitOfWork, profile: PersonProfile, previous_email: str | None = None
) -> None:
    """Refuse a manager who is unknown, the person themself, or closes a reporting loop."""
    managers = uow.people.managers_by_email()
    if previous_email is not None and previous_email != profile.email:
        managers.pop(previous_email, None)
        managers = {e: (profile.email if m == previous_email else m) for e, m in managers.items()}
    problems = reporting_chain_problems({profile.email: (0, profile)}, managers)
    if problems:
        raise InvalidInput([replace(p, line=None) for p in problems])


def apply_profile(uow: UnitOfWork, person: PersonRow, profile: PersonProfile, ctx: Context) -> None:
    """Write a validated profile onto a person; a new manager starts without old consents."""
    manager = uow.people.by_email(profile.manager_email) if profile.manager_email else None
    if person.manager_id != (manager.id if manager else None):
        forget_on_new_manager(uow, [person.id], ctx.now)
    person.email = profile.email
    person.name = profile.name
    person.title = profile.title
    person.department = profile.department
    person.manager_id = manager.id if manager else None
    person.seniority_level = profile.seniority_level
    person.job_family = profile.job_family
    person.timezone = profile.timezone
    person.languages = list(profile.languages)
    person.interests = list(profile.interests)
    person.bio = profile.bio
    person.updated_at = ctx.now
    uow.people.replace_skills(
        person, (PersonSkillRow(name=n, level=lvl) for n, lvl in profile.skills.items())
    )


def _loaded(uow: UnitOfWork, person_id: int) -> PersonView:
    person = uow.people.reloaded(person_id)
    if person is None:
        raise NotFound(N_("no person with id %(id)s"), id=person_id)
    return PersonView.of(person)


def profile_fields(person: PersonRow) -> dict[str, Any]:
    """Return a person (skills and manager loaded) in the fields of an HRIS record."""
    return {
        "email": person.email,
        "name": person.name,
        "title": person.title,
        "department": person.department,
        "manager_email": person.manager.email if person.manager else None,
        "seniority_level": person.seniority_level,
        "job_family": person.job_family,
        "timezone": person.timezone,
        "languages": list(person.languages),
        "skills": {s.name: s.level for s in person.skills},
        "interests": list(person.interests),
        "bio": person.bio,
    }
