"""Everything an engagement's page shows, read in one unit of work with one access check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from growpath.adapters.repositories.engagements import EngagementOnPage
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.goals import Growth
from growpath.services.access import access_engagement_page
from growpath.services.context import Context
from growpath.services.engagements import EngagementView, engagement_view
from growpath.services.find_time import ProposalView, open_proposal_view
from growpath.services.goals import GoalView, read_charter, read_goals, read_growth
from growpath.services.guides import PairWords, read_guide
from growpath.services.lessons import LessonView, suggested_lessons_in
from growpath.services.meeting_links import engagement_meeting_url
from growpath.services.resources import ResourceSuggestion, suggested_resources_in
from growpath.services.sessions import ActionView, SessionView, read_history


@dataclass(frozen=True)
class EngagementWork:
    """The pair's own work on the page: shown to its members only."""

    competencies: Sequence[tuple[str, str]]  # (key, name) of the active ones, for rating
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
        found = access_engagement_page(uow, ctx, engagement_id)
        view = engagement_view(uow, found.row, found.program_name)
        work = _work(uow, ctx, found, view) if found.role else None
        uow.commit()
        return EngagementPage(engagement=view, work=work)


def _work(
    uow: UnitOfWork, ctx: Context, found: EngagementOnPage, view: EngagementView
) -> EngagementWork:
    # Each thing is read once and every part that needs it is given it: the guide, the
    # suggested resources and lessons start from the goals, sessions and open actions the
    # page shows, and the lessons leave out the members the view read (they used to read
    # them all again, seven statements a view).
    row = found.row
    goals = read_goals(uow, ctx, row.id)
    history = read_history(uow, ctx, row.id)
    words = PairWords(
        goal_titles=[goal.title for goal in goals],
        enrolment_goals=uow.conversation_guides.participant_goals(row.id),
        last_themes=history.last_held_themes,
    )
    open_descriptions = [action.description for action in history.open_actions]
    return EngagementWork(
        competencies=uow.competencies.active_names(),
        goals=goals,
        charter=read_charter(uow, ctx, row) if row.kind == "mentoring" else None,
        sessions=history.sessions,
        actions=history.open_actions,
        growth=read_growth(uow, ctx, row.id),
        guide=read_guide(uow, ctx, row, words=words, open_actions=open_descriptions),
        meeting_url=engagement_meeting_url(uow, ctx.app.settings, row, found.meeting_link),
        proposal=open_proposal_view(uow, ctx, found.open_proposal_id)
        if found.open_proposal_id is not None
        else None,
        resources=suggested_resources_in(uow, ctx, row.id, words),
        lessons=suggested_lessons_in(
            uow,
            ctx,
            row.id,
            theme_keys=history.theme_keys,
            member_ids=[member.person_id for member in view.members],
        ),
    )
