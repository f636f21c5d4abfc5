"""Reminders before a pair exists: invitations left unanswered, profiles left incomplete."""

from __future__ import annotations

from datetime import timedelta

from growpath.domain.health import rules_of
from growpath.domain.people import missing_for_matching
from growpath.domain.programs import GUIDE_ROLE
from growpath.domain.proposals import PENDING
from growpath.i18n import N_
from growpath.services.context import Collaborators as Growpath
from growpath.services.mail_language import mail_translator, spelled_day
from growpath.services.nudges import queue_nudge

# What a profile lacks, as the reminder names it in the reader's language.
MISSING_TEXT = {
    "skills": N_("skills"),
    "languages": N_("languages"),
    "a short bio": N_("a short bio"),
}


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
                _ = mail_translator(uow, app.settings, person.email)
                queued += queue_nudge(
                    uow,
                    dedupe_key=f"invitation:{proposal.id}:{person.id}",
                    kind="invitation",
                    recipient_email=person.email,
                    subject=_(
                        "%(program)s: %(name)s is waiting for your answer",
                        program=program.name,
                        name=other.name,
                    ),
                    body=(
                        _(
                            "You and %(name)s were proposed as a pair in %(program)s %(days)s "
                            "days ago. Please accept or decline before %(lapses)s, when the "
                            "proposal lapses:",
                            name=other.name,
                            program=program.name,
                            days=rules["invitation_days"],
                            lapses=spelled_day(lapses, _.locale, f"{lapses:%d %B %Y}"),
                        )
                        + f"\n{app.settings.page_url('/proposals')}\n"
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
            _ = mail_translator(uow, app.settings, person.email)
            queued += queue_nudge(
                uow,
                dedupe_key=f"incomplete:{enrolment.id}",
                kind="incomplete_profile",
                recipient_email=person.email,
                subject=_("%(program)s: help us find you a good match", program=program.name),
                body=(
                    _(
                        "You enrolled in %(program)s %(days)s days ago, but your profile has no "
                        "%(missing)s. Matching uses them to find you the right person; it takes "
                        "a minute to add them:",
                        program=program.name,
                        days=rules["incomplete_days"],
                        # Translators: joins what a profile lacks ("skills and no languages").
                        missing=_(" and no ").join(_(MISSING_TEXT[item]) for item in missing),
                    )
                    + f"\n{app.settings.page_url('/account/profile')}\n"
                ),
                due_at=now,
                now=now,
            )
        uow.commit()
    return queued
