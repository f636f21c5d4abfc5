"""Reflection prompts of held sessions and the journal entries that answer them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from typing import TypeVarTuple

from sqlalchemy import Row, Select, bindparam, select

from growpath.adapters.orm import (
    DataKeyRow,
    DevelopmentThemeRow,
    EngagementRow,
    JournalEntryRow,
    ProgramRow,
    ReflectionPromptRow,
    SessionRow,
    SessionThemeRow,
)
from growpath.adapters.repositories.base import Repository, column_rows
from growpath.adapters.repositories.insert_once import insert_once

Columns = TypeVarTuple("Columns")


def _unanswered(query: Select[*Columns]) -> Select[*Columns]:
    # A person's unanswered prompts with their session and its program, the latest first.
    return (
        query.join(SessionRow, SessionRow.id == ReflectionPromptRow.session_id)
        .join(EngagementRow, EngagementRow.id == SessionRow.engagement_id)
        .join(ProgramRow, ProgramRow.id == EngagementRow.program_id)
        .where(
            ReflectionPromptRow.person_id == bindparam("person_id"),
            ReflectionPromptRow.answered_at.is_(None),
        )
        .order_by(ReflectionPromptRow.id.desc())
    )


# Built once, on first use, with bound parameters: the home page runs one on every view,
# and building it anew (clauses, joins, its cache key) cost more CPU than running it.
@cache
def _open_prompts() -> Select[ReflectionPromptRow, SessionRow, EngagementRow, str]:
    return _unanswered(select(ReflectionPromptRow, SessionRow, EngagementRow, ProgramRow.name))


@cache
def _waiting_links() -> Select[int, int, str, datetime | None]:
    # Home shows where and when each prompt is from: four columns, not three whole rows.
    return _unanswered(
        select(
            ReflectionPromptRow.id, SessionRow.engagement_id, ProgramRow.name, SessionRow.held_at
        )
    )


class ReflectionRepository(Repository[JournalEntryRow]):
    """Journal entries (sealed, with their data keys) and the prompts that invite them."""

    row_type = JournalEntryRow

    def add_prompt_once(self, prompt: ReflectionPromptRow) -> int | None:
        """Store a prompt unless its person has one for the session; return its new id."""
        # The unique key decides, in one statement (prompted before, or by another transaction
        # a moment ago): holding a session is counted query by query
        # (tests/integration/test_query_counts.py).
        return insert_once(self.db, prompt, ("session_id", "person_id"))

    def prompt(self, prompt_id: int) -> ReflectionPromptRow | None:
        """Return one prompt."""
        return self.db.get(ReflectionPromptRow, prompt_id)

    def open_prompts(
        self, person_id: int
    ) -> list[tuple[ReflectionPromptRow, SessionRow, EngagementRow, str]]:
        """Return the person's unanswered prompts with their session, engagement and program
        name, the latest prompted first."""
        return [
            (prompt, session, engagement, name)
            for prompt, session, engagement, name in self.db.execute(
                _open_prompts(), {"person_id": person_id}
            )
        ]

    def waiting_links(self, person_id: int) -> Sequence[Row[int, int, str, datetime | None]]:
        """Return (prompt, engagement, program name, session held at) of the person's
        unanswered prompts, the latest prompted first."""
        return column_rows(self.db, _waiting_links(), {"person_id": person_id})

    def theme_names(self, session_ids: Iterable[int]) -> list[tuple[int, str]]:
        """Return (session, theme name) of the themes some sessions touched, by name."""
        return [
            (session_id, name)
            for session_id, name in self.db.execute(
                select(SessionThemeRow.session_id, DevelopmentThemeRow.name)
                .join(SessionThemeRow, SessionThemeRow.theme_id == DevelopmentThemeRow.id)
                .where(SessionThemeRow.session_id.in_(list(session_ids)))
                .order_by(DevelopmentThemeRow.name)
            )
        ]

    def entries_with_keys(
        self,
        *,
        author_person_id: int | None = None,
        engagement_ids: Iterable[int] | None = None,
        shared_only: bool = False,
    ) -> list[tuple[JournalEntryRow, DataKeyRow]]:
        """Return sealed journal entries, newest first, each with the data key that opens it."""
        query = select(JournalEntryRow, DataKeyRow).join(
            DataKeyRow, DataKeyRow.id == JournalEntryRow.data_key_id
        )
        if author_person_id is not None:
            query = query.where(JournalEntryRow.author_person_id == author_person_id)
        if engagement_ids is not None:
            query = query.where(JournalEntryRow.engagement_id.in_(list(engagement_ids)))
        if shared_only:
            query = query.where(JournalEntryRow.shared_at.is_not(None))
        query = query.order_by(JournalEntryRow.created_at.desc(), JournalEntryRow.id.desc())
        return [(entry, key) for entry, key in self.db.execute(query)]

    def data_key(self, key_id: int) -> DataKeyRow | None:
        """Return the data key that seals an entry."""
        return self.db.get(DataKeyRow, key_id)

    def last_held(self, engagement_id: int) -> SessionRow | None:
        """Return the engagement's most recently held session."""
        return self.db.scalar(
            select(SessionRow)
            .where(SessionRow.engagement_id == engagement_id, SessionRow.status == "held")
            .order_by(SessionRow.held_at.desc(), SessionRow.id.desc())
            .limit(1)
        )
