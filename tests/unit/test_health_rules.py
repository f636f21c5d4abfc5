"""Health rules flag pairs that fade, with reasons a person can act on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from growpath.domain.health import (
    AT_RISK,
    HEALTHY,
    RULE_BOUNDS,
    STALLED,
    PairFacts,
    assess_health,
    health_rule_overrides,
    rules_of,
)
from growpath.domain.people import missing_for_matching

TODAY = date(2026, 6, 1)
FRESH = PairFacts(
    today=TODAY,
    status="active",
    matched_on=TODAY - timedelta(days=40),
    started_on=TODAY - timedelta(days=35),
    cadence_days=14,
    sessions_scheduled=3,
    last_held_on=TODAY - timedelta(days=7),
    overdue_actions=0,
    planned_end_on=TODAY + timedelta(days=150),
    open_goals=2,
)


def test_a_pair_that_meets_on_cadence_is_healthy() -> None:
    assert assess_health(FRESH).status == HEALTHY


def test_no_session_for_twice_the_cadence_puts_a_pair_at_risk() -> None:
    health = assess_health(replace(FRESH, last_held_on=TODAY - timedelta(days=29)))
    assert health.status == AT_RISK
    assert health.reasons == ("no session for 29 days (cadence 14 days)",)


def test_ninety_days_without_a_session_is_stalled() -> None:
    health = assess_health(replace(FRESH, last_held_on=TODAY - timedelta(days=90)))
    assert health.status == STALLED


def test_no_first_meeting_ten_days_after_the_match() -> None:
    health = assess_health(
        replace(
            FRESH,
            status="proposed",
            started_on=None,
            sessions_scheduled=0,
            last_held_on=None,
            matched_on=TODAY - timedelta(days=11),
        )
    )
    assert "no first meeting scheduled 10 days after the match" in health.reasons


def test_falling_checkins_overdue_actions_and_a_near_end_are_each_reported() -> None:
    health = assess_health(
        replace(
            FRESH,
            checkin_scores=((4, 4), (3, 4)),
            overdue_actions=2,
            planned_end_on=TODAY + timedelta(days=20),
        )
    )
    assert health.status == AT_RISK
    assert len(health.reasons) == 3


def test_finished_engagements_are_not_judged() -> None:
    assert assess_health(replace(FRESH, status="completed", overdue_actions=5)).reasons == ()


def test_a_program_may_override_a_rule() -> None:
    rules = rules_of({"cadence_multiple": 3, "unknown": 9})
    assert rules["cadence_multiple"] == 3 and "unknown" not in rules
    at_29 = replace(FRESH, last_held_on=TODAY - timedelta(days=29))
    assert assess_health(at_29, rules).status == HEALTHY


def test_a_program_may_tune_rules_within_bounds_and_each_bad_one_is_named() -> None:
    rules, problems = health_rule_overrides(
        {"invitation_days": 10, "cadence_multiple": 0, "silence": 3, "inactivity_days": "90"}
    )
    assert rules == {"invitation_days": 10}
    assert {p.field: p.reason for p in problems} == {
        "health_rules.cadence_multiple": "must be 1–6",
        "health_rules.silence": "unknown rule; expected " + ", ".join(RULE_BOUNDS),
        "health_rules.inactivity_days": "must be a whole number",
    }


def test_the_invitation_reminder_must_come_before_the_proposal_lapses() -> None:
    _, problems = health_rule_overrides({"invitation_days": 21, "response_days": 21})
    assert [p.field for p in problems] == ["health_rules.invitation_days"]


def test_a_profile_without_what_matching_uses_is_incomplete() -> None:
    assert missing_for_matching(False, 0, [], "") == ("skills", "languages")
    assert missing_for_matching(True, 2, ["en"], " ") == ("a short bio",)
    assert missing_for_matching(True, 2, ["en"], "Payments engineer") == ()
