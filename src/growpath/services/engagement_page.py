"""Everything an engagement's page shows, read in one unit of work with one access check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from growpath.adapters.orm import EngagementRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.goals import Growth
from growpath.services.access import access_engagement_and_role
from growpath.services.competencies import CompetencyView, active_competencies
from growpath.services.context import Context
from growpath.services.engagements import EngagementView, engagement_view
from growpath.services.find_time import ProposalView, open_proposal_of
from growpath.services.goals import GoalView, read_charter, read_goals, read_growth
from growpath.services.guides import pair_words, read_guide
from growpath.services.lessons import LessonView, suggested_lessons_in
from growpath.services.meeting_links import engagement_meeting_url
from growpath.services.resources import ResourceSuggestion, suggested_resources_in
from growpath.services.sessions import ActionView, SessionView, read_open_actions, read_sessions


@dataclass(frozen=True)
class EngagementWork:
    """The pair's own work on the page: shown to its members only."""

    competencies: Sequence[CompetencyView]
    goals: Sequence[GoalView]
    charter: dict[str, Any] | None
    sessions: Sequence[SessionView]
    actions: Sequence[ActionView]
    growth: Sequence[Growth]
    guide: dict[str, Any]
    meeting_url: str
    proposal: ProposalView | None
    resources: Sequence[ResourceSuggestion]  # from the library, by the pair's goals
    lessons: Sequence[LessonView]  # mentors' lessons on the pair's session themes


@dataclass(frozen=True)
class EngagementPage:
    """An engagement as its page shows it to the viewer."""

    engagement: EngagementView
    # None for an administrator who is not a member: they see the state, never the content.
    work: EngagementWork | None


def engagement_page(ctx: Context, engagement_id: int) -> EngagementPage:
    """Return an engagement's page for a member (its work too) or an admin (its state only)."""
    # One transaction, one access check: the page used to open a unit of work per part, each
    # with a pool check-out, its ping, the membership query and a commit of its audit entry.
    # Every read is still recorded; the entries commit together, and if they cannot be
    # written the page fails with them.
    with ctx.uow() as uow, uow.reading():
        row, role = access_engagement_and_role(uow, ctx, engagement_id)
        # The whole program, held for the page: its meeting link reads the program again, and
        # the session's identity map (which holds rows weakly) answers while this lives.
        program = uow.programs.get(row.program_id)
        view = engagement_view(uow, row, program.name if program else "")
        work = _work(uow, ctx, row) if role else None
        uow.commit()
        return EngagementPage(engagement=view, work=work)


def _work(uow: UnitOfWork, ctx: Context, row: EngagementRow) -> EngagementWork:
    # The guide and the suggested resources start from the same words: read them once.
    words = pair_words(uow, row.id)
    return EngagementWork(
        competencies=active_competencies(uow),
        goals=read_goals(uow, ctx, row.id),
        charter=read_charter(uow, ctx, row) if row.kind == "mentoring" else None,
        sessions=read_sessions(uow, ctx, row.id),
        actions=read_open_actions(uow, ctx, row.id),
        growth=read_growth(uow, ctx, row.id),
        guide=read_guide(uow, ctx, row, words=words),
        meeting_url=engagement_meeting_url(uow, ctx.app.settings, row),
        proposal=open_proposal_of(uow, ctx, row.id),
        resources=suggested_resources_in(uow, ctx, row.id, words),
        lessons=suggested_lessons_in(uow, ctx, row.id),
    )
