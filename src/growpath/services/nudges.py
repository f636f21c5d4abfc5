"""Nudges by e-mail through an outbox: written once per dedupe key, sent at most once.

Delivery records the attempt before sending and the result after. A process killed between
the send and the second commit leaves the nudge "sending"; it is never sent again, and once
it has been "sending" longer than ``STALE_ATTEMPT`` it is marked "unconfirmed" for an
administrator to see. A failed send (the relay was down or answered 4xx) is retried with
backoff; a nudge the relay rejects (5xx) or that can never be written as an e-mail (a header
with a line break) fails for good at once. Either way it fails alone: the others still go out.
A relay that refuses our own set-up (wrong password, no TLS) refuses every nudge alike: the pass
stops, the nudge goes back unsent without spending an attempt, and the job reports it.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from growpath.adapters.mail_messages import Envelope, Unsubscribe, compose, message_id
from growpath.adapters.mailer import MessageRejected, RelayRefusedSetup, hang_up
from growpath.adapters.orm import NudgeRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.adapters.unsubscribe_tokens import unsubscribe_token
from growpath.domain.nudges import CATEGORY_TEXT, MailCategory, category_of
from growpath.services.context import Collaborators as Growpath
from growpath.services.mail_language import mail_translator
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
    calendar: str | None = None,
    recipient_opted_out: bool | None = None,
) -> bool:
    """Add a nudge to the outbox unless one with this key exists or its recipient turned its
    kind of mail off (the caller may say whether, if it read the recipient already); return
    whether it was added. A calendar (an .ics invite) travels with it."""
    if category_of(kind) is MailCategory.REMINDERS:
        if recipient_opted_out is None:
            person = uow.people.by_email(recipient_email)
            recipient_opted_out = person is not None and person.reminder_opt_out
        if recipient_opted_out:
            return False
    return uow.nudges.add_once(
        NudgeRow(
            dedupe_key=dedupe_key,
            kind=kind,
            recipient_email=recipient_email,
            subject=subject,
            body=body,
            calendar=calendar,
            status="pending",
            due_at=due_at,
            attempts=0,
            created_at=now,
        )
    )


def _message(
    app: Growpath, uow: UnitOfWork, nudge: NudgeRow, recipient_id: int | None
) -> EmailMessage:
    settings = app.settings
    _ = mail_translator(uow, settings, nudge.recipient_email)
    envelope = Envelope(
        sender=settings.mail_from,
        recipient=nudge.recipient_email,
        subject=nudge.subject,
        date=app.clock.now(),
        message_id=message_id(
            settings.secret_key,
            nudge.id,
            nudge.dedupe_key,
            nudge.created_at,
            settings.message_id_domain(),
        ),
    )
    category = category_of(nudge.kind)
    unsubscribe = None
    if category is not None and recipient_id is not None:
        token = unsubscribe_token(settings.secret_key, recipient_id, category)
        unsubscribe = Unsubscribe(
            settings.page_url(f"/mail/unsubscribe/{token}"), _(CATEGORY_TEXT[category])
        )
    return compose(
        envelope,
        nudge.body,
        settings.page_url(""),
        unsubscribe,
        nudge.calendar,
        locale=_.locale,
    )


def _written(
    app: Growpath, uow: UnitOfWork, nudge: NudgeRow, recipient_id: int | None
) -> EmailMessage | str:
    """Return the nudge as an e-mail, or why it cannot be one."""
    try:
        return _message(app, uow, nudge, recipient_id)
    except (ValueError, TypeError) as exc:
        return str(exc) or type(exc).__name__


@dataclass(frozen=True)
class Failure:
    """A nudge that failed for good: which, to whom (a person id, if one), and why."""

    nudge_id: int
    kind: str
    recipient_id: int | None
    reason: str

    def __str__(self) -> str:
        to = (
            f"person {self.recipient_id}"
            if self.recipient_id
            else "an address of no person on record"
        )
        return f"nudge {self.nudge_id} ({self.kind}) to {to}: {self.reason}"


@dataclass(frozen=True)
class Delivery:
    """What one pass over the outbox did: sent, to be retried, and failed for good.

    relay_refused is set when the relay refused our own set-up (a wrong password, no TLS):
    the pass stopped there, and no nudge spent an attempt on it.
    """

    sent: int = 0
    retrying: int = 0
    failures: tuple[Failure, ...] = ()
    relay_refused: str = ""

    @property
    def failed(self) -> int:
        """How many nudges failed for good in this pass."""
        return len(self.failures)


@dataclass(frozen=True)
class _Outcome:
    status: str  # "sent", "retrying", "failed", "refused" (the relay refused us) or ""
    failure: Failure | None = None
    refusal: str = ""


def deliver_due_nudges(app: Growpath) -> int:
    """Send every nudge that is due; return how many were sent."""
    return deliver_nudges(app).sent


def deliver_nudges(app: Growpath) -> Delivery:
    """Send every nudge that is due, each on its own: one that cannot go out stops no other.

    Only a relay that refuses us stops the pass: it would refuse every other nudge alike.
    """
    now = app.clock.now()
    _mark_stale_attempts(app, now)
    with app.uow() as uow:
        due = uow.nudges.due_ids(now)
    outcomes: list[_Outcome] = []
    try:
        for nudge_id in due:
            outcome = _deliver_one(app, nudge_id)
            outcomes.append(outcome)
            if outcome.status == "refused":
                break
    finally:
        hang_up(app.mailer)
    counts = Counter(outcome.status for outcome in outcomes)
    return Delivery(
        sent=counts["sent"],
        retrying=counts["retrying"],
        failures=tuple(o.failure for o in outcomes if o.failure is not None),
        relay_refused=next((o.refusal for o in outcomes if o.refusal), ""),
    )


def _deliver_one(app: Growpath, nudge_id: int) -> _Outcome:
    """Send one nudge and record what happened."""
    now = app.clock.now()
    with app.uow() as uow:
        claimed = uow.nudges.claim(nudge_id, now)
        uow.commit()
        if not claimed:
            return _Outcome("")  # another worker has it
        nudge = uow.nudges.get(nudge_id)
        if nudge is None:
            return _Outcome("")
        person = uow.people.by_email(nudge.recipient_email)
        recipient_id = person.id if person is not None else None
        about = (nudge_id, nudge.kind, recipient_id)
        try:
            message = _written(app, uow, nudge, recipient_id)
        except SealedTextUnavailable as exc:
            unreadable = str(exc)
        else:
            unreadable = ""
    if unreadable:
        # Sealed under a key this server lacks: once the operator adds it, a retry goes out.
        log.warning("nudge %s cannot be opened: %s", nudge_id, unreadable)
        return _record_failure(app, about, unreadable)
    if isinstance(message, str):
        # A header that cannot be written (a line break in a name stored before names were
        # checked) never will be: the nudge fails for good, and alone.
        log.warning("nudge %s cannot be written as an e-mail: %s", nudge_id, message)
        return _record_failure(app, about, f"cannot be written: {message}", permanent=True)
    try:
        app.mailer.send(message)
    except RelayRefusedSetup as exc:
        # A configuration error, not this message's: it goes back unsent, its attempt unspent.
        log.error("the mail relay refuses growpath's set-up, nothing more is sent: %s", exc)
        with app.uow() as uow:
            uow.nudges.release(nudge_id, f"not sent, the relay refuses our set-up: {exc}")
            uow.commit()
        return _Outcome("refused", refusal=str(exc))
    except MessageRejected as exc:  # a 5xx for this message: it never will go
        log.warning("nudge %s was rejected: %s", nudge_id, exc)
        return _record_failure(app, about, f"rejected: {exc}", permanent=True)
    except OSError as exc:  # the relay was down or said "later" (4xx): try again later
        log.warning("nudge %s was not sent: %s", nudge_id, exc)
        return _record_failure(app, about, str(exc) or type(exc).__name__)
    except ValueError as exc:  # the mailer could not encode it: it never will
        log.warning("nudge %s cannot be sent: %s", nudge_id, exc)
        return _record_failure(app, about, f"cannot be sent: {exc}", permanent=True)
    with app.uow() as uow:
        uow.nudges.mark_sent(nudge_id, app.clock.now())
        uow.commit()
    return _Outcome("sent")


def _record_failure(
    app: Growpath, about: tuple[int, str, int | None], error: str, permanent: bool = False
) -> _Outcome:
    now = app.clock.now()
    nudge_id, kind, recipient_id = about
    with app.uow() as uow:
        nudge = uow.nudges.get(nudge_id)
        if nudge is None:
            return _Outcome("")
        nudge.last_error = error[:2000]
        if permanent or nudge.attempts >= MAX_ATTEMPTS:
            nudge.status = "failed"
        else:
            nudge.status = "retrying"
            nudge.next_attempt_at = now + FIRST_RETRY * 2 ** (nudge.attempts - 1)
        status, attempts = nudge.status, nudge.attempts
        uow.commit()
    if status != "failed":
        return _Outcome(status)
    reason = error if permanent else f"gave up after {attempts} attempts: {error}"
    return _Outcome(status, Failure(nudge_id, kind, recipient_id, reason))


def _mark_stale_attempts(app: Growpath, now: datetime) -> None:
    with app.uow() as uow:
        uow.nudges.mark_unconfirmed(now - STALE_ATTEMPT)
        uow.commit()
