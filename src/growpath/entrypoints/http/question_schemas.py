"""Schemas of a program's own check-in questions: defining them, and answering a check-in."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from growpath.domain.checkin_questions import (
    MAX_ASKED,
    MAX_LABEL,
    MAX_OPTION,
    MAX_OPTIONS,
    MAX_TEXT_ANSWER,
    MAX_WORDING,
)
from growpath.entrypoints.http.program_schemas import CheckInAnswer

Option = Annotated[str, Field(max_length=MAX_OPTION)]


class QuestionUpdate(BaseModel):
    """A question's words and whether it must be answered. Once it has answers, new words make
    a new version (the old one retired with its answers), so aggregates stay honest."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "wording": "How clear are your goals now?",
                    "low_label": "not at all",
                    "high_label": "very clear",
                    "required": False,
                }
            ]
        }
    )

    wording: str = Field(max_length=MAX_WORDING)
    low_label: str = Field(default="", max_length=MAX_LABEL, description="Scale: what 1 means")
    high_label: str = Field(default="", max_length=MAX_LABEL, description="Scale: what 5 means")
    options: list[Option] = Field(
        default=[], max_length=MAX_OPTIONS, description="Choice: 2–8 options, in order"
    )
    required: bool = False


class QuestionCreate(QuestionUpdate):
    """A new question, asked last in the program's check-ins after the fixed pulse."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"kind": "choice", "wording": "Where did you meet?", "options": ["Office", "Video"]}
            ]
        }
    )

    kind: Literal["scale", "choice", "text"]


class QuestionMove(BaseModel):
    """Ask a question one place earlier or later."""

    direction: Literal["up", "down"]


class CheckInAnswers(CheckInAnswer):
    """A check-in's answers, with those to the program's own questions by question id."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "met_since_last": True,
                    "satisfaction": 4,
                    "progress": 3,
                    "comment": "",
                    "answers": {"12": 4, "13": 2, "14": "More time to practise."},
                }
            ]
        }
    )

    answers: dict[int, Annotated[int | str, Field(union_mode="left_to_right")]] = Field(
        default={},
        max_length=MAX_ASKED,
        description=(
            "Question id → a scale value (1–5), an option number (1-based) or a text of up to "
            f"{MAX_TEXT_ANSWER} characters (sealed at rest)"
        ),
    )
