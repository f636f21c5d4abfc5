"""Triage: answer the questionnaire, get coaching, mentoring or both, and the programs that fit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from growpath.domain.programs import Eligibility
from growpath.domain.triage import TriageResult, assess, questionnaire
from growpath.services.context import Context
from growpath.services.programs import ProgramView


@dataclass(frozen=True)
class TriageOutcome:
    """The assessment and the open programs the person may join."""

    result: TriageResult
    programs: Sequence[ProgramView]


def take_triage(ctx: Context, answers: Mapping[str, str]) -> TriageOutcome:
    """Assess the actor's answers and list the open programs that fit them."""
    # The reasons come back in the reader's language, from the questionnaire they answered.
    result = assess(answers, questionnaire(ctx.locale))
    with ctx.uow() as uow:
        person = (
            uow.people.get(ctx.actor.person_id, with_skills=False) if ctx.actor.person_id else None
        )
        rows = uow.triage.open_programs(result.kinds)
        fitting = [
            ProgramView.of(row)
            for row in rows
            if person is None
            or Eligibility.of(row.eligibility).admits(
                person.department, person.seniority_level, person.job_family
            )
            is None
        ]
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "triage.take",
            "person",
            str(ctx.actor.person_id or ""),
            ctx.source_address,
            detail={"recommendation": result.recommendation},
        )
        uow.commit()
    return TriageOutcome(result=result, programs=fitting)
