"""Data keys that seal records: how services find, re-wrap and shred them, without committing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Text, and_, or_, select, type_coerce, update
from sqlalchemy.orm import Session, undefer
from sqlalchemy.orm.attributes import flag_modified

from growpath.adapters.orm import (
    Base,
    CheckInRow,
    DataKeyRow,
    EngagementMemberRow,
    NoteRow,
    PracticeConversationRow,
    SessionRow,
)
from growpath.adapters.sealed_text import PREFIX, SealedText


class DataKeyRepository:
    """Per-record data keys, wrapped by a master key."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: DataKeyRow) -> None:
        """Store a new data key; its id is assigned at once, for what it seals to refer to."""
        self.session.add(row)
        self.session.flush()

    def wrapped_under_other_masters(self, kek_id: str, limit: int) -> Sequence[DataKeyRow]:
        """Return up to limit live keys wrapped under a master key other than kek_id."""
        return self.session.scalars(
            select(DataKeyRow)
            .where(DataKeyRow.kek_id != kek_id, DataKeyRow.wrapped_key.is_not(None))
            .order_by(DataKeyRow.id)
            .limit(limit)
        ).all()

    def reseal_texts_not_under(self, kek_id: str, limit: int) -> int:
        """Seal again, under the current master key, up to limit rows of each sealed table
        that hold a text sealed under another key (kek_id); return how many rows."""
        resealed = 0
        for mapper in Base.registry.mappers:
            sealed = [c for c in mapper.columns if isinstance(c.type, SealedText)]
            if not sealed:
                continue
            current = f"{PREFIX}{kek_id}:"
            stale = [
                and_(
                    type_coerce(column, Text) != "",
                    ~type_coerce(column, Text).startswith(current, autoescape=True),
                )
                for column in sealed
            ]
            keys = [mapper.get_property_by_column(column).key for column in sealed]
            rows = self.session.scalars(
                select(mapper.class_)
                .options(*(undefer(getattr(mapper.class_, key)) for key in keys))
                .where(or_(*stale))
                .order_by(mapper.primary_key[0])
                .limit(limit)
            ).all()
            for row in rows:
                # Loading opened the texts; marking them changed seals them again on flush.
                for key in keys:
                    flag_modified(row, key)
            resealed += len(rows)
        self.session.flush()
        return resealed

    def shred_for_person(self, person_id: int, now: datetime) -> int:
        """Shred the keys of the person's notes, comments and own records; return how many."""
        engagement_ids = select(EngagementMemberRow.engagement_id).where(
            EngagementMemberRow.person_id == person_id
        )
        # Every note of the person's sessions loses its key: the pair's shared record goes too.
        note_keys = (
            select(NoteRow.data_key_id)
            .join(SessionRow, SessionRow.id == NoteRow.session_id)
            .where(SessionRow.engagement_id.in_(engagement_ids))
        )
        checkin_keys = select(CheckInRow.comment_data_key_id).where(
            CheckInRow.person_id == person_id
        )
        # A manager's note about a coaching conversation is about the report named in it.
        practice_keys = select(PracticeConversationRow.data_key_id).where(
            PracticeConversationRow.report_person_id == person_id
        )
        shredded = self.session.execute(
            update(DataKeyRow)
            .where(
                (DataKeyRow.id.in_(note_keys))
                | (DataKeyRow.id.in_(checkin_keys))
                | (DataKeyRow.id.in_(practice_keys))
                | (DataKeyRow.owner_person_id == person_id),
                DataKeyRow.wrapped_key.is_not(None),
            )
            .values(wrapped_key=None, shredded_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        return int(shredded)
