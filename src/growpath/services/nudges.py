"""Nudges by e-mail through an outbox: written once per dedupe key, sent at most once.

Delivery records the attempt before sending and the result after. A process killed between
the send and the second commit leaves the nudge "sending"; it is never sent again, and once
it has been "sending" longer than ``STALE_ATTEMPT`` it is marked "unconfirmed" for an
administrator to see. A failed send (the server refused or was down) is retried with backoff;
a nudge that can never be written as an e-mail (a header with a line break) fails for good at
once. Either way it fails alone: the others still go out.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from growpath.adapters.orm import NudgeRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.services.context import Collaborators as Growpath
from growpath.services.sealing import SealedTextUnavailable

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=5)
STALE_ATTEMPT = timedelta(minutes=30)
log = logging.getLogger(__name__)


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


def _written(app: Growpath, nudge: NudgeRow) -> EmailMessage | str:
    """Return the nudge as an e-mail, or why it cannot be one."""
    try:
        return _message(app, nudge)
    except (ValueError, TypeError) as exc:
        return str(exc) or type(exc).__name__


@dataclass(frozen=True)
class Delivery:
    """What one pass over the outbox did: sent, to be retried, and failed for good."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


def deliver_due_nudges(app: Growpath) -> int:
    """Send every nudge that is due; return how many were sent."""
    return deliver_nudges(app).sent


def deliver_nudges(app: Growpath) -> Delivery:
    """Send every nudge that is due, each on its own: one that cannot go out stops no other."""
    now = app.clock.now()
    _mark_stale_attempts(app, now)
    with app.uow() as uow:
        due = uow.nudges.due_ids(now)
    outcomes = Counter(_deliver_one(app, nudge_id) for nudge_id in due)
    return Delivery(outcomes["sent"], outcomes["retrying"], outcomes["failed"])


def _deliver_one(app: Growpath, nudge_id: int) -> str:
    """Send one nudge; return "sent", "retrying", "failed" or "" (another worker has it)."""
    now = app.clock.now()
    with app.uow() as uow:
        claimed = uow.nudges.claim(nudge_id, now)
        uow.commit()
        if not claimed:
            return ""
        nudge = uow.nudges.get(nudge_id)
        if nudge is None:
            return ""
        try:
            message = _written(app, nudge)
        except SealedTextUnavailable as exc:
            unreadable = str(exc)
        else:
            unreadable = ""
    if unreadable:
        # Sealed under a key this server lacks: once the operator adds it, a retry goes out.
        log.warning("nudge %s cannot be opened: %s", nudge_id, unreadable)
        return _record_failure(app, nudge_id, unreadable)
    if isinstance(message, str):
        # A header that cannot be written (a line break in a name stored before names were
        # checked) never will be: the nudge fails for good, and alone.
        log.warning("nudge %s cannot be written as an e-mail: %s", nudge_id, message)
        return _record_failure(app, nudge_id, f"cannot be written: {message}", permanent=True)
    try:
        app.mailer.send(message)
    except OSError as exc:  # the server refused or was down: try again later
        log.warning("nudge %s was not sent: %s", nudge_id, exc)
        return _record_failure(app, nudge_id, str(exc))
    except ValueError as exc:  # the mailer could not encode it: it never will
        log.warning("nudge %s cannot be sent: %s", nudge_id, exc)
        return _record_failure(app, nudge_id, f"cannot be sent: {exc}", permanent=True)
    with app.uow() as uow:
        uow.nudges.mark_sent(nudge_id, app.clock.now())
        uow.commit()
    return "sent"


def _record_failure(app: Growpath, nudge_id: int, error: str, permanent: bool = False) -> str:
    now = app.clock.now()
    with app.uow() as uow:
        nudge = uow.nudges.get(nudge_id)
        if nudge is None:
            return ""
        nudge.last_error = error[:2000]
        if permanent or nudge.attempts >= MAX_ATTEMPTS:
            nudge.status = "failed"
        else:
            nudge.status = "retrying"
            nudge.next_attempt_at = now + FIRST_RETRY * 2 ** (nudge.attempts - 1)
        status = nudge.status
        uow.commit()
    return status


def _mark_stale_attempts(app: Growpath, now: datetime) -> None:
    with app.uow() as uow:
        uow.nudges.mark_unconfirmed(now - STALE_ATTEMPT)
        uow.commit()
