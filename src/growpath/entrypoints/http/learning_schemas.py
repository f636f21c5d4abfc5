"""Request schemas for learning modules (API and pages)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, Field

from growpath.domain.modules import MAX_BODY, MAX_PRACTICE, MAX_SLUG, MAX_TITLE

Slug = Annotated[str, Path(min_length=1, max_length=MAX_SLUG, pattern=r"^[a-z0-9-]+$")]


class ModuleCreate(BaseModel):
    """A module or resource of the organisation's own, with a shipped module's fields."""

    slug: str = Field(max_length=MAX_SLUG, description="Its address under /learn, e.g. one-to-ones")
    title: str = Field(max_length=MAX_TITLE)
    audience: str = Field(description="manager, mentor, coach or mentee")
    kind: str = Field(default="module", description="module (training) or resource (library)")
    themes: list[str] = Field(default_factory=list, description="Development theme keys")
    minutes: int = Field(description="Reading and practice time, 1–120")
    practice: str = Field(default="", max_length=MAX_PRACTICE, description="One practice prompt")
    body: str = Field(max_length=MAX_BODY, description="Markdown; HTML in it is shown as text")
    order: int = Field(default=100, description="Place in its audience's track, 0–1000")

    def fields(self) -> dict[str, Any]:
        """Return the front matter fields, as a Markdown file would carry them."""
        found: dict[str, Any] = self.model_dump(exclude={"slug", "body"})
        if not self.practice:
            del found["practice"]
        return found
