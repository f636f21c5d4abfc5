"""The periodic job: check-ins, digests and health nudges queued, then the outbox delivered."""

from __future__ import annotations

from dataclasses import dataclass

from growpath.bootstrap import Growpath
from growpath.services import checkins, digests, health, nudges


@dataclass(frozen=True)
class JobReport:
    """What one run of the periodic job did."""

    checkins: int
    digests: int
    health_nudges: int
    concluded: int
    sent: int

    def __str__(self) -> str:
        return (
            f"Scheduled {self.checkins} check-in(s), {self.digests} digest(s) and "
            f"{self.health_nudges} health nudge(s); concluded {self.concluded} silent "
            f"engagement(s); sent {self.sent} nudge(s)."
        )


def run_periodic_jobs(app: Growpath) -> JobReport:
    """Queue what has fallen due, then send every nudge that is due; safe to run any time."""
    scheduled = checkins.schedule_checkins(app)
    weekly = digests.queue_weekly_digests(app)
    health_nudges, concluded = health.apply_health_rules(app)
    return JobReport(scheduled, weekly, health_nudges, concluded, nudges.deliver_due_nudges(app))
