"""A program's match runs at a glance, and who a run left unmatched (the workflow is matching)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from growpath.i18n import N_
from growpath.services.access import access_administered_program
from growpath.services.context import Context


@dataclass(frozen=True)
class RunSummary:
    """One run of a program, without its proposals."""

    id: int
    number: int  # the run's number within its program
    mode: str
    status: str
    matched_count: int
    unmatched_count: int
    new_pairs: int
    total_score: float
    certified_optimal: bool
    created_at: datetime

    @property
    def kept_pairs(self) -> int:
        """Pairs the run kept as they were: running pairs and open offers."""
        return self.matched_count - self.new_pairs


@dataclass(frozen=True)
class UnmatchedPerson:
    """A participant a run could not place."""

    person_id: int
    name: str


def list_runs(ctx: Context, program_id: int) -> Sequence[RunSummary]:
    """Return a program's match runs, newest first (its administrators)."""
    with ctx.uow() as uow:
        access_administered_program(
            uow, ctx, program_id, N_("only an administrator of this program may review match runs")
        )
        rows = uow.proposals.runs_of_program(program_id)
        return [
            RunSummary(
                id=run.id,
                number=len(rows) - index,
                mode=run.mode,
                status=run.status,
                matched_count=run.matched_count,
                unmatched_count=run.unmatched_count,
                new_pairs=int(new_pairs),
                total_score=run.total_score,
                certified_optimal=run.certified_optimal,
                created_at=run.created_at,
            )
            for index, (run, new_pairs) in enumerate(rows)
        ]


def unmatched_people(ctx: Context, person_ids: Sequence[str]) -> Sequence[UnmatchedPerson]:
    """Return the names of the people a run left unmatched, by name (administrators)."""
    ctx.require_admin(N_("only an administrator may review match runs"))
    ids = [int(pid) for pid in person_ids if str(pid).isdigit()]
    if not ids:
        return []
    with ctx.uow() as uow:
        return [
            UnmatchedPerson(person_id, name)
            for person_id, name in uow.proposals.people_by_name(ids)
        ]
