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

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

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
    exists = uow.session.scalar(select(NudgeRow.id).where(NudgeRow.dedupe_key == dedupe_key))
    if exists is not None:
        return False
    try:
        with uow.session.begin_nested():
            uow.session.add(
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
    except IntegrityError:
        return False  # another worker queued the same nudge a moment ago
    return True


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
        due = list(
            uow.session.scalars(
                select(NudgeRow.id)
                .where(
                    NudgeRow.status.in_(("pending", "retrying")),
                    NudgeRow.due_at <= now,
                    or_(NudgeRow.next_attempt_at.is_(None), NudgeRow.next_attempt_at <= now),
                )
                .order_by(NudgeRow.due_at, NudgeRow.id)
            )
        )
    return sum(1 for nudge_id in due if _deliver_one(app, nudge_id))


def _deliver_one(app: Growpath, nudge_id: int) -> bool:
    now = app.clock.now()
    with app.uow() as uow:
        # Claim the nudge: only one worker's UPDATE finds it still waiting.
        claimed = uow.session.execute(
            update(NudgeRow)
            .where(NudgeRow.id == nudge_id, NudgeRow.status.in_(("pending", "retrying")))
            .values(status="sending", attempts=NudgeRow.attempts + 1, last_attempt_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        uow.commit()
        if claimed != 1:
            return False
        nudge = uow.session.get(NudgeRow, nudge_id)
        if nudge is None:
            return False
        message = _message(app, nudge)
    try:
        app.mailer.send(message)
    except (OSError, ValueError) as exc:
        _record_failure(app, nudge_id, str(exc))
        return False
    with app.uow() as uow:
        uow.session.execute(
            update(NudgeRow)
            .where(NudgeRow.id == nudge_id)
            .values(status="sent", sent_at=app.clock.now(), last_error="")
            .execution_options(synchronize_session=False)
        )
        uow.commit()
    return True


def _record_failure(app: Growpath, nudge_id: int, error: str) -> None:
    now = app.clock.now()
    with app.uow() as uow:
        nudge = uow.session.get(NudgeRow, nudge_id)
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
        uow.session.execute(
            update(NudgeRow)
            .where(NudgeRow.status == "sending", NudgeRow.last_attempt_at < now - STALE_ATTEMPT)
            .values(status="unconfirmed")
            .execution_options(synchronize_session=False)
        )
        uow.commit()
