"""Reflection between sessions: a prompt after each held session, a private journal whose
entries the author may share with their guide, and the view that prepares the next session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from growpath.adapters.crypto import Sealed
from growpath.adapters.orm import (
    DataKeyRow,
    JournalEntryRow,
    ReflectionPromptRow,
    SessionRow,
)
from growpath.adapters.repositories.sessions import SessionMember
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.engagements import GUIDE, PARTICIPANT
from growpath.domain.errors import InvalidInput, NotFound, Problem
from growpath.domain.goals import GoalStatus
from growpath.domain.reflection import (
    Commitment,
    journal_text,
    preparation_questions,
    reflection_questions,
)
from growpath.i18n import N_, Translator
from growpath.services.access import access_member_engagement, check_writable
from growpath.services.audit import record_read
from growpath.services.context import Context
from growpath.services.goals import GoalFields
from growpath.services.mail_language import chosen_or_default
from growpath.services.nudges import queue_nudge
from growpath.services.sealing import open_text, seal_text

PROMPT_KIND = "reflection"


@dataclass(frozen=True)
class PromptView:
    """A held session's invitation to reflect, with the questions drawn from it."""

    id: int
    session_id: int
    engagement_id: int
    program_name: str
    held_at: datetime | None
    questions: tuple[str, ...]


@dataclass(frozen=True)
class PromptLink:
    """An unanswered prompt as Home lists it: which session, never the questions."""

    id: int
    engagement_id: int
    program_name: str
    held_at: datetime | None


@dataclass(frozen=True)
class EntryView:
    """A journal entry as its reader may see it."""

    id: int
    engagement_id: int
    author_person_id: int
    prompt_id: int | None
    text: str
    shared: bool
    shared_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class PreparedAction:
    """An action to revisit next session, and where it stands."""

    id: int
    description: str
    owner_name: str
    due_on: date | None
    done: bool
    overdue: bool


@dataclass(frozen=True)
class PreparedGoal:
    """An open goal with its latest KPI reading."""

    id: int
    title: str
    measure: str
    baseline_value: float | None
    target_value: float | None
    due_on: date | None
    latest_value: float | None
    latest_on: date | None


@dataclass(frozen=True)
class Preparation:
    """What both people of a pair look at before their next session."""

    engagement_id: int
    program_name: str
    kind: str
    role: str
    others: str
    last_held_at: datetime | None
    actions: tuple[PreparedAction, ...]
    goals: tuple[PreparedGoal, ...]
    reflections: tuple[EntryView, ...]
    questions: tuple[str, ...]


class HeldSession(Protocol):
    """The session a reflection prompt follows: a stored session or a line read of one."""

    @property
    def id(self) -> int: ...
    @property
    def engagement_id(self) -> int: ...


def prompt_after_hold(
    uow: UnitOfWork,
    ctx: Context,
    session: HeldSession,
    members: Sequence[SessionMember] | None = None,
) -> int:
    """Prompt each participant of a just-held session to reflect, on Home and by e-mail, once
    per person and session; return how many were prompted (inside the caller's transaction,
    which may pass the engagement's members it read already)."""
    if members is None:
        members = uow.sessions.members([session.engagement_id])
    guides = [m.name for m in members if m.role == GUIDE]
    prompted = 0
    for member in members:
        if member.role != PARTICIPANT:
            continue
        row = ReflectionPromptRow(
            session_id=session.id, person_id=member.person_id, created_at=ctx.now
        )
        prompt_id = uow.reflection.add_prompt_once(row)
        if prompt_id is None:
            continue
        prompted += 1
        _ = Translator(chosen_or_default(member.locale, ctx.app.settings))
        names = _(" and ").join(guides)
        # The mail names no goal, action or theme: the outbox is an asset (threat model, item 7),
        # so the questions themselves wait behind the login, on Home and the journal page.
        logged = (
            _(
                "Your session with %(guides)s is logged. A short reflection question about it "
                "is waiting for you on growpath. Your answer goes into your private journal: "
                "only you read it, unless you choose to share an entry with %(guides)s.",
                guides=names,
            )
            if guides
            else _(
                "Your session is logged. A short reflection question about it is waiting for "
                "you on growpath. Your answer goes into your private journal: only you read it, "
                "unless you choose to share an entry with your guide."
            )
        )
        queue_nudge(
            uow,
            dedupe_key=f"reflection:{session.id}:{member.person_id}",
            kind=PROMPT_KIND,
            recipient_email=member.email,
            subject=_("A question to reflect on after your session"),
            body=(
                logged
                + "\n\n"
                + _(
                    "Reflect now: %(link)s",
                    link=ctx.app.settings.page_url(f"/journal?prompt={prompt_id}"),
                )
                + "\n"
            ),
            due_at=ctx.now,
            now=ctx.now,
            recipient_opted_out=member.reminder_opt_out,
        )
    return prompted


def my_prompts(ctx: Context) -> list[PromptView]:
    """Return the actor's unanswered reflection prompts, latest first, with their questions."""
    person_id = ctx.actor.person_id
    if person_id is None:
        return []
    with ctx.uow() as uow:
        views = _prompt_views(uow, person_id, Translator(ctx.locale))
        record_read(uow, ctx, "reflection_prompts.read", "person", person_id)
        uow.commit()
        return views


