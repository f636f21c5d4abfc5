"""Lessons mentors publish, their themes and followers: how services find and store them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import CursorResult, Row, Select, and_, bindparam, delete, func, or_, select

from growpath.adapters.orm import (
    DevelopmentThemeRow,
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    LessonRow,
    LessonThemeRow,
    MentorFollowRow,
    PersonRow,
    ProgramRow,
    SessionRow,
    SessionThemeRow,
)
from growpath.adapters.repositories.base import Repository, column_rows
from growpath.domain.engagements import GUIDE
from growpath.domain.enrolment import GUIDE_ROLES
from growpath.domain.lessons import PUBLISHED


class LessonLine(NamedTuple):
    """A lesson's columns a list of lessons shows (not who hid it, nor when)."""

    id: int
    author_person_id: int
    program_id: int
    title: str
    story: str
    differently: str
    status: str
    published_at: datetime
    hidden_reason: str


# Built once, on first use, with bound parameters: the home page runs it on every view,
# and building it anew (clauses, joins, its cache key) cost more CPU than running it. Columns,
# not the lesson row: Home only shows them, and loading rows cost the ORM's identity work.
@cache
def _from_followed() -> Select[int, int, int, str, str, str, str, datetime, str, str]:
    return (
        select(
            LessonRow.id,
            LessonRow.author_person_id,
            LessonRow.program_id,
            LessonRow.title,
            LessonRow.story,
            LessonRow.differently,
            LessonRow.status,
            LessonRow.published_at,
            LessonRow.hidden_reason,
            PersonRow.name,
        )
        .join(PersonRow, PersonRow.id == LessonRow.author_person_id)
        .join(
            MentorFollowRow,
            and_(
                MentorFollowRow.mentor_person_id == LessonRow.author_person_id,
                MentorFollowRow.follower_person_id == bindparam("follower_id"),
            ),
        )
        .where(LessonRow.status == PUBLISHED)
        .order_by(LessonRow.published_at.desc(), LessonRow.id.desc())
        .limit(bindparam("limit"))
    )


