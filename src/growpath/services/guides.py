"""Conversation guides for a pair: questions by phase, topics drawn from their own work."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

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
            return rank_topics_by_meaning(scores, themes)
        except MatchingInputError as missing:
            log.warning("topic ranking falls back to keywords: %s", missing)
    return suggest_topics(texts, themes)


def conversation_guide(
    ctx: Context, engagement_id: int, phase: str | None = None
) -> dict[str, Any]:
    """Return GROW questions and topic suggestions for the pair's next conversation."""
    with ctx.uow() as uow:
        engagement, _ = access_member_engagement(uow, ctx, engagement_id)
        goal_titles = uow.conversation_guides.goal_titles(engagement_id)
        enrolment_goals = uow.conversation_guides.participant_goals(engagement_id)
        actions = uow.conversation_guides.open_actions(engagement_id)
        last_session = uow.conversation_guides.last_held_session(engagement_id)
        themes = uow.themes.keys_of_session(last_session) if last_session else []
        record_read(uow, ctx, "guide.read", "engagement", engagement_id)
        uow.commit()
        return {
            "questions": questions(engagement.kind, phase),
            "open_actions": actions,
            "topics": _topics(ctx, [*goal_titles, *enrolment_goals, *actions], themes),
        }