def waiting_prompts_in(uow: UnitOfWork, person_id: int | None) -> list[PromptLink]:
    """Return the person's unanswered prompts for Home: where and when, not the questions."""
    if person_id is None:
        return []
    return [PromptLink(*row) for row in uow.reflection.waiting_links(person_id)]


def write_entry(
    ctx: Context,
    engagement_id: int,
    text: str,
    *,
    prompt_id: int | None = None,
    shared: bool = False,
) -> EntryView:
    """Add an entry to the actor's journal for an engagement they take part in, sealed at rest;
    shared with the pair's guide only if asked. Answering a prompt marks it answered."""
    body = journal_text(text)
    with ctx.uow() as uow:
        _, role = access_member_engagement(uow, ctx, engagement_id)
        if role != PARTICIPANT:
            # A member, so no refusal of access: the engagement is simply not one to journal on.
            raise InvalidInput(
                [
                    Problem(
                        N_(
                            "you guide this engagement; the journal is the participant's "
                            "(keep your own thoughts in a session's private notes)"
                        ),
                        "engagement_id",
                    )
                ]
            )
        check_writable(uow, engagement_id)
        author = _person_id(ctx)
        if prompt_id is not None:
            _answer_prompt(uow, ctx, prompt_id, engagement_id)
        key_id, sealed = seal_text(uow, ctx, body, _context(engagement_id, author), author)
        row = JournalEntryRow(
            engagement_id=engagement_id,
            author_person_id=author,
            prompt_id=prompt_id,
            data_key_id=key_id,
            nonce=sealed.nonce,
            ciphertext=sealed.ciphertext,
            shared_at=ctx.now if shared else None,
            created_at=ctx.now,
        )
        uow.reflection.add(row)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "journal.write",
            "journal_entry",
            str(row.id),
            ctx.source_address,
            detail={"shared": shared},
        )
        uow.commit()
        return EntryView(
            id=row.id,
            engagement_id=engagement_id,
            author_person_id=author,
            prompt_id=prompt_id,
            text=body,
            shared=shared,
            shared_at=row.shared_at,
            created_at=row.created_at,
        )


def my_journal(ctx: Context) -> list[EntryView]:
    """Return every entry of the actor's own journal, newest first."""
    person_id = ctx.actor.person_id
    if person_id is None:
        return []
    with ctx.uow() as uow:
        entries = _opened(uow, ctx, uow.reflection.entries_with_keys(author_person_id=person_id))
        record_read(uow, ctx, "journal.read", "person", person_id)
        uow.commit()
        return entries


def share_entry(ctx: Context, entry_id: int, shared: bool) -> EntryView:
    """Share one of the actor's journal entries with their guide, or stop sharing it."""
    with ctx.uow() as uow:
        row = uow.reflection.get(entry_id)
        if row is None or row.author_person_id != ctx.actor.person_id:
            # Nobody but the author learns whether an entry exists.
            raise NotFound(N_("no journal entry with id %(id)s"), id=entry_id)
        if shared != (row.shared_at is not None):
            row.shared_at = ctx.now if shared else None
            uow.audit.record(
                ctx.now,
                ctx.actor_user_id,
                "journal.share" if shared else "journal.unshare",
                "journal_entry",
                str(row.id),
                ctx.source_address,
            )
        key = uow.reflection.data_key(row.data_key_id)
        (view,) = _opened(uow, ctx, [(row, key)] if key else [])
        uow.commit()
        return view


def prepare(ctx: Context, engagement_id: int) -> Preparation:
    """Return what prepares the pair's next session: the last actions and their state, open
    goals with their latest KPI reading, the reflections this member may read, and questions."""
    with ctx.uow() as uow:
        engagement, role = access_member_engagement(uow, ctx, engagement_id)
        members = uow.sessions.members([engagement_id])
        names = {m.person_id: m.name for m in members}
        program = uow.engagements.program(engagement.program_id)
        last = uow.reflection.last_held(engagement_id)
        actions = _actions_to_revisit(uow, ctx, engagement_id, last, names)
        # The goals with their readings in one query, not one more per open goal.
        goals = tuple(
            _prepared_goal(goal, readings)
            for goal, readings in uow.goals.with_readings(engagement_id)
            if goal.status == GoalStatus.OPEN
        )
        if role == PARTICIPANT:
            sealed = uow.reflection.entries_with_keys(
                author_person_id=ctx.actor.person_id, engagement_ids=[engagement_id]
            )
        else:
            participants = [m.person_id for m in members if m.role == PARTICIPANT]
            sealed = [
                (entry, key)
                for entry, key in uow.reflection.entries_with_keys(
                    engagement_ids=[engagement_id], shared_only=True
                )
                if entry.author_person_id in participants
            ]
        reflections = tuple(_opened(uow, ctx, sealed))
        record_read(uow, ctx, "prepare.read", "engagement", engagement_id)
        uow.commit()
        return Preparation(
            engagement_id=engagement_id,
            program_name=program.name if program else "",
            kind=engagement.kind,
            role=role,
            others=" and ".join(m.name for m in members if m.person_id != ctx.actor.person_id),
            last_held_at=last.held_at if last else None,
            actions=actions,
            goals=goals,
            reflections=reflections,
            questions=preparation_questions(
                engagement.kind,
                [a.description for a in actions if not a.done],
                Translator(ctx.locale),
            ),
        )


