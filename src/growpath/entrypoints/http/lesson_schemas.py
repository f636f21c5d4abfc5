"""Schemas for lessons from mentors: publishing one, and hiding one (program admins)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from growpath.domain.lessons import (
    DIFFERENTLY_MAX,
    HIDE_REASON_MAX,
    STORY_MAX,
    THEMES_MAX,
    TITLE_MAX,
)


class LessonCreate(BaseModel):
    """A lesson you learned as a mentor or coach, for everyone in the organisation to read.

    program_id names the program whose admins look after it; needed only if you guide in more
    than one.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Silence is a question too",
                    "story": "I used to fill every pause with advice. A mentee told me months "
                    "later that the pauses were where she did her thinking.",
                    "differently": "Count to five before I speak after a question.",
                    "themes": ["communication", "feedback"],
                }
            ]
        }
    )

    # Lengths are checked by the service, which names every field that breaks a rule; these
    # caps only bound what a request may carry.
    title: str = Field(max_length=TITLE_MAX * 4)
    story: str = Field(max_length=STORY_MAX * 2)
    differently: str = Field(max_length=DIFFERENTLY_MAX * 2)
    themes: list[str] = Field(max_length=THEMES_MAX * 4)
    program_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class LessonHide(BaseModel):
    """Why a lesson is hidden: its author reads this."""

    reason: str = Field(max_length=HIDE_REASON_MAX * 4)
