"""Schemas for managers who coach: a logged conversation and a report's answer."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from growpath.domain.practice import GROW_STAGES, MAX_NOTE


class ConversationCreate(BaseModel):
    """A coaching conversation with one of your reports: the GROW stages and a private note."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "report_person_id": 12,
                    "held_on": "2027-03-01",
                    "stages": ["goal", "reality", "will"],
                    "note": "Wants to lead the next migration; try a first delegation.",
                }
            ]
        }
    )

    report_person_id: int = Field(ge=1)
    held_on: date
    stages: list[str] = Field(
        default_factory=list, max_length=len(GROW_STAGES), description=", ".join(GROW_STAGES)
    )
    note: str = Field(default="", max_length=MAX_NOTE, description="encrypted, yours alone")


class PracticeAnswer(BaseModel):
    """Your answer to "Did this feel like being asked or being told?": 1 asked … 5 told."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"answer": 2}]})

    answer: int = Field(ge=1, le=5)


class FeedbackPublic(BaseModel):
    """What your reports answered, only over closed groups of at least k people."""

    enough: bool = Field(description="false until k different people have answered")
    answers: int
    people: int = Field(description="the fewest different people of any counted group")
    mean: float | None
    band: str = Field(description='the mean near the scale\'s bound, as it reads ("≥ 4.9")')


class AdoptionPublic(BaseModel):
    """One week's share of managers with a logged conversation, under the report protections."""

    week: date = Field(description="the week's Monday")
    managers: int
    practising: int | None = Field(description="null: suppressed or banded")
    share: float | None
    band: str
    text: str
