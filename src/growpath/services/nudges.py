"""Nudges by e-mail through an outbox: written once per dedupe key, sent at most once.

Delivery records the attempt before sending and the result after. A process killed between
the send and the second commit leaves the nudge "sending"; it is never sent again, and once
it has been "sending" longer than ``STALE_ATTEMPT`` it is marked "unconfirmed" for an
administrator to see. A failed send (the server refused or was down) is retried with backoff.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from growpath.adapters.orm import NudgeRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.services.context import Collaborators as Growpath

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=5)
STALE_ATTEMPT = timedelta(minutes=30)


def queue_nudge(
    uow: UnitOfWork,
    *,
    dedupe_key: str,
    kind: str,
    recipient_email: str,
    subject: str,
    body: str,
    due_at: datetime,
    now: datetime,
) -> bool:
    """Add a nudge to the outbox unless one with this key exists; return whether it was added."""
    return uow.nudges.add_once(
        NudgeRow(
            dedupe_key=dedupe_key,
            kind=kind,
            recipient_email=recipient_email,
            subject=subject,
            body=body,
            status="pending",
            due_at=due_at,
            attempts=0,
            created_at=now,
        )
    )


def _message(app: Growpath, nudge: NudgeRow) -> EmailMessage:
    message = EmailMessage()
    message["From"] = app.settings.mail_from
    message["To"] = nudge.recipient_email
    message["Subject"] = nudge.subject
    message["Date"] = format_datetime(app.clock.now())
    # A stable Message-ID lets a receiving server recognise the nudge if it ever saw it.
    message["Message-ID"] = f"<nudge-{nudge.id}@growpath>"
    message.set_content(nudge.body)
    return message


def deliver_due_nudges(app: Growpath) -> int:
    """Send every nudge that is due; return how many were sent."""
    now = app.clock.now()
    _mark_stale_attempts(app, now)
    with app.uow() as uow:
        due = uow.nudges.due_ids(now)
    return sum(1 for nudge_id in due if _deliver_one(app, nudge_id))


def _deliver_one(app: Growpath, nudge_id: int) -> bool:
    now = app.clock.now()
    with app.uow() as uow:
        claimed = uow.nudges.claim(nudge_id, now)
        uow.commit()
        if not claimed:
            return False
        nudge = uow.nudges.get(nudge_id)
        if nudge is None:
            return False
        message = _message(app, nudge)
    try:
        app.mailer.send(message)
    except (OSError, ValueError) as exc:
        _record_failure(app, nudge_id, str(exc))
        return False
    with app.uow() as uow:
        uow.nudges.mark_sent(nudge_id, app.clock.now())
        uow.commit()
    return True


def _record_failure(app: Growpath, nudge_id: int, error: str) -> None:
    now = app.clock.now()
    with app.uow() as uow:
        nudge = uow.nudges.get(nudge_id)
        if nudge is None:
            return
        nudge.last_error = error[:2000]
        if nudge.attempts >= MAX_ATTEMPTS:
            nudge.status = "failed"
        else:
            nudge.status = "retrying"
            nudge.next_attempt_at = now + FIRST_RETRY * 2 ** (nudge.attempts - 1)
        uow.commit()


def _mark_stale_attempts(app: Growpath, now: datetime) -> None:
    with app.uow() as uow:
        uow.nudges.mark_unconfirmed(now - STALE_ATTEMPT)
        uow.commit()
