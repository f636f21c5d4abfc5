"""The periodic job: check-ins, digests and nudges queued, the outbox delivered, facts caught up."""

from __future__ import annotations

from dataclasses import dataclass

from growpath.services import (
    checkins,
    digests,
    health,
    leavers,
    matching,
    nudges,
    practice,
    reminders,
    reporting,
)
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import operator_context


@dataclass(frozen=True)
class JobReport:
    """What one run of the periodic job did."""

    checkins: int
    lapsed: int
    reminders: int
    digests: int
    health_nudges: int
    concluded: int
    sent: int
    report_facts: int
    failures: tuple[nudges.Failure, ...] = ()  # nudges that failed for good in this run
    relay_refused: str = ""  # the mail relay refused our set-up: why (nothing more was sent)
    leavers: int = 0  # people whose leave date came: their accounts closed

    @property
    def failed(self) -> int:
        """How many nudges failed for good in this run."""
        return len(self.failures)

    def __str__(self) -> str:
        return (
            f"Scheduled {self.checkins} check-in(s), lapsed {self.lapsed} unanswered "
            f"proposal(s), queued {self.reminders} reminder(s), "
            f"{self.digests} digest(s) and "
            f"{self.health_nudges} health nudge(s); concluded {self.concluded} silent "
            f"engagement(s); closed the access of {self.leavers} leaver(s); "
            f"sent {self.sent} nudge(s)"
            + (f", {self.failed} failed for good" if self.failed else "")
            + (", then stopped: the mail relay refused our set-up" if self.relay_refused else "")
            + f"; caught up the report facts of {self.report_facts} participant(s)."
        )


def run_periodic_jobs(app: Growpath) -> JobReport:
    """Queue what has fallen due, then send every nudge that is due; safe to run any time."""
    # First, so nothing below queues mail to or proposes someone who has left.
    closed = leavers.close_leavers(operator_context(app))
    scheduled = checkins.schedule_checkins(app)
    # Proposals past their answer date lapse, so their people can be matched again.
    lapsed = matching.expire_proposals(operator_context(app))
    reminded = reminders.remind_unanswered_invitations(app)
    reminded += reminders.remind_incomplete_profiles(app)
    reminded += practice.nudge_missed_weeks(app)
    weekly = digests.queue_weekly_digests(app)
    health_nudges, concluded = health.apply_health_rules(app)
    try:
        delivery = nudges.deliver_nudges(app)
    finally:
        # Last, so the facts include what the steps above wrote (lapsed proposals, concluded
        # pairs); and even when delivery broke down, since the facts do not depend on mail.
        caught_up = reporting.catch_up_facts(app)
    return JobReport(
        scheduled,
        lapsed,
        reminded,
        weekly,
        health_nudges,
        concluded,
        delivery.sent,
        caught_up,
        failures=delivery.failures,
        relay_refused=delivery.relay_refused,
        leavers=closed,
    )
