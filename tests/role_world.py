"""A small organisation with one of everything and a token per role, for whole-API tests."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from growpath.adapters import migrate
from growpath.adapters.clock import FixedClock
from growpath.adapters.database import create_database_engine
from growpath.adapters.unsubscribe_tokens import unsubscribe_token
from growpath.bootstrap import bootstrap
from growpath.domain.accounts import Role
from growpath.domain.nudges import MailCategory
from growpath.services import (
    accounts,
    busy_calendars,
    calendar_feeds,
    checkin_questions,
    checkins,
    consents,
    find_time,
    goals,
    invitations,
    lessons,
    matching,
    practice,
    program_admins,
    programs,
    reflection,
    sessions,
    triads,
)
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context
from growpath.services.enrolment import enrol, list_enrolments
from growpath.services.people_import import import_people
from growpath.settings import Settings
from tests.conftest import START, make_account
from tests.factories import csv_bytes, org_rows, started_engagement

# Which person of org_rows(20) plays each role: person 4 manages person 13, the participant.
# The program admin runs the world's program (they create it); the other admin runs another.
PEOPLE = {
    "participant": 13,
    "guide": 17,
    "manager": 4,
    "outsider": 3,
    "program_admin": 10,
    "other_admin": 12,
    "org_admin": 11,
}


@dataclass(frozen=True)
class World:
    """A database file with one of everything, and a token per role."""

    path: Path
    ids: dict[str, Any]
    tokens: dict[str, str]


def world_settings(path: Path) -> Settings:
    """Return the settings of an app on the world's database file at path."""
    return Settings(
        environment="test",
        secret_key="matrix-secret-key-long-enough-0123456789",
        database_url=f"sqlite:///{path}",
        mail_dir=path.parent / "mail",
    )


def seed_world(path: Path) -> World:
    """Seed a program, a running engagement with a held session, a goal and a charter."""
    engine = create_database_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    app = bootstrap(world_settings(path), clock=FixedClock(START), engine=engine)
    operator = operator_context(app)
    import_people(operator, csv_bytes(org_rows(20)), "people.csv")
    ensure_catalogue(operator)
    roles = {
        "program_admin": Role.PROGRAM_ADMIN,
        "other_admin": Role.PROGRAM_ADMIN,
        "org_admin": Role.ORG_ADMIN,
    }
    ctx = {
        name: make_account(app, f"person{n}@example.com", roles.get(name, Role.PARTICIPANT))
        for name, n in PEOPLE.items()
    }
    engagement_id = started_engagement(ctx["program_admin"], ctx["participant"], ctx["guide"])
    elsewhere = programs.create_from_template(operator, "peer-circles", name="Elsewhere").id
    program_admins.change_program_admins(operator, elsewhere, add=["person12@example.com"])
    session = sessions.schedule(ctx["guide"], engagement_id, START + timedelta(hours=2))
    action = {"description": "Try it", "owner_person_id": ctx["participant"].actor.person_id}
    sessions.hold(ctx["guide"], session.id, shared_notes={"goal": "g"}, actions=[action])
    goal = goals.add_goal(
        ctx["participant"],
        engagement_id,
        {
            "title": "Lead reviews",
            "measure": "reviews",
            "target_value": 3,
            "due_on": START.date() + timedelta(days=90),
        },
    )
    (proposal,) = matching.my_proposals(ctx["participant"])
    mine = list_enrolments(ctx["participant"], mine=True)[0]
    ids = {
        "person_id": ctx["participant"].actor.person_id,
        "program_id": mine.program_id,
        "enrolment_id": mine.id,
        "run_id": proposal.run_id,
        "proposal_id": proposal.id,
        "engagement_id": engagement_id,
        "session_id": session.id,
        "goal_id": goal.id,
        "action_id": sessions.open_actions(ctx["participant"], engagement_id)[0].id,
        "key": "feedback",
        "guide_enrolment_id": proposal.mentor_enrolment_id,
        "kind": "layering",
        "elsewhere_program_id": elsewhere,
    }
    participant_id = ctx["participant"].actor.person_id
    assert participant_id is not None
    ids["unsubscribe_token"] = unsubscribe_token(
        app.settings.secret_key, participant_id, MailCategory.DIGEST
    )
    # A live feed: its URL answers anyone who holds it, logged in or not.
    feed_url = calendar_feeds.create_feed(ctx["participant"]).url
    ids["feed_token"] = feed_url.rsplit("/", 1)[1].removesuffix(".ics")
    for token in ("invitation_token", "reset_token", "change_token"):
        ids[token] = "not-a-live-link"
    ids["invitation_id"] = invitations.invite(ctx["org_admin"], "invitee@example.com", set()).id
    ids["user_id"] = ctx["participant"].actor.user_id
    # A busy calendar of the participant's (this machine: refused at once, never fetched) and
    # a time the guide proposed, for the participant to answer.
    ids["busy_calendar_id"] = busy_calendars.add_busy_calendar(
        ctx["participant"], "ics", "http://127.0.0.1:9/busy.ics"
    ).id
    slot = find_time.find_slots(ctx["guide"], engagement_id).slots[0]
    ids["slot_proposal_id"] = find_time.propose_slot(ctx["guide"], engagement_id, slot.starts_at).id
    # A journal entry of the participant's, shared with the guide: only its author may
    # share or unshare it.
    ids["journal_entry_id"] = reflection.write_entry(
        ctx["participant"], engagement_id, "What I noticed", shared=True
    ).id
    later = replace(app, clock=FixedClock(START + timedelta(days=31)))
    checkins.schedule_checkins(later)
    ids["checkin_id"] = checkins.my_checkins(ctx["participant"])[0].id
    # The participant's manager logged a coaching conversation, for the participant to answer.
    ids["conversation_id"] = practice.log_conversation(
        ctx["manager"], participant_id, START.date(), ["goal"], "Kept to themself"
    ).id
    ids["question_id"] = checkin_questions.add_question(
        ctx["program_admin"], mine.program_id, "scale", "How clear are your goals?", "no", "yes"
    ).id
    for kind in (consents.MANAGER_TRAJECTORY, consents.LAYERING):
        consents.set_consent(ctx["participant"], kind, granted=True)
    # A practice triad of the participant, the guide and a third person of the program.
    third = make_account(app, "person5@example.com")
    enrol(third, mine.program_id, "mentee", {"goals": "Ask more, tell less."})
    (triad,) = triads.form_triads(ctx["program_admin"], mine.program_id)
    ids["triad_id"] = triad.id
    # A lesson of the guide's, whom anyone may follow.
    ids["lesson_id"] = lessons.publish_lesson(
        ctx["guide"],
        "Listen first",
        "My first mentee taught me that a quiet minute is worth more than my advice.",
        "Ask one more question before answering.",
        ["feedback"],
    ).id
    ids["mentor_id"] = ctx["guide"].actor.person_id
    tokens = {name: accounts.issue_token(app, c.actor).token for name, c in ctx.items()}
    engine.dispose()
    return World(path, ids, tokens)
