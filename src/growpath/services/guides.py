"""Conversation guides for a pair: questions by phase, topics drawn from their own work."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.guides import (
    TopicSuggestion,
    questions,
    rank_topics_by_meaning,
    suggest_topics,
    topic_documents,
)
from growpath.matching.model import MatchingInputError
from growpath.services.access import access_member_engagement
from growpath.services.audit import record_read
from growpath.services.context import Context

log = logging.getLogger(__name__)


def _topics(ctx: Context, texts: Sequence[str], themes: Sequence[str]) -> list[TopicSuggestion]:
    said = [t for t in texts if t.strip()]
    if ctx.app.settings.topic_ranking == "embeddings" and said:
        try:
            # Imported here: the model and its dependencies load only when configured.
            from growpath.adapters import embeddings

            scores = embeddings.closeness(said, topic_documents())
            return rank_topics_by_meaning(scores, themes, locale=ctx.locale)
        except MatchingInputError as missing:
            log.warning("topic ranking falls back to keywords: %s", missing)
    return suggest_topics(texts, themes, locale=ctx.locale)


def conversation_guide(
    ctx: Context, engagement_id: int, phase: str | None = None
) -> dict[str, Any]:
    """Return GROW questions and topic suggestions for the pair's next conversation."""
    with ctx.uow() as uow:
        engagement, _ = access_member_engagement(uow, ctx, engagement_id)
        guide = read_guide(uow, ctx, engagement, phase)
        uow.commit()
        return guide


class GuidedEngagement(Protocol):
    """What a guide needs of an engagement: a stored one or its page's line."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...


@dataclass(frozen=True)
class PairWords:
    """The words of a pair's own work that its guide and its suggestions start from."""

    goal_titles: list[str]
    enrolment_goals: list[str]  # what the participants wrote when they enrolled
    last_themes: list[str]  # of their most recently held session


def pair_words(uow: UnitOfWork, engagement_id: int) -> PairWords:
    """Read the pair's goal titles, enrolment goals and last session's themes."""
    last_session = uow.conversation_guides.last_held_session(engagement_id)
    return PairWords(
        goal_titles=uow.conversation_guides.goal_titles(engagement_id),
        enrolment_goals=uow.conversation_guides.participant_goals(engagement_id),
        last_themes=uow.themes.keys_of_session(last_session) if last_session else [],
    )


def read_guide(
    uow: UnitOfWork,
    ctx: Context,
    engagement: GuidedEngagement,
    phase: str | None = None,
    words: PairWords | None = None,
    open_actions: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Return the pair's conversation guide and record the read; the caller checked membership
    (and may pass the pair's words and open actions it read already)."""
    said = words or pair_words(uow, engagement.id)
    actions = (
        uow.conversation_guides.open_actions(engagement.id)
        if open_actions is None
        else list(open_actions)
    )
    record_read(uow, ctx, "guide.read", "engagement", engagement.id)
    return {
        "questions": questions(engagement.kind, phase, ctx.locale),
        "open_actions": actions,
        "topics": _topics(
            ctx, [*said.goal_titles, *said.enrolment_goals, *actions], said.last_themes
        ),
    }
