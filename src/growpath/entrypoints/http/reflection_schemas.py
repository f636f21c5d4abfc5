"""Schemas for reflection: a journal entry written, and whether it is shared with the guide."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from growpath.domain.reflection import MAX_ENTRY_CHARS
from growpath.entrypoints.http.schemas import RecordId


class JournalEntryCreate(BaseModel):
    """A journal entry about the engagement, answering one of your prompts or not."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": "Asking for the budget felt easier once I had the numbers.",
                    "prompt_id": 7,
                    "shared": True,
                }
            ]
        }
    )

    # Bounded here for the body's size; the journal's own rule (trimmed length) says more.
    text: str = Field(max_length=2 * MAX_ENTRY_CHARS)
    prompt_id: RecordId | None = None
    shared: bool = False
