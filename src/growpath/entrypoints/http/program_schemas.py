"""Request schemas for programs, triage, enrolment, matching and engagements (API and pages)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from growpath.domain.enrolment import MAX_CAPACITY
from growpath.entrypoints.http.schemas import RecordId


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
    auto_confirm_slots: bool | None = Field(
        default=None,
        description="A slot one member of a pair picks under Find a time is scheduled at "
        "once, without the other confirming it",
    )
    health_rules: dict[str, Any] | None = Field(
        default=None,
        description='Overrides of the health rules\' days, e.g. {"invitation_days": 10}',
    )
    checkin_schedule: dict[str, Any] | None = Field(
        default=None,
        description="first_after_days (default 30) and every_days (default 60)",
    )
    meeting_link: Literal["none", "jitsi", "guide_room"] | None = Field(
        default=None,
        description="Where pairs meet online, written into session invites: none, a Jitsi "
        "room per engagement, or the guide's own room (their meeting_room_url)",
    )
    training_required: Literal["none", "before_matching", "before_first_session"] | None = Field(
        default=None,
        description="Whether each person completes their role's onboarding modules (under "
        "/learn) before they are matched, or before the pair's first session",
    )


class ProgramCreate(ProgramUpdate):
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
    kind: Literal["coaching", "mentoring"] | None = None
    format: Literal["one_to_one", "group", "peer", "reverse", "flash"] | None = None


class ProgramStatusChange(BaseModel):
    """Open a program for enrolment, or close it."""

    status: Literal["draft", "open", "closed"]


class ProgramAdminsSet(BaseModel):
    """The login e-mails of every administrator a program is to have (others lose it)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"emails": ["lead@example.com"]}]})
    emails: list[Annotated[str, Field(max_length=320)]] = Field(max_length=200)


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
    person_id: RecordId | None = Field(default=None, description="Administrators may enrol others")
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

    proposal_ids: list[RecordId] | None = None


class GuideRequest(BaseModel):
    """The guide a participant asks for, by their enrolment id (from the recommendations)."""

    mentor_enrolment_id: RecordId


class CapacityChange(BaseModel):
    """How many pairs a guide takes in the program at once (1–10)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"capacity": 3}]})

    capacity: int = Field(ge=1, le=MAX_CAPACITY, strict=True)


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


class SessionCreate(BaseModel):
    """A session to schedule."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "scheduled_at": "2026-05-04T10:00:00+02:00",
                    "duration_minutes": 45,
                    "location": "https://meet.example.com/abc",
                }
            ]
        }
    )
    scheduled_at: datetime
    duration_minutes: int = 60
    location: str = Field(default="", max_length=500)


class SessionReschedule(BaseModel):
    """A new time for a session still to come (and, if they change, its length and place)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "scheduled_at": "2026-05-06T10:00:00+02:00",
                    "location": "Room 4.12",
                }
            ]
        }
    )
    scheduled_at: datetime
    duration_minutes: int | None = None
    # Left out, the place stays; "" clears it.
    location: str | None = Field(default=None, max_length=500)


class GrowNotesBody(BaseModel):
    """Notes structured by GROW."""

    goal: str = Field(default="", max_length=20_000)
    reality: str = Field(default="", max_length=20_000)
    options: str = Field(default="", max_length=20_000)
    will: str = Field(default="", max_length=20_000)


class ActionBody(BaseModel):
    """An action agreed in the session (the W of GROW)."""

    description: str = Field(max_length=2000)
    owner_person_id: RecordId
    due_on: date | None = None


class SessionLog(BaseModel):
    """What happened in a held session."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "shared_notes": {
                        "goal": "Lead the design review",
                        "will": "Send a pre-read Monday",
                    },
                    "private_notes": {"reality": "Seems anxious about the reorg"},
                    "actions": [
                        {
                            "description": "Send the pre-read",
                            "owner_person_id": 12,
                            "due_on": "2026-05-08",
                        }
                    ],
                    "themes": ["technical-direction"],
                }
            ]
        }
    )
    shared_notes: GrowNotesBody | None = None
    private_notes: GrowNotesBody | None = None
    actions: list[ActionBody] = []
    themes: list[str] = []


class SessionCancel(BaseModel):
    """Cancel a session, or record a no-show."""

    no_show: bool = False


class GoalCreate(BaseModel):
    """A SMART goal."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Run design reviews",
                    "specific": "Lead the Platform design review",
                    "measure": "reviews led per month",
                    "baseline_value": 0,
                    "target_value": 4,
                    "due_on": "2026-06-30",
                    "competency_keys": ["system-design"],
                }
            ]
        }
    )
    title: str = Field(max_length=200)
    specific: str = Field(default="", max_length=4000)
    measure: str = Field(default="", max_length=200)
    baseline_value: float | None = None
    target_value: float | None = None
    due_on: date | None = None
    competency_keys: list[str] = []


class MeasurementCreate(BaseModel):
    """One KPI reading."""

    measured_on: date
    value: float


class GoalStatusChange(BaseModel):
    """A goal's new status."""

    status: Literal["open", "met", "not_met", "dropped"]


class CharterBody(BaseModel):
    """A mentoring charter."""

    purpose: str = Field(max_length=4000)
    goals: str = Field(max_length=4000)
    meeting_frequency: str = Field(max_length=4000)
    success: str = Field(max_length=4000)
    renewal_on: date | None = None


class RatingCreate(BaseModel):
    """A competency rating; the rater role follows from who you are in the engagement."""

    competency_key: str = Field(max_length=80)
    phase: Literal["baseline", "midpoint", "final"]
    rating: int


class CheckInAnswer(BaseModel):
    """A check-in's answers; the comment is confidential and encrypted."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "met_since_last": True,
                    "satisfaction": 4,
                    "progress": 3,
                    "comment": "Good momentum, but we skipped one meeting.",
                }
            ]
        }
    )
    met_since_last: bool
    satisfaction: int
    progress: int
    comment: str = Field(default="", max_length=4000)
