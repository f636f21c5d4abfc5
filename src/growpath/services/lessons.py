"""Lessons from mentors: a mentor or coach publishes what they learned; anyone signed in reads
them and follows a mentor; pairs get lessons on their themes; program admins hide a lesson.

A lesson is the author's own experience, published by choice: it is not sealed, and nothing of
an engagement ever goes into one (suggestions match the pair's theme keys, never their words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from growpath.adapters.orm import LessonRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Problem,
    RaceLost,
)
from growpath.domain.lessons import (
    HIDDEN,
    PUBLISHED,
    by_theme_overlap,
    check_hide_reason,
    check_lesson,
)
from growpath.i18n import N_
from growpath.services.access import access_member_engagement, administers
from growpath.services.context import Context

LISTED = 50
ON_HOME = 5
SUGGESTED = 3


@dataclass(frozen=True)
class ThemeTag:
    """A development theme of the catalogue."""

    key: str
    name: str


@dataclass(frozen=True)
class LessonView:
    """A lesson as its reader sees it; why it was hidden only for its author and the admins."""

    id: int
    title: str
    story: str
    differently: str
    themes: tuple[ThemeTag, ...]
    author_person_id: int
    author_name: str
    program_id: int
    published_at: datetime
    status: str
    hidden_reason: str
    mine: bool
    can_hide: bool


@dataclass(frozen=True)
class MentorView:
    """A mentor whose lessons a list shows: whether the reader follows them, and how many do."""

    person_id: int
    name: str
    following: bool
    followers: int


@dataclass(frozen=True)
class LessonList:
    """Lessons the reader may read, newest first, with the filters that chose them."""

    lessons: tuple[LessonView, ...]
    theme: ThemeTag | None
    mentor: MentorView | None


class LessonFields(Protocol):
    """What a list of lessons reads of each: a lesson row, or its columns."""

    @property
    def id(self) -> int: ...
    @property
    def author_person_id(self) -> int: ...
    @property
    def program_id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def story(self) -> str: ...
    @property
    def differently(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def published_at(self) -> datetime: ...
    @property
    def hidden_reason(self) -> str: ...


def _views(
    uow: UnitOfWork, ctx: Context, rows: Sequence[tuple[LessonFields, str]]
) -> tuple[LessonView, ...]:
    themes = uow.lessons.themes_of([lesson.id for lesson, _ in rows])
    views = []
    for lesson, author in rows:
        mine = lesson.author_person_id == ctx.actor.person_id
        can_hide = ctx.actor.is_admin and administers(uow, ctx, lesson.program_id)
        views.append(
            LessonView(
                id=lesson.id,
                title=lesson.title,
                story=lesson.story,
                differently=lesson.differently,
                themes=tuple(ThemeTag(k, n) for k, n in themes[lesson.id]),
                author_person_id=lesson.author_person_id,
                author_name=author,
                program_id=lesson.program_id,
                published_at=lesson.published_at,
                status=lesson.status,
                hidden_reason=lesson.hidden_reason if mine or can_hide else "",
                mine=mine,
                can_hide=can_hide and lesson.status == PUBLISHED,
            )
        )
    return tuple(views)


def theme_catalogue(ctx: Context) -> list[ThemeTag]:
    """Return the themes a lesson can be about, by name."""
    with ctx.uow() as uow:
        return [ThemeTag(key, name) for key, name, _ in uow.themes.listing()]


def programs_to_publish_in(ctx: Context) -> dict[int, str]:
    """Return the programs the actor guides in (one of whose admins look after a lesson);
    refuse anyone who guides in none."""
    with ctx.uow() as uow:
        return _guided(uow, ctx)[1]


def may_publish(ctx: Context) -> bool:
    """Whether the actor guides in a program, and so may publish lessons."""
    if ctx.actor.person_id is None:
        return False
    with ctx.uow() as uow:
        return bool(uow.lessons.guide_programs(ctx.actor.person_id))


def _guided(uow: UnitOfWork, ctx: Context) -> tuple[int, dict[int, str]]:
    author = ctx.actor.person_id
    programs = uow.lessons.guide_programs(author) if author is not None else {}
    if author is None or not programs:
        raise PermissionDenied(
            N_("only mentors and coaches publish lessons: you guide in no program yet")
        )
    return author, programs


def _publishing_program(uow: UnitOfWork, ctx: Context, program_id: int | None) -> tuple[int, int]:
    # The author and the program whose admins look after the lesson.
    author, programs = _guided(uow, ctx)
    if program_id is None:
        if len(programs) == 1:
            return author, next(iter(programs))
        raise InvalidInput(
            [Problem(N_("choose the program whose admins look after this lesson"), "program_id")]
        )
    if program_id not in programs:
        raise InvalidInput([Problem(N_("you do not guide in that program"), "program_id")])
    return author, program_id


def publish_lesson(
    ctx: Context,
    title: str,
    story: str,
    differently: str,
    themes: Sequence[str],
    program_id: int | None = None,
) -> LessonView:
    """Publish a lesson of the actor's (a mentor or coach) for everyone in the organisation."""
    with ctx.uow() as uow:
        author, program = _publishing_program(uow, ctx, program_id)
        draft = check_lesson(title, story, differently, themes, uow.themes.keys())
        lesson = LessonRow(
            author_person_id=author,
            program_id=program,
            title=draft.title,
            story=draft.story,
            differently=draft.differently,
            status=PUBLISHED,
            published_at=ctx.now,
            hidden_reason="",
        )
        uow.lessons.add(lesson)
        uow.lessons.set_themes(lesson.id, draft.themes)
        (view,) = _views(uow, ctx, [(lesson, _name(uow, author))])
        uow.commit()
        return view


