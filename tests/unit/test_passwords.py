"""Passwords are hashed with argon2id at RFC 9106's recommended cost (the tests lighten it)."""

from __future__ import annotations

import pytest
from argon2 import extract_parameters, profiles

from growpath.adapters import passwords
from tests.conftest import SHIPPED_HASHER


def test_the_app_hashes_with_argon2id_at_rfc_9106s_low_memory_cost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(passwords, "_hasher", SHIPPED_HASHER)
    hashed = passwords.hash_password("correct-horse-battery-9")
    assert extract_parameters(hashed) == profiles.RFC_9106_LOW_MEMORY
    assert passwords.verify_password(hashed, "correct-horse-battery-9")
    assert not passwords.verify_password(hashed, "correct-horse-battery-8")


def test_a_hash_made_at_another_cost_still_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    # The cost is read from each hash: one stored at the tests' cost, or at an older shipped
    # cost, checks against the hasher of today.
    light = passwords.hash_password("correct-horse-battery-9")
    monkeypatch.setattr(passwords, "_hasher", SHIPPED_HASHER)
    assert passwords.verify_password(light, "correct-horse-battery-9")
    assert not passwords.verify_password(light, "wrong")