def _person_id(ctx: Context) -> int:
    person_id = ctx.actor.person_id
    if person_id is None:
        raise NotFound(N_("this account has no person, so no journal"))
    return person_id


def _context(engagement_id: int, author_person_id: int) -> str:
    # Bound in as associated data: an entry's ciphertext moved to another pair does not open.
    return f"journal:{engagement_id}:{author_person_id}"


def _answer_prompt(uow: UnitOfWork, ctx: Context, prompt_id: int, engagement_id: int) -> None:
    prompt = uow.reflection.prompt(prompt_id)
    session = uow.sessions.get(prompt.session_id) if prompt else None
    if prompt is None or session is None or prompt.person_id != ctx.actor.person_id:
        raise InvalidInput(
            [Problem.of(N_("no reflection prompt %(id)s of yours"), "prompt_id", id=prompt_id)]
        )
    if session.engagement_id != engagement_id:
        raise InvalidInput(
            [
                Problem.of(
                    N_("reflection prompt %(id)s belongs to another engagement"),
                    "prompt_id",
                    id=prompt_id,
                )
            ]
        )
    if prompt.answered_at is None:
        prompt.answered_at = ctx.now


def _prompt_views(uow: UnitOfWork, person_id: int, say: Translator) -> list[PromptView]:
    # The sessions' actions and themes in one query each, however many prompts wait.
    waiting = uow.reflection.open_prompts(person_id)
    session_ids = [session.id for _, session, _, _ in waiting]
    commitments: dict[int, list[Commitment]] = {session_id: [] for session_id in session_ids}
    for action in uow.sessions.actions_of(session_ids):
        if action.owner_person_id == person_id and action.done_at is None:
            commitments[action.session_id or 0].append(
                Commitment(action.description, action.due_on)
            )
    themes: dict[int, list[str]] = {session_id: [] for session_id in session_ids}
    for session_id, name in uow.reflection.theme_names(session_ids):
        themes[session_id].append(name)
    goal_titles = {
        engagement.id: [
            goal.title
            for goal in uow.goals.of_engagement(engagement.id)
            if goal.status == GoalStatus.OPEN
        ]
        for _, _, engagement, _ in waiting
    }
    return [
        PromptView(
            id=prompt.id,
            session_id=session.id,
            engagement_id=session.engagement_id,
            program_name=program_name,
            held_at=session.held_at,
            questions=reflection_questions(
                commitments[session.id], themes[session.id], goal_titles[engagement.id], say
            ),
        )
        for prompt, session, engagement, program_name in waiting
    ]


def _actions_to_revisit(
    uow: UnitOfWork,
    ctx: Context,
    engagement_id: int,
    last: SessionRow | None,
    names: dict[int, str],
) -> tuple[PreparedAction, ...]:
    # The last session's actions, done or not, and whatever is still open from before it.
    agreed = list(uow.sessions.actions_of([last.id])) if last else []
    seen = {action.id for action in agreed}
    earlier = [a for a in uow.sessions.open_actions(engagement_id) if a.id not in seen]
    today = ctx.today
    return tuple(
        PreparedAction(
            id=action.id,
            description=action.description,
            owner_name=names.get(action.owner_person_id, ""),
            due_on=action.due_on,
            done=action.done_at is not None,
            overdue=action.done_at is None and action.due_on is not None and action.due_on < today,
        )
        for action in [*agreed, *earlier]
    )


def _prepared_goal(goal: GoalFields, readings: Sequence[tuple[date, float]]) -> PreparedGoal:
    latest_on, latest_value = readings[-1] if readings else (None, None)
    return PreparedGoal(
        id=goal.id,
        title=goal.title,
        measure=goal.measure,
        baseline_value=goal.baseline_value,
        target_value=goal.target_value,
        due_on=goal.due_on,
        latest_value=latest_value,
        latest_on=latest_on,
    )


def _opened(
    uow: UnitOfWork, ctx: Context, sealed: list[tuple[JournalEntryRow, DataKeyRow]]
) -> list[EntryView]:
    views = []
    for entry, key in sealed:
        if key.wrapped_key is None:
            continue  # crypto-shredded with its author's erasure
        text = open_text(
            ctx,
            Sealed(key.kek_id, key.wrapped_key, entry.nonce, entry.ciphertext),
            _context(entry.engagement_id, entry.author_person_id),
        )
        views.append(
            EntryView(
                id=entry.id,
                engagement_id=entry.engagement_id,
                author_person_id=entry.author_person_id,
                prompt_id=entry.prompt_id,
                text=text,
                shared=entry.shared_at is not None,
                shared_at=entry.shared_at,
                created_at=entry.created_at,
            )
        )
    return views
