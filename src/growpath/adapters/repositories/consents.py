"""Consents a person gives and withdraws: how services find and store them, without committing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from growpath.adapters.orm import ConsentRow


class ConsentRepository:
    """Each person's consents, given and withdrawn."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def is_given(self, person_id: int, kind: str) -> bool:
        """Whether the person has given this consent and not withdrawn it."""
        return (
            self.session.scalar(
                select(ConsentRow.id).where(
                    ConsentRow.person_id == person_id,
                    ConsentRow.kind == kind,
                    ConsentRow.withdrawn_at.is_(None),
                )
            )
            is not None
        )

    def active(self, person_id: int, kind: str) -> ConsentRow | None:
        """Return the person's consent of this kind that is not withdrawn, if any."""
        return self.session.scalar(
            select(ConsentRow).where(
                ConsentRow.person_id == person_id,
                ConsentRow.kind == kind,
                ConsentRow.withdrawn_at.is_(None),
            )
        )

    def all_active(self, person_id: int) -> Sequence[ConsentRow]:
        """Return every consent the person gives and has not withdrawn."""
        return self.session.scalars(
            select(ConsentRow).where(
                ConsentRow.person_id == person_id, ConsentRow.withdrawn_at.is_(None)
            )
        ).all()

    def add(self, consent: ConsentRow) -> None:
        """Store a newly given consent."""
        self.session.add(consent)

    def withdraw_kind(self, person_ids: Sequence[int], kind: str, now: datetime) -> list[int]:
        """Withdraw a kind of consent of some people; return who had given it."""
        given = list(
            self.session.scalars(
                select(ConsentRow.person_id).where(
                    ConsentRow.person_id.in_(list(person_ids)),
                    ConsentRow.kind == kind,
                    ConsentRow.withdrawn_at.is_(None),
                )
            )
        )
        if given:
            self.session.execute(
                update(ConsentRow)
                .where(
                    ConsentRow.person_id.in_(given),
                    ConsentRow.kind == kind,
                    ConsentRow.withdrawn_at.is_(None),
                )
                .values(withdrawn_at=now)
                .execution_options(synchronize_session=False)
            )
        return given

    def remove_all(self, person_id: int) -> None:
        """Delete every consent the person ever gave or withdrew."""
        self.session.execute(delete(ConsentRow).where(ConsentRow.person_id == person_id))
