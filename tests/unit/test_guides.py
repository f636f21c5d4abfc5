"""Conversation guides: GROW questions by kind and phase, topics from the pair's own words."""

from __future__ import annotations

import pytest

from growpath.domain.errors import InvalidInput
from growpath.domain.guides import PHASES, questions, suggest_topics


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
