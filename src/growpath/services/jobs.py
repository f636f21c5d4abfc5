"""The periodic job: check-ins, digests and health nudges queued, then the outbox delivered."""

from __future__ import annotations

from dataclasses import dataclass

from growpath.bootstrap import Growpath
from growpath.services import checkins, digests, health, nudges, reminders


@dataclass(frozen=True)
class JobReport:
    """What one run of the periodic job did."""

    checkins: int
    reminders: int
    digests: int
    health_nudges: int
    concluded: int
    sent: int

    def __str__(self) -> str:
        return (
            f"Scheduled {self.checkins} check-in(s), {self.reminders} reminder(s), "
            f"{self.digests} digest(s) and "
            f"{self.health_nudges} health nudge(s); concluded {self.concluded} silent "
            f"engagement(s); sent {self.sent} nudge(s)."
        )


def run_periodic_jobs(app: Growpath) -> JobReport:
    """Queue what has fallen due, then send every nudge that is due; safe to run any time."""
    scheduled = checkins.schedule_checkins(app)
    reminded = reminders.remind_unanswered_invitations(app)
    reminded += reminders.remind_incomplete_profiles(app)
    weekly = digests.queue_weekly_digests(app)
    health_nudges, concluded = health.apply_health_rules(app)
    sent = nudges.deliver_due_nudges(app)
    return JobReport(scheduled, reminded, weekly, health_nudges, concluded, sent)
