"""The rules of e-mailed links: a used, revoked or expired link is dead, in that order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from growpath.domain.emailed_links import LIFETIMES, LinkPurpose, LinkState, link_state

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_a_link_is_pending_until_it_is_used_revoked_or_expires() -> None:
    later = NOW + timedelta(hours=1)
    assert link_state(NOW, later, None, None) is LinkState.PENDING
    assert link_state(NOW, NOW, None, None) is LinkState.EXPIRED  # expiry is exclusive
    assert link_state(NOW, later, None, NOW) is LinkState.REVOKED
    assert link_state(NOW, NOW - timedelta(days=1), NOW - timedelta(days=2), NOW) is (
        LinkState.ACCEPTED
    )


def test_a_reset_link_lives_shorter_than_an_invitation() -> None:
    assert LIFETIMES[LinkPurpose.PASSWORD_RESET] <= timedelta(hours=1)
    assert LIFETIMES[LinkPurpose.INVITATION] == timedelta(days=7)