class LessonRepository(Repository[LessonRow]):
    """Published lessons, the themes they are about, and who follows which mentor."""

    row_type = LessonRow

    def listing(
        self,
        viewer_person_id: int | None,
        theme_key: str | None = None,
        mentor_person_id: int | None = None,
        lesson_ids: Collection[int] | None = None,
        limit: int = 50,
    ) -> Sequence[Row[LessonRow, str]]:
        """Return lessons the viewer may read, newest first, with each author's name.

        Everyone reads published lessons; an author also reads their own hidden ones.
        """
        visible = LessonRow.status == PUBLISHED
        if viewer_person_id is not None:
            visible = or_(visible, LessonRow.author_person_id == viewer_person_id)
        query = (
            select(LessonRow, PersonRow.name)
            .join(PersonRow, PersonRow.id == LessonRow.author_person_id)
            .where(visible)
        )
        if theme_key is not None:
            query = query.where(
                LessonRow.id.in_(
                    select(LessonThemeRow.lesson_id)
                    .join(DevelopmentThemeRow, DevelopmentThemeRow.id == LessonThemeRow.theme_id)
                    .where(DevelopmentThemeRow.key == theme_key)
                )
            )
        if mentor_person_id is not None:
            query = query.where(LessonRow.author_person_id == mentor_person_id)
        if lesson_ids is not None:
            query = query.where(LessonRow.id.in_(lesson_ids))
        order = (LessonRow.published_at.desc(), LessonRow.id.desc())
        return self.db.execute(query.order_by(*order).limit(limit)).all()

    def themes_of(self, lesson_ids: Collection[int]) -> dict[int, list[tuple[str, str]]]:
        """Return each lesson's themes as (key, name), by name."""
        found: dict[int, list[tuple[str, str]]] = {lesson_id: [] for lesson_id in lesson_ids}
        if not lesson_ids:
            return found
        rows = self.db.execute(
            select(LessonThemeRow.lesson_id, DevelopmentThemeRow.key, DevelopmentThemeRow.name)
            .join(DevelopmentThemeRow, DevelopmentThemeRow.id == LessonThemeRow.theme_id)
            .where(LessonThemeRow.lesson_id.in_(lesson_ids))
            .order_by(DevelopmentThemeRow.name)
        )
        for lesson_id, key, name in rows:
            found[lesson_id].append((key, name))
        return found

    def set_themes(self, lesson_id: int, keys: Collection[str]) -> None:
        """Tag a lesson with these themes of the catalogue."""
        ids = self.db.scalars(
            select(DevelopmentThemeRow.id).where(DevelopmentThemeRow.key.in_(keys))
        )
        self.db.add_all(LessonThemeRow(lesson_id=lesson_id, theme_id=i) for i in ids)
        self.db.flush()

    def remove(self, lesson: LessonRow) -> None:
        """Delete a lesson and its themes."""
        self.db.delete(lesson)
        self.db.flush()

    def remove_of(self, person_id: int) -> int:
        """Delete a person's lessons and whom they follow or who follows them; return lessons."""
        removed = self.db.execute(delete(LessonRow).where(LessonRow.author_person_id == person_id))
        self.db.execute(
            delete(MentorFollowRow).where(
                or_(
                    MentorFollowRow.follower_person_id == person_id,
                    MentorFollowRow.mentor_person_id == person_id,
                )
            )
        )
        return removed.rowcount if isinstance(removed, CursorResult) else 0

    def guide_programs(self, person_id: int) -> dict[int, str]:
        """Return the programs a person guides in (an engagement or a guide's enrolment)."""
        guided = select(EnrolmentRow.program_id).where(
            EnrolmentRow.person_id == person_id, EnrolmentRow.role.in_(GUIDE_ROLES)
        )
        engaged = (
            select(EngagementRow.program_id)
            .join(EngagementMemberRow, EngagementMemberRow.engagement_id == EngagementRow.id)
            .where(EngagementMemberRow.person_id == person_id, EngagementMemberRow.role == GUIDE)
        )
        rows = self.db.execute(
            select(ProgramRow.id, ProgramRow.name)
            .where(or_(ProgramRow.id.in_(guided), ProgramRow.id.in_(engaged)))
            .order_by(ProgramRow.name)
        )
        return dict(rows.all())

    def has_published(self, person_id: int) -> bool:
        """Whether a person has a published lesson (so others can follow them)."""
        found = self.db.scalar(
            select(LessonRow.id)
            .where(LessonRow.author_person_id == person_id, LessonRow.status == PUBLISHED)
            .limit(1)
        )
        return found is not None

    def follow(self, follower_id: int, mentor_id: int, now: datetime) -> None:
        """Follow a mentor (unless already following)."""
        if not self.follows(follower_id, mentor_id):
            self.db.add(
                MentorFollowRow(
                    follower_person_id=follower_id, mentor_person_id=mentor_id, created_at=now
                )
            )
            self.db.flush()

    def unfollow(self, follower_id: int, mentor_id: int) -> None:
        """Stop following a mentor (nothing if not following)."""
        self.db.execute(
            delete(MentorFollowRow).where(
                MentorFollowRow.follower_person_id == follower_id,
                MentorFollowRow.mentor_person_id == mentor_id,
            )
        )

    def follows(self, follower_id: int, mentor_id: int) -> bool:
        """Whether a person follows a mentor."""
        found = self.db.scalar(
            select(MentorFollowRow.id).where(
                MentorFollowRow.follower_person_id == follower_id,
                MentorFollowRow.mentor_person_id == mentor_id,
            )
        )
        return found is not None

    def followers(self, mentor_id: int) -> int:
        """Return how many people follow a mentor."""
        return (
            self.db.scalar(
                select(func.count(MentorFollowRow.id)).where(
                    MentorFollowRow.mentor_person_id == mentor_id
                )
            )
            or 0
        )

    def followed(self, follower_id: int) -> Sequence[Row[int, str]]:
        """Return the mentors a person follows, (id, name) by name."""
        return self.db.execute(
            select(PersonRow.id, PersonRow.name)
            .join(MentorFollowRow, MentorFollowRow.mentor_person_id == PersonRow.id)
            .where(MentorFollowRow.follower_person_id == follower_id)
            .order_by(PersonRow.name)
        ).all()

    def from_followed(self, follower_id: int, limit: int) -> list[tuple[LessonLine, str]]:
        """Return the newest published lessons of the mentors a person follows, each with its
        author's name."""
        parameters = {"follower_id": follower_id, "limit": limit}
        rows = column_rows(self.db, _from_followed(), parameters)
        return [(LessonLine(*row[:9]), row[9]) for row in rows]

    def engagement_theme_keys(self, engagement_id: int) -> list[str]:
        """Return the keys of the themes tagged on an engagement's sessions."""
        return list(
            self.db.scalars(
                select(DevelopmentThemeRow.key)
                .join(SessionThemeRow, SessionThemeRow.theme_id == DevelopmentThemeRow.id)
                .join(SessionRow, SessionRow.id == SessionThemeRow.session_id)
                .where(SessionRow.engagement_id == engagement_id)
                .distinct()
            )
        )

    def published_on_themes(
        self, keys: Collection[str], excluding_authors: Collection[int]
    ) -> list[tuple[int, list[str]]]:
        """Return the published lessons on any of these themes and their theme keys."""
        rows = self.db.execute(
            select(LessonThemeRow.lesson_id, DevelopmentThemeRow.key)
            .join(DevelopmentThemeRow, DevelopmentThemeRow.id == LessonThemeRow.theme_id)
            .join(LessonRow, LessonRow.id == LessonThemeRow.lesson_id)
            .where(
                LessonRow.status == PUBLISHED,
                DevelopmentThemeRow.key.in_(keys),
                LessonRow.author_person_id.not_in(excluding_authors),
            )
        )
        found: dict[int, list[str]] = {}
        for lesson_id, key in rows:
            found.setdefault(lesson_id, []).append(key)
        return list(found.items())
