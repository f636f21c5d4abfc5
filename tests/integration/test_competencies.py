"""Editing the competency framework: categories come from the domain's closed set."""

from __future__ import annotations

import pytest

from growpath.bootstrap import Growpath
from growpath.domain.competencies import CATEGORIES
from growpath.domain.errors import InvalidInput
from growpath.services.competencies import ensure_catalogue, list_competencies, update_competency
from growpath.services.context import operator_context


def _category_of(app: Growpath, key: str) -> str:
    return next(c.category for c in list_competencies(operator_context(app)) if c.key == key)


def test_a_category_outside_the_framework_is_refused_naming_the_field_and_nothing_changes(
    app: Growpath,
) -> None:
    operator = operator_context(app)
    ensure_catalogue(operator)
    before = _category_of(app, "feedback")
    with pytest.raises(InvalidInput) as refused:
        update_competency(operator, "feedback", {"category": "hobbies"})
    assert [(p.field, p.reason) for p in refused.value.problems] == [
        ("category", f"must be one of {', '.join(CATEGORIES)}")
    ]
    assert _category_of(app, "feedback") == before


def test_every_category_of_the_framework_can_be_given_to_a_competency(app: Growpath) -> None:
    operator = operator_context(app)
    ensure_catalogue(operator)
    for category in CATEGORIES:
        assert update_competency(operator, "feedback", {"category": category}).category == category
        assert _category_of(app, "feedback") == category
