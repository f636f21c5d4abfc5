"""A person's own data: download all of it, or (organisation admins) erase a person."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from typing import Any

from growpath.adapters.orm import PersonRow
from growpath.adapters.passwords import hash_password
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.enrolment import EnrolmentStatus
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.domain.people import normalise_email
from growpath.i18n import N_
from growpath.services import (
    busy_calendars,
    checkin_questions,
    consents,
    engagements,
    enrolment,
    goals,
    learning,
    lessons,
    matching,
    practice,
    reflection,
    sessions,
    triads,
    working_hours,
)
from growpath.services.account_admin import keep_an_org_admin
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
            if person is not None:
                data["person"]["meeting_room_url"] = person.meeting_room_url
                # The levels people imports saw, for outcome reporting: theirs to see.
                data["person"]["level_history"] = [
                    {"seen_on": seen_on.isoformat(), "level": level}
                    for seen_on, level in uow.outcomes.levels_of(person_id)
                ]
        data["consents"] = [asdict(c) for c in consents.my_consents(ctx)]
        data["working_hours"] = asdict(working_hours.my_working_hours(ctx))
        data["busy_calendars"] = [asdict(c) for c in busy_calendars.my_busy_calendars(ctx)]
        data["enrolments"] = [asdict(e) for e in enrolment.list_enrolments(ctx, mine=True)]
        data["proposals"] = [asdict(p) for p in matching.my_proposals(ctx)]
        data["journal"] = [asdict(e) for e in reflection.my_journal(ctx)]
        data["checkin_answers"] = [asdict(a) for a in checkin_questions.my_answers(ctx)]
        data["lessons"] = [asdict(lesson) for lesson in lessons.my_lessons(ctx)]
        data["followed_mentors"] = [asdict(m) for m in lessons.followed_mentors(ctx)]
        read = learning.learning(ctx)
        data["modules_completed"] = [
            {"slug": m.slug, "title": m.title, "completed_at": m.completed_at}
            for m in (*read.modules, *read.resources)
            if m.completed_at is not None
        ]
        # A manager's logged coaching conversations, their private notes included.
        data["practice_conversations"] = [asdict(c) for c in practice.my_conversations(ctx)]
        # Each practice triad with the feedback its three members read.
        data["triads"] = [asdict(triads.get_triad(ctx, t.id)) for t in triads.my_triads(ctx)]
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
    ctx.require_org_admin(N_("only an organisation administrator may erase people"))
    try:
        canonical = normalise_email(email)
    except ValueError as exc:
        raise InvalidInput([Problem(str(exc), "email")]) from exc
    with ctx.uow() as uow:
        person = uow.people.by_email(canonical)
        if person is None:
            raise NotFound(N_("no person with e-mail %(email)s"), email=canonical)
        person_id = person.id
    return erase_person(ctx, person_id)


@dataclass(frozen=True)
class Erasure:
    """What erasing a person would do, in counts, for the page that asks first."""

    name: str
    email: str
    has_account: bool
    engagements: int
    partners: int
    active_enrolments: int


def preview_erasure(ctx: Context, person_id: int) -> Erasure:
    """Say what erasing a person would reach (counts only); change nothing."""
    ctx.require_org_admin(N_("only an organisation administrator may erase people"))
    with ctx.uow() as uow:
        person = _erasable(uow, ctx, person_id)
        joined = [row.id for row in uow.engagements.of_person(person_id)]
        partners = {pid for _, pid, _, _ in uow.engagements.members_of(joined)} - {person_id}
        enrolled = uow.enrolments.listed(person_id=person_id)
        return Erasure(
            name=person.name,
            email=person.email,
            has_account=uow.users.by_person(person_id) is not None,
            engagements=len(joined),
            partners=len(partners),
            active_enrolments=sum(1 for row, _ in enrolled if row.status == EnrolmentStatus.ACTIVE),
        )


def erase_person(ctx: Context, person_id: int) -> dict[str, int]:
    """Erase a person: notes crypto-shredded, profile and account anonymised, counts kept."""
    ctx.require_org_admin(N_("only an organisation administrator may erase people"))
    with ctx.uow() as uow:
        # Erasing takes the account's roles: locked and counted as a deactivation is, so two
        # admins erasing each other at once cannot leave the organisation without one.
        uow.users.lock_org_admins()
        person = _erasable(uow, ctx, person_id)
        user = uow.users.by_person(person_id)
        if user is not None:
            keep_an_org_admin(uow, user)
        emails = {person.email, *([user.email] if user else [])}
        shredded = uow.data_keys.shred_for_person(person_id, ctx.now)
        uow.people.blank_goals_of(person_id)
        uow.outcomes.forget_levels_of(person_id)
        uow.people.withdraw_enrolments_of(person_id, ctx.now)
        uow.calendar_feeds.remove_of(person_id)
        # A calendar's address and password are the person's own credentials elsewhere.
        uow.busy_times.remove_of(person_id)
        uow.people.remove_skills([person_id])
        # Published lessons carry the author's own words and name: they go with the person.
        lessons_removed = uow.lessons.remove_of(person_id)
        uow.consents.remove_all(person_id)
        uow.people.unlink_reports(person_id)
        # Digests quote actions without naming whose they are: their wording finds them (a
        # wording too short to be theirs alone, "Read", would take other people's mail too).
        quoted = [text for text in uow.engagements.actions_of(person_id) if len(text) >= 12]
        nudges_removed = uow.nudges.remove_to_or_mentioning(emails, [*emails, person.name, *quoted])
        # The pseudonym is stable, so the trail still tells which events were about one person;
        # the actor id stays: it names an account that is anonymised below.
        events = uow.audit.pseudonymise(
            [*emails, person.name], pseudonym(person_id), user.id if user else None
        )
        # Invitations, resets and e-mail changes name their address and die with it.
        links_removed = uow.emailed_links.remove_for(sorted(emails), user.id if user else None)
        uow.engagements.blank_texts_of(person_id)
        # Practice feedback they wrote, or that was written about their coaching.
        uow.triads.remove_feedback_of(person_id)
        uow.checkin_questions.blank_texts_of(person_id)
        _anonymise(uow, person, ctx)
        counts = {
            "data_keys_shredded": int(shredded),
            "nudges_removed": nudges_removed,
            "audit_events_pseudonymised": events,
            "links_removed": links_removed,
            "lessons_removed": lessons_removed,
        }
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "person.erase",
            "person",
            str(person_id),
            ctx.source_address,
            detail=counts,
        )
        uow.commit()
        return counts


def _erasable(uow: UnitOfWork, ctx: Context, person_id: int) -> PersonRow:
    person = uow.people.get(person_id, with_skills=False)
    if person is None:
        raise NotFound(N_("no person with id %(id)s"), id=person_id)
    if person.erased_at is not None:
        raise Conflict(N_("person %(id)s is already erased"), id=person_id)
    if ctx.actor.person_id == person_id:
        raise Conflict(N_("you cannot erase yourself; ask another organisation admin"))
    return person


def pseudonym(person_id: int) -> str:
    """Return what stands for an erased person in the audit trail."""
    return f"erased-person-{person_id}"


def _anonymise(uow: UnitOfWork, person: PersonRow, ctx: Context) -> None:
    # Department and level stay so that aggregate counts still add up; nothing else does.
    person.name = "Erased person"
    person.email = f"erased-{person.id}@erased.invalid"
    person.title = person.bio = person.job_family = person.meeting_room_url = ""
    person.employee_id = None  # the HRIS key would name them again
    person.timezone, person.languages, person.interests = "UTC", [], []
    person.manager_id, person.erased_at, person.updated_at = None, ctx.now, ctx.now
    user = uow.users.by_person(person.id)
    if user is not None:
        user.email = f"erased-user-{user.id}@erased.invalid"
        user.password_hash = hash_password(secrets.token_urlsafe(32))
        user.is_active, user.session_epoch = False, user.session_epoch + 1
        uow.users.remove_roles(user.id)
        uow.users.revoke_tokens(user.id, ctx.now)
