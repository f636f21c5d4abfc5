"""Request schemas for programs, triage, enrolment, matching and engagements."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ProgramCreate(BaseModel):
    """A program to create, from scratch or from a track template."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "template": "first-time-managers",
                    "name": "First-time managers 2026",
                    "starts_on": "2026-02-01",
                },
                {
                    "name": "Platform mentoring",
                    "kind": "mentoring",
                    "format": "one_to_one",
                    "purpose": "Context and network for new Platform engineers",
                    "default_length_months": 12,
                    "cadence_days": 30,
                    "eligibility": {"departments": ["Platform"]},
                    "matching": {
                        "weights": {"skills": 3, "timezone": 2},
                        "department_preference": "same",
                    },
                },
            ]
        }
    )
    template: str | None = Field(default=None, description="Key of a track template to start from")
    name: str | None = Field(default=None, max_length=200)
    kind: Literal["coaching", "mentoring"] | None = None
    format: Literal["one_to_one", "group", "peer", "reverse", "flash"] | None = None
    purpose: str | None = Field(default=None, max_length=4000)
    starts_on: date | None = None
    ends_on: date | None = None
    default_length_months: int | None = None
    cadence_days: int | None = None
    group_size: int | None = None
    eligibility: dict[str, Any] | None = None
    matching: dict[str, Any] | None = None
    manager_visibility_default: bool | None = None


class ProgramUpdate(BaseModel):
    """Fields of a program to change."""

    name: str | None = Field(default=None, max_length=200)
    purpose: str | None = Field(default=None, max_length=4000)
    starts_on: date | None = None
    ends_on: date | None = None
    default_length_months: int | None = None
    cadence_days: int | None = None
    group_size: int | None = None
    eligibility: dict[str, Any] | None = None
    matching: dict[str, Any] | None = None
    manager_visibility_default: bool | None = None


class ProgramStatusChange(BaseModel):
    """Open a program for enrolment, or close it."""

    status: Literal["draft", "open", "closed"]


class TriageAnswers(BaseModel):
    """Answers to the triage questionnaire, question key → choice key."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "answers": {
                        "need": "behaviour",
                        "transition": "new_manager",
                        "support": "questions",
                        "network": "little",
                    }
                }
            ]
        }
    )
    answers: dict[str, str]


class EnrolmentCreate(BaseModel):
    """An enrolment: goals and preferences for participants; expertise and capacity for guides."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "role": "mentee",
                    "goals": "Grow into a staff engineer; learn system design.",
                    "desired_competencies": ["system-design"],
                    "preferences": {"language": "en", "department": "other"},
                },
                {"role": "mentor", "capacity": 2, "expertise": ["system design", "career growth"]},
            ]
        }
    )
    role: Literal["mentee", "coachee", "mentor", "coach"]
    person_id: int | None = Field(default=None, description="Administrators may enrol others")
    goals: str | None = Field(default=None, max_length=4000)
    desired_competencies: list[str] | None = None
    preferences: dict[str, Any] | None = None
    expertise: list[str] | None = None
    focus_areas: list[str] | None = None
    certifications: list[str] | None = None
    capacity: int | None = None
    availability: dict[str, Any] | None = None


class MatchRunCreate(BaseModel):
    """Run the optimiser on a program."""

    mode: Literal["optimal", "max_matched", "stable"] | None = None


class MatchApproval(BaseModel):
    """Approve all proposals of a run (leave out proposal_ids) or some of them."""

    proposal_ids: list[int] | None = None


class GuideRequest(BaseModel):
    """The guide a participant asks for, by their enrolment id (from the recommendations)."""

    mentor_enrolment_id: int


class ProposalResponse(BaseModel):
    """Accept or decline a proposal."""

    accept: bool


class EngagementChange(BaseModel):
    """A lifecycle action on an engagement."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"action": "start"},
                {"action": "end_early", "reason": "the mentor moved on"},
                {"action": "renew", "end_on": "2027-12-31"},
            ]
        }
    )
    action: Literal["start", "pause", "resume", "complete", "end_early", "renew"]
    reason: str = Field(default="", max_length=2000)
    end_on: date | None = None
