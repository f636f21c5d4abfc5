"""Layering: a person's coach and mentor see each other's focus areas, with consent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from growpath.domain.errors import PermissionDenied
from growpath.i18n import N_
from growpath.services.access import engagement_role
from growpath.services.consents import LAYERING, has_consent
from growpath.services.context import Context


@dataclass(frozen=True)
class FocusAreas:
    """What another engagement of the same person works on: goals and competencies only."""

    engagement_id: int
    program_name: str
    kind: str
    guide_name: str
    goal_titles: tuple[str, ...]
    competencies: tuple[str, ...]


def layered_focus(ctx: Context, engagement_id: int) -> Sequence[FocusAreas]:
    """Return the participant's other running engagements' focus areas, if they consented."""
    with ctx.uow() as uow:
        engagement_role(uow, ctx, engagement_id)
        participant = uow.focus_areas.participant_of(engagement_id)
        if participant is None or not has_consent(uow, participant, LAYERING):
            raise PermissionDenied(
                N_("the participant has not chosen to connect their coach and mentor")
            )
        others = uow.focus_areas.other_engagements(participant, engagement_id)
        result = []
        for engagement, program_name, enrolment_id in others:
            guide = uow.focus_areas.guide_name(engagement.id)
            goal_rows = uow.focus_areas.goals(engagement.id)
            wanted = uow.focus_areas.desired_competencies(enrolment_id)
            competencies = dict.fromkeys([*wanted, *(k for _, keys in goal_rows for k in keys)])
            result.append(
                FocusAreas(
                    engagement.id,
                    program_name,
                    engagement.kind,
                    guide or "",
                    tuple(t for t, _ in goal_rows),
                    tuple(competencies),
                )
            )
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "layering.read",
            "engagement",
            str(engagement_id),
            ctx.source_address,
        )
        uow.commit()
        return result
