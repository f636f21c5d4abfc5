"""A person's own data: download all of it, or (organisation admins) erase a person."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from typing import Any

from sqlalchemy import delete, select, update

from growpath.adapters.orm import (
    ApiTokenRow,
    CheckInRow,
    ConsentRow,
    DataKeyRow,
    EngagementMemberRow,
    EnrolmentRow,
    GoalRow,
    NoteRow,
    PersonRow,
    PersonSkillRow,
    SessionRow,
    UserRoleRow,
    UserRow,
)
from growpath.adapters.passwords import hash_password
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.domain.people import normalise_email
from growpath.services import consents, engagements, enrolment, goals, matching, sessions
from growpath.services.context import Context
from growpath.services.people import PersonView


def export_my_data(ctx: Context) -> dict[str, Any]:
    """Return everything growpath holds about the actor, notes included, as JSON-ready data."""
    person_id = ctx.actor.person_id
    data: dict[str, Any] = {
        "account": {"email": ctx.actor.email, "roles": ctx.actor.role_names},
        "person": None,
        "consents": [],
        "enrolments": [],
        "proposals": [],
        "engagements": [],
    }
    if person_id is not None:
        with ctx.uow() as uow:
            person = uow.people.get(person_id)
            data["person"] = asdict(PersonView.of(person)) if person else None
        data["consents"] = [asdict(c) for c in consents.my_consents(ctx)]
        data["enrolments"] = [asdict(e) for e in enrolment.list_enrolments(ctx, mine=True)]
        data["proposals"] = [asdict(p) for p in matching.my_proposals(ctx)]
        for engagement in engagements.my_engagements(ctx):
            held = sessions.list_sessions(ctx, engagement.id)
            data["engagements"].append(
                {
                    **asdict(engagement),
                    "goals": [asdict(g) for g in goals.list_goals(ctx, engagement.id)],
                    "growth": [asdict(g) for g in goals.engagement_growth(ctx, engagement.id)],
                    "sessions": [
                        {**asdict(s), "notes": sessions.read_notes(ctx, s.id)} for s in held
                    ],
                }
            )
    with ctx.uow() as uow:
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "person.data_export",
            "person",
            str(person_id or ""),
            ctx.source_address,
        )
        uow.commit()
    return data


def erase_person_by_email(ctx: Context, email: str) -> dict[str, int]:
    """Erase the person with this e-mail (see erase_person); a bad or unknown e-mail is refused."""
    ctx.require_org_admin("erase people")
    try:
        canonical = normalise_email(email)
    except ValueError as exc:
        raise InvalidInput([Problem(str(exc), "email")]) from exc
    with ctx.uow() as uow:
        person = uow.people.by_email(canonical)
        if person is None:
            raise NotFound(f"no person with e-mail {canonical}")
        person_id = person.id
    return erase_person(ctx, person_id)


def erase_person(ctx: Context, person_id: int) -> dict[str, int]:
    """Erase a person: notes crypto-shredded, profile and account anonymised, counts kept."""
    ctx.require_org_admin("erase people")
    with ctx.uow() as uow:
        person = uow.session.get(PersonRow, person_id)
        if person is None:
            raise NotFound(f"no person with id {person_id}")
        if person.erased_at is not None:
            raise Conflict(f"person {person_id} is already erased")
        if ctx.actor.person_id == person_id:
            raise Conflict("you cannot erase yourself; ask another organisation admin")
        engagement_ids = select(EngagementMemberRow.engagement_id).where(
            EngagementMemberRow.person_id == person_id
        )
        # Every note of the person's sessions loses its key: the pair's shared record goes too.
        note_keys = (
            select(NoteRow.data_key_id)
            .join(SessionRow, SessionRow.id == NoteRow.session_id)
            .where(SessionRow.engagement_id.in_(engagement_ids))
        )
        checkin_keys = select(CheckInRow.comment_data_key_id).where(
            CheckInRow.person_id == person_id
        )
        shredded = uow.session.execute(
            update(DataKeyRow)
            .where(
                (DataKeyRow.id.in_(note_keys))
                | (DataKeyRow.id.in_(checkin_keys))
                | (DataKeyRow.owner_person_id == person_id),
                DataKeyRow.wrapped_key.is_not(None),
            )
            .values(wrapped_key=None, shredded_at=ctx.now)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        uow.session.execute(
            update(GoalRow)
            .where(
                GoalRow.engagement_id.in_(
                    select(EngagementMemberRow.engagement_id).where(
                        EngagementMemberRow.person_id == person_id,
                        EngagementMemberRow.role == "participant",
                    )
                )
            )
            .values(title="(erased)", specific="", measure="")
            .execution_options(synchronize_session=False)
        )
        uow.session.execute(
            update(EnrolmentRow)
            .where(EnrolmentRow.person_id == person_id)
            .values(
                goals="", preferences={}, availability={}, status="withdrawn", withdrawn_at=ctx.now
            )
            .execution_options(synchronize_session=False)
        )
        uow.session.execute(delete(PersonSkillRow).where(PersonSkillRow.person_id == person_id))
        uow.session.execute(delete(ConsentRow).where(ConsentRow.person_id == person_id))
        uow.session.execute(
            update(PersonRow)
            .where(PersonRow.manager_id == person_id)
            .values(manager_id=None)
            .execution_options(synchronize_session=False)
        )
        _anonymise(uow.session, person, ctx)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "person.erase",
            "person",
            str(person_id),
            ctx.source_address,
            detail={"data_keys_shredded": int(shredded)},
        )
        uow.commit()
        return {"data_keys_shredded": int(shredded)}


def _anonymise(session: Any, person: PersonRow, ctx: Context) -> None:
    # Department and level stay so that aggregate counts still add up; nothing else does.
    person.name = "Erased person"
    person.email = f"erased-{person.id}@erased.invalid"
    person.title = person.bio = person.job_family = ""
    person.timezone, person.languages, person.interests = "UTC", [], []
    person.manager_id, person.erased_at, person.updated_at = None, ctx.now, ctx.now
    user = session.scalar(select(UserRow).where(UserRow.person_id == person.id))
    if user is not None:
        user.email = f"erased-user-{user.id}@erased.invalid"
        user.password_hash = hash_password(secrets.token_urlsafe(32))
        user.is_active, user.session_epoch = False, user.session_epoch + 1
        session.execute(delete(UserRoleRow).where(UserRoleRow.user_id == user.id))
        session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.user_id == user.id, ApiTokenRow.revoked_at.is_(None))
            .values(revoked_at=ctx.now)
            .execution_options(synchronize_session=False)
        )
