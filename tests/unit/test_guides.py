"""Conversation guides: GROW questions by kind and phase, topics from the pair's own words."""

from __future__ import annotations

import pytest

from growpath.domain.errors import InvalidInput
from growpath.domain.guides import (
    PHASES,
    questions,
    rank_topics_by_meaning,
    suggest_topics,
    topic_documents,
)


def test_each_phase_has_questions_for_coaching_and_mentoring() -> None:
    for kind in ("coaching", "mentoring"):
        bank = questions(kind)
        assert list(bank) == list(PHASES)
        assert all(bank[phase] for phase in PHASES)
    assert list(questions("coaching", "will")) == ["will"]


def test_an_unknown_kind_or_phase_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        questions("therapy", "dream")
    assert {p.field for p in refused.value.problems} == {"kind", "phase"}


def test_topics_follow_the_goals_and_the_last_sessions_themes() -> None:
    topics = suggest_topics(
        ["I want to delegate the on-call rota", "Get ready for a staff promotion"],
        themes=["influence"],
    )
    assert [t.theme for t in topics] == ["delegation", "career-growth", "influence"]
    assert "your goals mention 'delegate'" in topics[0].because


def test_no_matching_words_means_no_invented_topics() -> None:
    assert suggest_topics(["zzz"], themes=[]) == []


def test_topics_ranked_by_meaning_put_the_last_sessions_theme_first() -> None:
    documents = topic_documents()
    closeness = [0.1] * len(documents)
    feedback = next(i for i, d in enumerate(documents) if "feedback:" in d)
    closeness[feedback] = 0.8
    best = rank_topics_by_meaning(closeness, themes=[])
    assert best[0].theme == "feedback" and "(0.80)" in best[0].because[0]
    recent = next(d for d in documents if "feedback:" not in d).split(":")[0].split()[-1]
    assert rank_topics_by_meaning(closeness, themes=[recent])[0].theme == recent
    with pytest.raises(ValueError, match="similarities"):
        rank_topics_by_meaning([0.5], themes=[])
