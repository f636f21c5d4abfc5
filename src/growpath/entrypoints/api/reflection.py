"""API routes for reflection between sessions: your prompts and journal, sharing an entry with
your guide, and the view that prepares a pair's next session."""

from __future__ import annotations

from fastapi import APIRouter

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.reflection_schemas import JournalEntryCreate
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import reflection
from growpath.services.reflection import EntryView, Preparation, PromptView

router = APIRouter(prefix="/api/v1", tags=["reflection"], responses=ERRORS)


@router.get("/me/reflection-prompts", response_model=list[PromptView])
def my_prompts(ctx: CurrentContext) -> list[PromptView]:
    """List your unanswered reflection prompts, each with the questions its session raised."""
    return reflection.my_prompts(ctx)


@router.get("/me/journal", response_model=list[EntryView])
def my_journal(ctx: CurrentContext) -> list[EntryView]:
    """List your own journal entries, newest first (nobody else reads this list)."""
    return reflection.my_journal(ctx)


@router.post("/engagements/{engagement_id}/journal", response_model=EntryView, status_code=201)
def write_entry(engagement_id: PathId, body: JournalEntryCreate, ctx: CurrentContext) -> EntryView:
    """Write a journal entry about an engagement you take part in (sealed at rest); shared
    with your guide only if you say so. The guide keeps private session notes instead."""
    return reflection.write_entry(
        ctx, engagement_id, body.text, prompt_id=body.prompt_id, shared=body.shared
    )


@router.post("/journal-entries/{journal_entry_id}/share", response_model=EntryView)
def share_entry(journal_entry_id: PathId, ctx: CurrentContext) -> EntryView:
    """Share one of your journal entries with your guide (the author only)."""
    return reflection.share_entry(ctx, journal_entry_id, shared=True)


@router.post("/journal-entries/{journal_entry_id}/unshare", response_model=EntryView)
def unshare_entry(journal_entry_id: PathId, ctx: CurrentContext) -> EntryView:
    """Stop sharing one of your journal entries: your guide no longer sees it."""
    return reflection.share_entry(ctx, journal_entry_id, shared=False)


@router.get("/engagements/{engagement_id}/prepare", response_model=Preparation)
def prepare(engagement_id: PathId, ctx: CurrentContext) -> Preparation:
    """Prepare the next session: last actions, open goals with their latest reading, the
    reflections you may read, and suggested questions (the pair only)."""
    return reflection.prepare(ctx, engagement_id)
