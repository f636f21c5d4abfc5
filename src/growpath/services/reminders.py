"""Reminders before a pair exists: invitations left unanswered, profiles left incomplete."""

from __future__ import annotations

from datetime import timedelta

from growpath.domain.health import rules_of
from growpath.domain.people import missing_for_matching
from growpath.domain.programs import GUIDE_ROLE
from growpath.domain.proposals import PENDING
from growpath.services.context import Collaborators as Growpath
from growpath.services.nudges import queue_nudge


def remind_unanswered_invitations(app: Growpath) -> int:
    """Remind each side that has not answered a proposal by the program's invitation day."""
    now = app.clock.now()
    queued = 0
    with app.uow() as uow:
        pending = uow.reminders.unanswered_proposals(PENDING, now)
        for proposal, program, participant, guide in pending:
            rules = rules_of(program.health_rules)
            lapses = proposal.expires_at
            if lapses is None:
                continue
            # The window opened response_days before the lapse; remind invitation_days into it.
            if now < lapses - timedelta(days=rules["response_days"] - rules["invitation_days"]):
                continue
            sides = (
                (participant, guide, proposal.mentee_response),
                (guide, participant, proposal.mentor_response),
            )
            for person, other, response in sides:
                if response is not None or person.erased_at is not None:
                    continue
                queued += queue_nudge(
                    uow,
                    dedupe_key=f"invitation:{proposal.id}:{person.id}",
                    kind="invitation",
                    recipient_email=person.email,
                    subject=f"{program.name}: {other.name} is waiting for your answer",
                    body=(
                        f"You and {other.name} were proposed as a pair in {program.name} "
                        f"{rules['invitation_days']} days ago. Please accept or decline before "
                        f"{lapses:%d %B %Y}, when the proposal lapses:\n"
                        f"{app.settings.page_url('/proposals')}\n"
                    ),
                    due_at=now,
                    now=now,
                )
        uow.commit()
    return queued


def remind_incomplete_profiles(app: Growpath) -> int:
    """Ask each person enrolled for a while, unmatched, to fill in what matching needs."""
    now = app.clock.now()
    queued = 0
    with app.uow() as uow:
        waiting = uow.reminders.unmatched_enrolments(reminder_prefix="incomplete:")
        for enrolment, person, program, skill_count in waiting:
            rules = rules_of(program.health_rules)
            if now < enrolment.created_at + timedelta(days=rules["incomplete_days"]):
                continue
            is_guide = enrolment.role in GUIDE_ROLE.values()
            missing = missing_for_matching(is_guide, int(skill_count), person.languages, person.bio)
            if not missing:
                continue
            queued += queue_nudge(
                uow,
                dedupe_key=f"incomplete:{enrolment.id}",
                kind="incomplete_profile",
                recipient_email=person.email,
                subject=f"{program.name}: help us find you a good match",
                body=(
                    f"You enrolled in {program.name} {rules['incomplete_days']} days ago, but "
                    f"your profile has no {' and no '.join(missing)}. Matching uses them to find "
                    "you the right person; it takes a minute to add them:\n"
                    f"{app.settings.page_url('/account/profile')}\n"
                ),
                due_at=now,
                now=now,
            )
        uow.commit()
    return queued
