"""Practice triads: members, rounds, observers' feedback, and the round's compare-and-set."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import CursorResult, func, or_, select, update

from growpath.adapters.orm import (
    PersonRow,
    ProgramRow,
    TriadFeedbackRow,
    TriadMemberRow,
    TriadRoundRow,
    TriadRow,
)
from growpath.adapters.repositories.base import Repository
from growpath.domain.triads import FINISHED, RUNNING


class TriadRepository(Repository[TriadRow]):
    """Triads of a program or a person; a round moves on only from the round it is in."""

    row_type = TriadRow

    def add_members(self, triad_id: int, person_ids: Sequence[int]) -> None:
        """Seat the people in the triad, in rotation order."""
        self.db.add_all(
            TriadMemberRow(triad_id=triad_id, person_id=person_id, position=position)
            for position, person_id in enumerate(person_ids)
        )
        self.db.flush()

    def add_rounds(self, triad_id: int, scenario_keys: Sequence[str]) -> None:
        """Write the triad's rounds, one scenario each, in order."""
        self.db.add_all(
            TriadRoundRow(triad_id=triad_id, number=number, scenario_key=key)
            for number, key in enumerate(scenario_keys, start=1)
        )
        self.db.flush()

    def add_feedback(self, row: TriadFeedbackRow) -> None:
        """Stage an observer's first feedback on a round (unique per round and observer)."""
        self.db.add(row)
        self.db.flush()

    def remove_feedback_of(self, person_id: int) -> int:
        """Delete the feedback a person wrote, and the feedback on the rounds they coached."""
        written = self.db.scalars(
            select(TriadFeedbackRow).where(TriadFeedbackRow.observer_person_id == person_id)
        ).all()
        seats = self.db.execute(
            select(TriadMemberRow.triad_id, TriadMemberRow.position, TriadRow.round_count)
            .join(TriadRow, TriadRow.id == TriadMemberRow.triad_id)
            .where(TriadMemberRow.person_id == person_id)
        ).all()
        # Round r is coached by the member at position r - 1 (domain.triads.role_in_round).
        coached = [
            TriadFeedbackRow.round_id.in_(
                select(TriadRoundRow.id).where(
                    TriadRoundRow.triad_id == triad_id, TriadRoundRow.number == position + 1
                )
            )
            for triad_id, position, _ in seats
        ]
        about = (
            self.db.scalars(select(TriadFeedbackRow).where(or_(*coached))).all() if coached else []
        )
        gone = {row.id: row for row in [*written, *about]}
        for row in gone.values():
            self.db.delete(row)
        self.db.flush()
        return len(gone)

    def locked(self, triad_id: int) -> TriadRow | None:
        """Return the triad as now committed, locked against a concurrent round move."""
        return self.db.scalar(
            select(TriadRow)
            .where(TriadRow.id == triad_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )

    def is_member(self, triad_id: int, person_id: int | None) -> bool:
        """Whether the person is one of the triad's members."""
        if person_id is None:
            return False
        found = self.db.scalar(
            select(TriadMemberRow.id).where(
                TriadMemberRow.triad_id == triad_id, TriadMemberRow.person_id == person_id
            )
        )
        return found is not None

    def members(self, triad_ids: Iterable[int]) -> list[tuple[TriadMemberRow, str]]:
        """Return the members of the triads with their names, in rotation order."""
        ids = list(triad_ids)
        if not ids:
            return []
        return [
            (member, name)
            for member, name in self.db.execute(
                select(TriadMemberRow, PersonRow.name)
                .join(PersonRow, PersonRow.id == TriadMemberRow.person_id)
                .where(TriadMemberRow.triad_id.in_(ids))
                .order_by(TriadMemberRow.triad_id, TriadMemberRow.position)
            )
        ]

    def rounds(self, triad_id: int) -> Sequence[TriadRoundRow]:
        """Return the triad's rounds in order."""
        return self.db.scalars(
            select(TriadRoundRow)
            .where(TriadRoundRow.triad_id == triad_id)
            .order_by(TriadRoundRow.number)
        ).all()

    def round_of(self, triad_id: int, number: int) -> TriadRoundRow | None:
        """Return one round of the triad."""
        return self.db.scalar(
            select(TriadRoundRow).where(
                TriadRoundRow.triad_id == triad_id, TriadRoundRow.number == number
            )
        )

    def feedback(self, triad_id: int) -> list[tuple[TriadFeedbackRow, int, str]]:
        """Return every feedback of the triad with its round number and observer's name."""
        return [
            (row, number, name)
            for row, number, name in self.db.execute(
                select(TriadFeedbackRow, TriadRoundRow.number, PersonRow.name)
                .join(TriadRoundRow, TriadRoundRow.id == TriadFeedbackRow.round_id)
                .join(PersonRow, PersonRow.id == TriadFeedbackRow.observer_person_id)
                .where(TriadRoundRow.triad_id == triad_id)
                .order_by(TriadRoundRow.number, TriadFeedbackRow.id)
            )
        ]

    def feedback_by(self, round_id: int, observer_person_id: int) -> TriadFeedbackRow | None:
        """Return an observer's feedback on a round, if recorded."""
        return self.db.scalar(
            select(TriadFeedbackRow).where(
                TriadFeedbackRow.round_id == round_id,
                TriadFeedbackRow.observer_person_id == observer_person_id,
            )
        )

    def feedback_count(self, round_id: int) -> int:
        """Return how many observers recorded feedback on a round."""
        return int(
            self.db.scalar(
                select(func.count(TriadFeedbackRow.id)).where(TriadFeedbackRow.round_id == round_id)
            )
            or 0
        )

    def of_person(self, person_id: int) -> list[tuple[TriadRow, str]]:
        """Return the person's triads, newest first, with their program's name."""
        return [
            (triad, program)
            for triad, program in self.db.execute(
                select(TriadRow, ProgramRow.name)
                .join(ProgramRow, ProgramRow.id == TriadRow.program_id)
                .join(TriadMemberRow, TriadMemberRow.triad_id == TriadRow.id)
                .where(TriadMemberRow.person_id == person_id)
                .order_by(TriadRow.id.desc())
            )
        ]

    def of_program(self, program_id: int) -> Sequence[TriadRow]:
        """Return the program's triads, running first, oldest first."""
        return self.db.scalars(
            select(TriadRow)
            .where(TriadRow.program_id == program_id)
            .order_by(TriadRow.status.desc(), TriadRow.id)
        ).all()

    def practising(self, program_id: int) -> set[int]:
        """Return the people of a program who are in one of its running triads."""
        return set(
            self.db.scalars(
                select(TriadMemberRow.person_id)
                .join(TriadRow, TriadRow.id == TriadMemberRow.triad_id)
                .where(TriadRow.program_id == program_id, TriadRow.status == RUNNING)
            )
        )

    def practising_twice(self, program_id: int) -> bool:
        """Whether someone is in two running triads of the program (two formations raced)."""
        twice = (
            select(TriadMemberRow.person_id)
            .join(TriadRow, TriadRow.id == TriadMemberRow.triad_id)
            .where(TriadRow.program_id == program_id, TriadRow.status == RUNNING)
            .group_by(TriadMemberRow.person_id)
            .having(func.count(TriadMemberRow.id) > 1)
            .limit(1)
        )
        return self.db.scalar(twice) is not None

    def lock_program(self, program_id: int) -> None:
        """Lock the program so that two formations of its triads run one after the other."""
        self.db.execute(select(ProgramRow.id).where(ProgramRow.id == program_id).with_for_update())

    def move_on(self, triad: TriadRow, from_round: int, now: datetime) -> bool:
        """Move the triad from from_round to the next (or finish it) only if still there.

        False if someone else moved it first: the row is then reloaded with their move.
        """
        last = from_round >= triad.round_count
        values: dict[str, object] = (
            {"status": FINISHED, "finished_at": now} if last else {"current_round": from_round + 1}
        )
        result = self.db.execute(
            update(TriadRow)
            .where(
                TriadRow.id == triad.id,
                TriadRow.status == RUNNING,
                TriadRow.current_round == from_round,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        self.db.refresh(triad)
        return isinstance(result, CursorResult) and result.rowcount == 1
