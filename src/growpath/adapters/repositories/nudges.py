"""The nudge outbox: how services queue, claim and settle e-mails, without committing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from growpath.adapters.orm import NudgeRow
from growpath.adapters.repositories.insert_once import insert_once

ERASURE_BATCH = 500


class NudgeRepository:
    """Nudges waiting, being sent and sent, each once per dedupe key."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_once(self, nudge: NudgeRow) -> bool:
        """Store a nudge unless one with its dedupe key exists; return whether it was added."""
        # The unique key decides, a nudge queued a moment ago by another worker too.
        return insert_once(self.session, nudge, ("dedupe_key",)) is not None

    def get(self, nudge_id: int) -> NudgeRow | None:
        """Return the nudge with this id."""
        return self.session.get(NudgeRow, nudge_id)

    def due_ids(self, now: datetime) -> list[int]:
        """Return the ids of nudges waiting to be sent by now, oldest due first."""
        return list(
            self.session.scalars(
                select(NudgeRow.id)
                .where(
                    NudgeRow.status.in_(("pending", "retrying")),
                    NudgeRow.due_at <= now,
                    or_(NudgeRow.next_attempt_at.is_(None), NudgeRow.next_attempt_at <= now),
                )
                .order_by(NudgeRow.due_at, NudgeRow.id)
            )
        )

    def claim(self, nudge_id: int, now: datetime) -> bool:
        """Mark a waiting nudge as being sent; return whether this caller got it."""
        # Claim the nudge: only one worker's UPDATE finds it still waiting.
        claimed = self.session.execute(
            update(NudgeRow)
            .where(NudgeRow.id == nudge_id, NudgeRow.status.in_(("pending", "retrying")))
            .values(status="sending", attempts=NudgeRow.attempts + 1, last_attempt_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        return bool(claimed == 1)

    def mark_sent(self, nudge_id: int, now: datetime) -> None:
        """Record that the nudge was sent."""
        self.session.execute(
            update(NudgeRow)
            .where(NudgeRow.id == nudge_id)
            .values(status="sent", sent_at=now, last_error="")
            .execution_options(synchronize_session=False)
        )

    def release(self, nudge_id: int, error: str) -> None:
        """Put a claimed nudge back unsent, as if the attempt had not been made."""
        self.session.execute(
            update(NudgeRow)
            .where(NudgeRow.id == nudge_id, NudgeRow.status == "sending")
            .values(
                status="retrying",
                attempts=NudgeRow.attempts - 1,
                next_attempt_at=None,
                last_error=error[:2000],
            )
            .execution_options(synchronize_session=False)
        )

    def mark_unconfirmed(self, attempted_before: datetime) -> None:
        """Mark nudges left "sending" since before a moment as "unconfirmed"."""
        self.session.execute(
            update(NudgeRow)
            .where(NudgeRow.status == "sending", NudgeRow.last_attempt_at < attempted_before)
            .values(status="unconfirmed")
            .execution_options(synchronize_session=False)
        )

    def keys_like(self, pattern: str) -> Sequence[str]:
        """Return the dedupe keys matching a LIKE pattern."""
        return self.session.scalars(
            select(NudgeRow.dedupe_key).where(NudgeRow.dedupe_key.like(pattern))
        ).all()

    def remove_to_or_mentioning(self, emails: Iterable[str], words: Iterable[str]) -> int:
        """Delete every nudge, waiting or sent, to one of emails or whose subject, body or
        calendar holds one of words; return how many."""
        addresses = {email.lower() for email in emails}
        needles = [word for word in words if word]
        found: list[int] = []
        last = 0
        while True:
            # Subjects, bodies and calendars are sealed: they are opened here, a batch at a time.
            batch = self.session.execute(
                select(
                    NudgeRow.id,
                    NudgeRow.recipient_email,
                    NudgeRow.subject,
                    NudgeRow.body,
                    NudgeRow.calendar,
                )
                .where(NudgeRow.id > last)
                .order_by(NudgeRow.id)
                .limit(ERASURE_BATCH)
            ).all()
            if not batch:
                break
            found.extend(
                nudge_id
                for nudge_id, recipient, subject, body, calendar in batch
                if recipient.lower() in addresses
                or any(
                    needle in text
                    # An invite's lines are folded at 75 octets: unfolded, a name is whole.
                    for text in (subject, body, (calendar or "").replace("\r\n ", ""))
                    for needle in needles
                )
            )
            last = batch[-1][0]
        for start in range(0, len(found), ERASURE_BATCH):
            self.session.execute(
                delete(NudgeRow)
                .where(NudgeRow.id.in_(found[start : start + ERASURE_BATCH]))
                .execution_options(synchronize_session=False)
            )
        return len(found)