def _name(uow: UnitOfWork, person_id: int) -> str:
    person = uow.people.get(person_id)
    return person.name if person is not None else ""


def list_lessons(
    ctx: Context, theme: str | None = None, mentor_person_id: int | None = None
) -> LessonList:
    """List the lessons anyone signed in reads, newest first, by theme or by mentor."""
    with ctx.uow() as uow:
        chosen = None
        if theme:
            names = {key: name for key, name, _ in uow.themes.listing()}
            if theme not in names:
                raise InvalidInput([Problem(N_("is not a theme of the catalogue"), "theme")])
            chosen = ThemeTag(theme, names[theme])
        mentor = None
        if mentor_person_id is not None:
            mentor = _mentor(uow, ctx, mentor_person_id)
        rows = uow.lessons.listing(
            ctx.actor.person_id, theme or None, mentor_person_id, None, LISTED
        )
        return LessonList(_views(uow, ctx, [(r[0], r[1]) for r in rows]), chosen, mentor)


def my_lessons(ctx: Context) -> tuple[LessonView, ...]:
    """Return the actor's own lessons, hidden ones included (for their data export)."""
    if ctx.actor.person_id is None:
        return ()
    with ctx.uow() as uow:
        rows = uow.lessons.listing(ctx.actor.person_id, None, ctx.actor.person_id, None, 10_000)
        return _views(uow, ctx, [(r[0], r[1]) for r in rows])


def _mentor(uow: UnitOfWork, ctx: Context, person_id: int) -> MentorView:
    # A mentor is someone with a published lesson; anyone else reads as not found, so the
    # list tells nothing about people who publish nothing.
    if not uow.lessons.has_published(person_id) and person_id != ctx.actor.person_id:
        raise NotFound(N_("no mentor with published lessons has this id"))
    follower = ctx.actor.person_id
    return MentorView(
        person_id,
        _name(uow, person_id),
        follower is not None and uow.lessons.follows(follower, person_id),
        uow.lessons.followers(person_id),
    )


def _readable(uow: UnitOfWork, ctx: Context, lesson_id: int) -> LessonRow:
    lesson = uow.lessons.get(lesson_id)
    if lesson is None or (
        lesson.status == HIDDEN
        and lesson.author_person_id != ctx.actor.person_id
        and not (ctx.actor.is_admin and administers(uow, ctx, lesson.program_id))
    ):
        raise NotFound(N_("no lesson has this id"))
    return lesson


def get_lesson(ctx: Context, lesson_id: int) -> LessonView:
    """Show a lesson: a hidden one only to its author and its program's admins."""
    with ctx.uow() as uow:
        lesson = _readable(uow, ctx, lesson_id)
        (view,) = _views(uow, ctx, [(lesson, _name(uow, lesson.author_person_id))])
        return view


def check_withdrawable(ctx: Context, lesson: LessonView) -> None:
    """Refuse anyone but its author the withdrawal of a lesson."""
    if not lesson.mine:
        raise PermissionDenied(N_("only its author can withdraw a lesson"))


def withdraw_lesson(ctx: Context, lesson_id: int) -> None:
    """Withdraw one's own lesson: it is deleted, for everyone."""
    with ctx.uow() as uow:
        lesson = _readable(uow, ctx, lesson_id)
        if lesson.author_person_id != ctx.actor.person_id:
            raise PermissionDenied(N_("only its author can withdraw a lesson"))
        uow.lessons.remove(lesson)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "lesson.withdrawn",
            "lesson",
            str(lesson_id),
            ctx.source_address,
        )
        uow.commit()


