"""The embeddings extra: conversation topics ranked by meaning with the offline model."""

from __future__ import annotations

import importlib.util
from datetime import timedelta

import pytest

from growpath.bootstrap import Growpath
from growpath.services import goals, guides
from tests.conftest import START
from tests.integration.conftest import Pair

# The extra pulls about 2 GB (torch, transformers), so `make test` leaves it out and
# `make test-embeddings` installs it and runs these.
if importlib.util.find_spec("sentence_transformers") is None:
    pytest.skip("needs the embeddings extra: make test-embeddings", allow_module_level=True)


def test_a_goal_without_any_keyword_still_finds_its_topic_by_meaning(
    app: Growpath, running_pair: Pair
) -> None:
    goal = {
        "title": "Tell colleagues honestly when their work disappoints me",
        "measure": "conversations held",
        "target_value": 3,
        "due_on": START.date() + timedelta(days=60),
    }
    goals.add_goal(running_pair.mentee, running_pair.engagement_id, goal)
    by_keyword = guides.conversation_guide(running_pair.mentee, running_pair.engagement_id)
    app.settings = app.settings.model_copy(update={"topic_ranking": "embeddings"})
    by_meaning = guides.conversation_guide(running_pair.mentee, running_pair.engagement_id)
    assert "feedback" not in [t.theme for t in by_keyword["topics"]]
    suggested = {t.theme: t for t in by_meaning["topics"]}
    assert "feedback" in suggested
    assert suggested["feedback"].because[0].startswith("close in meaning")
