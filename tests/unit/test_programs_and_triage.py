"""Program definitions, track templates, enrolment details and triage, without a database."""

from __future__ import annotations

import pytest

from growpath.domain.enrolment import enrolment_details
from growpath.domain.errors import InvalidInput, NotFound
from growpath.domain.programs import Eligibility, program_spec, track_template, track_templates
from growpath.domain.triage import assess, questionnaire


def test_every_track_template_is_a_valid_program() -> None:
    keys = {t["key"] for t in track_templates()}
    assert {
        "first-time-managers",
        "senior-leaders",
        "team-coaching",
        "traditional-mentoring",
        "peer-circles",
        "reverse-mentoring",
        "flash-mentoring",
    } <= keys
    for template in track_templates():
        fields = {k: v for k, v in template.items() if k not in ("key", "renewal", "focus_areas")}
        assert program_spec(fields).kind == template["kind"]


def test_an_unknown_template_lists_the_known_ones() -> None:
    with pytest.raises(NotFound, match="first-time-managers"):
        track_template("astronauts")


def test_a_bad_program_names_every_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        program_spec(
            {
                "name": "",
                "kind": "therapy",
                "format": "solo",
                "cadence_days": 1,
                "matching": {"weights": {"skills": float("nan"), "luck": 1}},
            }
        )
    fields = {p.field for p in refused.value.problems}
    assert {
        "name",
        "kind",
        "format",
        "cadence_days",
        "matching.weights.skills",
        "matching.weights.luck",
    } <= fields


def test_coaching_runs_three_to_twelve_months() -> None:
    with pytest.raises(InvalidInput, match="3–12 months"):
        program_spec({"name": "Long", "kind": "coaching", "default_length_months": 18})


def test_eligibility_says_why_someone_is_left_out() -> None:
    rule = Eligibility(levels=(5, 6))
    assert rule.admits("Data", 6, "Engineering") is None
    refused = rule.admits("Data", 2, "Engineering")
    assert str(refused) == "the program is open to seniority levels 5, 6"


@pytest.mark.parametrize(
    ("answers", "recommendation"),
    [
        (
            {
                "need": "behaviour",
                "transition": "new_manager",
                "support": "questions",
                "network": "little",
            },
            "coaching",
        ),
        (
            {"need": "career", "transition": "new_role", "support": "advice", "network": "much"},
            "mentoring",
        ),
        ({"need": "skill", "transition": "none", "support": "both", "network": "much"}, "both"),
    ],
)
def test_triage_points_to_coaching_mentoring_or_both(
    answers: dict[str, str], recommendation: str
) -> None:
    result = assess(answers)
    assert result.recommendation == recommendation
    assert result.reasons


def test_triage_names_each_missing_or_unknown_answer() -> None:
    with pytest.raises(InvalidInput) as refused:
        assess({"need": "money", "colour": "blue"})
    fields = {p.field for p in refused.value.problems}
    assert fields == {"need", "colour", "transition", "support", "network"}


def test_every_triage_question_offers_choices_with_scores() -> None:
    for question in questionnaire()["questions"]:
        assert question["choices"]
        assert all({"coaching", "mentoring", "reason"} <= set(c) for c in question["choices"])


def test_a_mentee_needs_goals_and_known_competencies() -> None:
    with pytest.raises(InvalidInput) as refused:
        enrolment_details(
            "mentee",
            {
                "goals": "hi",
                "desired_competencies": ["flying"],
                "preferences": {"department": "sideways"},
            },
            {"feedback"},
        )
    assert {p.field for p in refused.value.problems} == {
        "goals",
        "desired_competencies",
        "preferences.department",
    }


@pytest.mark.parametrize("capacity", [0, -1, 11, "3", None, True])
def test_a_mentor_capacity_must_be_one_to_ten(capacity: object) -> None:
    with pytest.raises(InvalidInput, match="capacity"):
        enrolment_details("mentor", {"capacity": capacity, "expertise": ["go"]}, set())


def test_a_check_in_schedule_names_each_bad_day_count() -> None:
    with pytest.raises(InvalidInput) as refused:
        program_spec(
            {
                "name": "Mentoring",
                "kind": "mentoring",
                "checkin_schedule": {"every_days": "x", "first_after_days": 3, "weekly": 1},
            }
        )
    assert {p.field: p.reason for p in refused.value.problems} == {
        "checkin_schedule.every_days": "must be a whole number of days",
        "checkin_schedule.first_after_days": "must be 7–180 days",
        "checkin_schedule.weekly": "unknown key; expected first_after_days, every_days",
    }
    spec = program_spec(
        {"name": "Mentoring", "kind": "mentoring", "checkin_schedule": {"every_days": 30}}
    )
    assert spec.checkin_schedule == {"every_days": 30}
