"""Schemas for practice triads: an observer's feedback, a round move, confirming a formation."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from growpath.domain.triads import FEEDBACK_LIMIT, MAX_MEMBERS


class TriadFeedbackCreate(BaseModel):
    """The observer's feedback on the coach's questions in the current round."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "open_questions": "Mostly open: 'What have you tried so far?'; two closed "
                    "checks near the end.",
                    "listening": "Summarised Sam's worry before moving to options.",
                    "try_next": "Let the silence run after the options question.",
                }
            ]
        }
    )

    open_questions: str = Field(max_length=FEEDBACK_LIMIT)
    listening: str = Field(max_length=FEEDBACK_LIMIT)
    try_next: str = Field(max_length=FEEDBACK_LIMIT)


class TriadAdvance(BaseModel):
    """The round the triad moves on from: a move already made by someone else is refused."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"from_round": 1}]})

    from_round: int = Field(ge=1, le=MAX_MEMBERS)


class TriadFormation(BaseModel):
    """The plan of a preview to confirm; without one, the program's triads form as they are."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"plan": "13,17,5;8,2,9"}]})

    plan: str | None = Field(default=None, max_length=20000)