def hide_lesson(ctx: Context, lesson_id: int, reason: str) -> LessonView:
    """Hide a lesson from everyone but its author (its program's admins), saying why; audited."""
    with ctx.uow() as uow:
        lesson = uow.lessons.get(lesson_id)
        if lesson is None:
            raise NotFound(N_("no lesson has this id"))
        program_id = lesson.program_id
    ctx.require_program_admin(
        program_id, N_("only an administrator of this program may hide its lessons")
    )
    checked = check_hide_reason(reason)
    with ctx.uow() as uow:
        lesson = uow.lessons.fresh(lesson_id)
        if lesson is None:
            raise NotFound(N_("no lesson has this id"))
        if lesson.status == HIDDEN:
            raise Conflict(N_("this lesson is already hidden"))
        lesson.status, lesson.hidden_at = HIDDEN, ctx.now
        lesson.hidden_by_user_id, lesson.hidden_reason = ctx.actor_user_id, checked
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "lesson.hidden",
            "lesson",
            str(lesson_id),
            ctx.source_address,
            detail={"program_id": program_id, "reason": checked},
        )
        (view,) = _views(uow, ctx, [(lesson, _name(uow, lesson.author_person_id))])
        uow.commit()
        return view


def _follower(ctx: Context) -> int:
    if ctx.actor.person_id is None:
        raise PermissionDenied(N_("only a person of the organisation follows mentors"))
    return ctx.actor.person_id


def follow_mentor(ctx: Context, mentor_person_id: int) -> MentorView:
    """Follow a mentor with published lessons: their new lessons appear on your Home."""
    follower = _follower(ctx)
    with ctx.uow() as uow:
        if mentor_person_id == follower:
            raise InvalidInput([Problem(N_("you cannot follow yourself"), "mentor_id")])
        _mentor(uow, ctx, mentor_person_id)
        try:
            with uow.racing(N_("you already follow this mentor")):
                uow.lessons.follow(follower, mentor_person_id, ctx.now)
                uow.commit()
        except RaceLost:
            pass  # the same follow, made a moment earlier by another request: following

    with ctx.uow() as uow:
        return _mentor(uow, ctx, mentor_person_id)


def unfollow_mentor(ctx: Context, mentor_person_id: int) -> None:
    """Stop following a mentor (nothing happens if you did not follow them)."""
    follower = _follower(ctx)
    with ctx.uow() as uow:
        uow.lessons.unfollow(follower, mentor_person_id)
        uow.commit()


def followed_mentors(ctx: Context) -> list[MentorView]:
    """Return the mentors the actor follows, by name."""
    if ctx.actor.person_id is None:
        return []
    with ctx.uow() as uow:
        return [
            MentorView(person_id, name, True, uow.lessons.followers(person_id))
            for person_id, name in uow.lessons.followed(ctx.actor.person_id)
        ]


def followed_lessons_in(
    uow: UnitOfWork, ctx: Context, limit: int = ON_HOME
) -> tuple[LessonView, ...]:
    """Return the newest lessons of the mentors the actor follows (for their Home's unit of
    work, which reads the whole page in one transaction)."""
    if ctx.actor.person_id is None:
        return ()
    return _views(uow, ctx, uow.lessons.from_followed(ctx.actor.person_id, limit))


def suggested_lessons(
    ctx: Context, engagement_id: int, limit: int = SUGGESTED
) -> tuple[LessonView, ...]:
    """Return published lessons on the pair's session themes, most shared themes first.

    For the pair only; their own lessons are left out, and nothing of theirs is read but the
    keys of the themes their sessions were tagged with.
    """
    with ctx.uow() as uow:
        access_member_engagement(uow, ctx, engagement_id)
        return suggested_lessons_in(uow, ctx, engagement_id, limit)


def suggested_lessons_in(
    uow: UnitOfWork,
    ctx: Context,
    engagement_id: int,
    limit: int = SUGGESTED,
    theme_keys: Sequence[str] | None = None,
    member_ids: Sequence[int] | None = None,
) -> tuple[LessonView, ...]:
    """Return the lessons suggested to a pair, in a unit of work that checked access (which
    may pass the themes of the pair's sessions and its members it read already)."""
    keys = uow.lessons.engagement_theme_keys(engagement_id) if theme_keys is None else theme_keys
    if not keys:
        return ()
    members = (
        [m[1] for m in uow.engagements.members_of([engagement_id])]
        if member_ids is None
        else member_ids
    )
    ranked = by_theme_overlap(keys, uow.lessons.published_on_themes(keys, members), limit)
    rows = {r[0].id: (r[0], r[1]) for r in uow.lessons.listing(None, lesson_ids=ranked)}
    return _views(uow, ctx, [rows[i] for i in ranked if i in rows])
