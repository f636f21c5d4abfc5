"""Password policy and derived roles."""

from __future__ import annotations

import pytest

from growpath.domain.accounts import Actor, Role, password_problem


@pytest.mark.parametrize("password", ["short-1", "onlyletterslong", "123456789012345"])
def test_weak_passwords_are_refused_with_a_reason(password: str) -> None:
    assert password_problem(password)


def test_a_long_mixed_password_is_accepted() -> None:
    assert password_problem("correct-horse-battery-9") is None


def test_manager_is_a_derived_role_shown_beside_granted_ones() -> None:
    actor = Actor(1, "a@example.com", 1, frozenset({Role.PARTICIPANT}), is_manager=True)
    assert actor.role_names == ["manager", "participant"]
    assert not actor.is_admin
