"""Sessions: schedule with an invite, hold with GROW notes, actions and themes, cancel."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, NoReturn, Protocol

from growpath.adapters.crypto import Sealed
from growpath.adapters.invites import session_invite
from growpath.adapters.orm import SessionRow
from growpath.adapters.repositories.sessions import AgreedAction
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.engagements import check_schedulable
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem, RaceLost
from growpath.domain.sessions import (
    CANCELLED,
    HELD,
    NO_SHOW,
    PRIVATE,
    SHARED,
    GrowNotes,
    check_reschedule,
    check_schedule,
    check_session_move,
    grow_notes,
    held_time,
    session_location,
)
from growpath.domain.text import paragraphs
from growpath.i18n import N_
from growpath.services.access import (
    access_member_engagement,
    access_session,
    access_session_to_change,
    access_session_to_hold,
    check_writable,
    engagement_role,
)
from growpath.services.audit import record_read
from growpath.services.context import Context
from growpath.services.mail_language import mail_translator
from growpath.services.meeting_links import engagement_meeting_url
from growpath.services.reflection import prompt_after_hold
from growpath.services.sealing import open_text
from growpath.services.session_invites import queue_invites, session_event
from growpath.services.training import check_ready_for_first_session


@dataclass(frozen=True)
class ActionView:
    """An action agreed in a session."""

    id: int
    description: str
    owner_person_id: int
    due_on: date | None
    done: bool


@dataclass(frozen=True)
class SessionView:
    """A session without its notes (notes are read separately, by those allowed)."""

    id: int
    engagement_id: int
    scheduled_at: datetime
    duration_minutes: int
    location: str
    status: str
    themes: tuple[str, ...]
    actions: tuple[ActionView, ...]


def schedule(
    ctx: Context,
    engagement_id: int,
    scheduled_at: datetime,
    duration_minutes: int = 60,
    location: str = "",
) -> SessionView:
    """Schedule a session of a running engagement (its members)."""
    with ctx.uow() as uow:
        row = schedule_in(uow, ctx, engagement_id, scheduled_at, duration_minutes, location)
        uow.commit()
        return _view(uow, row)


def schedule_in(
    uow: UnitOfWork,
    ctx: Context,
    engagement_id: int,
    scheduled_at: datetime,
    duration_minutes: int = 60,
    location: str = "",
) -> SessionRow:
    """Schedule a session inside the caller's transaction: checks, invites by mail, audit."""
    check_schedule(scheduled_at, duration_minutes, ctx.now)
    location = session_location(location)
    engagement, _ = access_member_engagement(uow, ctx, engagement_id)
    check_writable(uow, engagement_id)
    check_schedulable(engagement_id, engagement.status)
    check_ready_for_first_session(uow, engagement)
    row = SessionRow(
        engagement_id=engagement_id,
        ical_uid=f"{uuid.uuid4()}@growpath",
        scheduled_at=scheduled_at,
        duration_minutes=duration_minutes,
        location=location,
        status="scheduled",
        sequence=0,
        created_at=ctx.now,
    )
    uow.sessions.add(row)
    queue_invites(uow, ctx.app.settings, ctx.now, row, "scheduled")
    uow.audit.record(
        ctx.now,
        ctx.actor_user_id,
        "session.schedule",
        "session",
        str(row.id),
        ctx.source_address,
    )
    return row


def invite(ctx: Context, session_id: int) -> bytes:
    """Return the session's .ics invite for calendar programs."""
    with ctx.uow() as uow:
        row = access_session(uow, ctx, session_id)
        engagement = uow.engagements.get(row.engagement_id)
        meeting = engagement_meeting_url(uow, ctx.app.settings, engagement) if engagement else ""
        _ = mail_translator(uow, ctx.app.settings, ctx.actor.email)
        event = session_event(row, uow.sessions.members([row.engagement_id]), meeting, _)
        record_read(uow, ctx, "invite.read", "session", row.id)
        uow.commit()
        return session_invite(event, ctx.now)


def hold(
    ctx: Context,
    session_id: int,
    *,
    shared_notes: Mapping[str, Any] | None = None,
    private_notes: Mapping[str, Any] | None = None,
    actions: Sequence[Mapping[str, Any]] = (),
    themes: Sequence[str] = (),
) -> SessionView:
    """Log a held session: GROW notes (shared and private), actions and development themes."""
    shared = grow_notes(shared_notes, "shared_notes")
    private = grow_notes(private_notes, "private_notes")
    with ctx.uow() as uow:
        # Read as columns and changed by one UPDATE: no ORM row to load and flush.
        session = access_session_to_hold(uow, ctx, session_id)
        check_session_move(session.status, HELD)
        # Read once for the actions' owners and for the reflection prompts below.
        members = uow.sessions.members([session.engagement_id])
        theme_ids = _theme_ids(uow, themes)
        new_actions = _actions(actions, {m.person_id for m in members}, ctx.today)
        if not uow.sessions.mark_held(session, held_time(session.scheduled_at, ctx.now)):
            # The other member logged or called it off since it was read: say what it is now.
            _refuse_held_since(uow, ctx, session_id)
        sealed = [
            (visibility, _sealed_note(ctx, session.id, visibility, notes))
            for visibility, notes in ((SHARED, shared), (PRIVATE, private))
            if not notes.is_empty()
        ]
        uow.sessions.add_notes(session.id, _author(ctx, session_id), ctx.now, sealed)
        uow.sessions.add_themes(session.id, theme_ids)
        action_ids = uow.sessions.add_actions(
            session.engagement_id, session.id, ctx.now, new_actions
        )
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "session.hold",
            "session",
            str(session.id),
            ctx.source_address,
        )
        prompt_after_hold(uow, ctx, session, members)
        uow.commit()
        # Only a scheduled session is held, and themes and actions come to a session only
        # here: what this wrote is all the session has, so nothing needs reading back.
        agreed = [
            ActionView(action_id, action.description, action.owner_person_id, action.due_on, False)
            for action_id, action in zip(action_ids, new_actions, strict=True)
        ]
        return _session_view(session._replace(status=HELD), sorted(set(themes)), agreed)


def reschedule(
    ctx: Context,
    session_id: int,
    scheduled_at: datetime,
    duration_minutes: int | None = None,
    location: str | None = None,
) -> SessionView:
    """Move a session still to come to another time, length or place; its people get the
    updated invite (same UID, sequence + 1). A location of None keeps the place."""
    with ctx.uow() as uow:
        row = access_session_to_change(uow, ctx, session_id)
        check_reschedule(row.status)
        minutes = duration_minutes or row.duration_minutes
        check_schedule(scheduled_at, minutes, ctx.now)
        place = row.location if location is None else session_location(location)
        engagement, _ = access_member_engagement(uow, ctx, row.engagement_id)
        check_schedulable(engagement.id, engagement.status)
        row.scheduled_at, row.duration_minutes, row.location = scheduled_at, minutes, place
        # Calendar programs replace an invite whose SEQUENCE went up.
        row.sequence += 1
        queue_invites(uow, ctx.app.settings, ctx.now, row, "moved")
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "session.reschedule",
            "session",
            str(row.id),
            ctx.source_address,
        )
        uow.commit()
        return _view(uow, row)


def cancel(ctx: Context, session_id: int, no_show: bool = False) -> SessionView:
    """Cancel a scheduled session, or record that someone did not show up."""
    with ctx.uow() as uow:
        row = access_session_to_change(uow, ctx, session_id)
        status = NO_SHOW if no_show else CANCELLED
        check_session_move(row.status, status)
        row.status = status
        if status == CANCELLED:
            # The cancellation replaces the event in calendars; a no-show changes nothing there.
            row.sequence += 1
            queue_invites(uow, ctx.app.settings, ctx.now, row, "cancelled")
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            f"session.{status}",
            "session",
            str(row.id),
            ctx.source_address,
        )
        uow.commit()
        return _view(uow, row)


def complete_action(ctx: Context, action_id: int) -> ActionView:
    """Mark an action done (a member of its engagement)."""
    with ctx.uow() as uow:
        action = uow.sessions.action(action_id)
        if action is None:
            raise NotFound(N_("no action with id %(id)s"), id=action_id)
        engagement_role(uow, ctx, action.engagement_id)
        check_writable(uow, action.engagement_id)
        if action.done_at is not None:
            raise Conflict(N_("action %(id)s is already done"), id=action_id)
        action.done_at = ctx.now
        uow.commit()
        return _action_view(action)


def list_sessions(ctx: Context, engagement_id: int) -> Sequence[SessionView]:
    """Return an engagement's sessions, each with its themes and actions (members)."""
    with ctx.uow() as uow:
        engagement_role(uow, ctx, engagement_id)
        views = read_sessions(uow, ctx, engagement_id)
        uow.commit()
        return views


def read_sessions(uow: UnitOfWork, ctx: Context, engagement_id: int) -> list[SessionView]:
    """Return an engagement's sessions and record the read; the caller checked membership."""
    record_read(uow, ctx, "sessions.read", "engagement", engagement_id)
    return _views(uow, uow.sessions.of_engagement(engagement_id))


@dataclass(frozen=True)
class SessionHistory:
    """An engagement's sessions with the actions still open, read together for its page."""

    sessions: list[SessionView]
    open_actions: list[ActionView]  # soonest due first, undated last
    last_held_themes: list[str]  # of the session held most recently

    @property
    def theme_keys(self) -> list[str]:
        """Return the keys of every theme tagged on the sessions, each once."""
        return sorted({key for session in self.sessions for key in session.themes})


def read_history(uow: UnitOfWork, ctx: Context, engagement_id: int) -> SessionHistory:
    """Return an engagement's sessions and open actions and record both reads; the caller
    checked membership."""
    record_read(uow, ctx, "sessions.read", "engagement", engagement_id)
    record_read(uow, ctx, "actions.read", "engagement", engagement_id)
    rows = uow.sessions.of_engagement(engagement_id)
    # One read of the engagement's actions serves the sessions' lists and the open ones.
    actions = uow.sessions.actions_of_engagement(engagement_id)
    views = _views(uow, rows, actions)
    still_open = sorted(
        (a for a in actions if a.done_at is None),
        key=lambda a: (a.due_on is None, a.due_on or date.min, a.id),
    )
    held = [row for row in rows if row.status == HELD and row.held_at is not None]
    last = max(held, key=lambda row: row.held_at or row.scheduled_at, default=None)
    return SessionHistory(
        sessions=views,
        open_actions=[_action_view(a) for a in still_open],
        last_held_themes=next((list(v.themes) for v in views if last and v.id == last.id), []),
    )


def get_session(ctx: Context, session_id: int) -> SessionView:
    """Return one session with its themes and actions, never its notes (members)."""
    with ctx.uow() as uow:
        view = _view(uow, access_session(uow, ctx, session_id))
        record_read(uow, ctx, "sessions.read", "session", session_id)
        uow.commit()
        return view


def open_actions(ctx: Context, engagement_id: int) -> Sequence[ActionView]:
    """Return the actions not yet done, for the next session to revisit."""
    with ctx.uow() as uow:
        engagement_role(uow, ctx, engagement_id)
        actions = read_open_actions(uow, ctx, engagement_id)
        uow.commit()
        return actions


def read_open_actions(uow: UnitOfWork, ctx: Context, engagement_id: int) -> list[ActionView]:
    """Return the actions not yet done and record the read; the caller checked membership."""
    record_read(uow, ctx, "actions.read", "engagement", engagement_id)
    return [_action_view(a) for a in uow.sessions.open_actions(engagement_id)]


def read_notes(ctx: Context, session_id: int) -> dict[str, Any]:
    """Return the session's shared notes, and the actor's own private notes."""
    with ctx.uow() as uow:
        row = access_session(uow, ctx, session_id)
        notes = uow.sessions.notes_with_keys(row.id)
        result: dict[str, Any] = {SHARED: [], PRIVATE: []}
        for note, key in notes:
            if note.visibility == PRIVATE and note.author_person_id != ctx.actor.person_id:
                continue
            if key.wrapped_key is None:
                continue  # crypto-shredded
            text = open_text(
                ctx,
                Sealed(key.kek_id, key.wrapped_key, note.nonce, note.ciphertext),
                f"note:{row.id}:{note.visibility}",
            )
            result[note.visibility].append(
                {"author_person_id": note.author_person_id, **json.loads(text)}
            )
        record_read(uow, ctx, "notes.read", "session", row.id)
        uow.commit()
        return result


def _refuse_held_since(uow: UnitOfWork, ctx: Context, session_id: int) -> NoReturn:
    # Read again: this transaction now sees what the other one committed.
    now = access_session_to_hold(uow, ctx, session_id)
    check_session_move(now.status, HELD)
    raise RaceLost(N_("That clashes with a change made meanwhile"))


def _author(ctx: Context, session_id: int) -> int:
    # Only a member may log a session (access_session_to_hold), and a member is a person.
    if ctx.actor.person_id is None:
        raise NotFound(N_("no session with id %(id)s"), id=session_id)
    return ctx.actor.person_id


def _sealed_note(ctx: Context, session_id: int, visibility: str, notes: GrowNotes) -> Sealed:
    return ctx.app.cipher.seal(json.dumps(asdict(notes)), f"note:{session_id}:{visibility}")


def _theme_ids(uow: UnitOfWork, themes: Sequence[str]) -> list[int]:
    known = uow.sessions.theme_ids()
    unknown = [t for t in themes if t not in known]
    if unknown:
        raise InvalidInput(
            [
                Problem.of(
                    N_("'%(theme)s' is not a development theme; known themes: %(known)s"),
                    "themes",
                    theme=t,
                    known=", ".join(sorted(known)),
                )
                for t in unknown
            ]
        )
    return [known[t] for t in dict.fromkeys(themes)]


def _actions(
    actions: Sequence[Mapping[str, Any]], members: set[int], today: date
) -> list[AgreedAction]:
    problems, result = [], []
    for index, action in enumerate(actions):
        description = str(action.get("description") or "").strip()
        owner = action.get("owner_person_id")
        due_on = action.get("due_on")
        if not description:
            problems.append(Problem(N_("is missing"), f"actions[{index}].description"))
        paragraphs(description, f"actions[{index}].description", problems)
        if owner not in members:
            problems.append(
                Problem(
                    N_("must be a member of the engagement"), f"actions[{index}].owner_person_id"
                )
            )
        if due_on is not None and (not isinstance(due_on, date) or due_on < today):
            problems.append(Problem(N_("must be today or later"), f"actions[{index}].due_on"))
        result.append(AgreedAction(description, int(owner or 0), due_on))
    if problems:
        raise InvalidInput(problems)
    return result


class _SessionFields(Protocol):
    """What a session's view is made of: a stored session or a line of a list."""

    @property
    def id(self) -> int: ...
    @property
    def engagement_id(self) -> int: ...
    @property
    def scheduled_at(self) -> datetime: ...
    @property
    def duration_minutes(self) -> int: ...
    @property
    def location(self) -> str: ...
    @property
    def status(self) -> str: ...


class _ActionFields(Protocol):
    """What an action's view is made of: a stored action or a line of a list."""

    @property
    def id(self) -> int: ...
    @property
    def session_id(self) -> int | None: ...
    @property
    def description(self) -> str: ...
    @property
    def owner_person_id(self) -> int: ...
    @property
    def due_on(self) -> date | None: ...
    @property
    def done_at(self) -> datetime | None: ...


def _action_view(action: _ActionFields) -> ActionView:
    return ActionView(
        id=action.id,
        description=action.description,
        owner_person_id=action.owner_person_id,
        due_on=action.due_on,
        done=action.done_at is not None,
    )


def _view(uow: UnitOfWork, row: SessionRow) -> SessionView:
    (view,) = _views(uow, [row])
    return view


def _views(
    uow: UnitOfWork,
    rows: Sequence[_SessionFields],
    actions: Sequence[_ActionFields] | None = None,
) -> list[SessionView]:
    # Themes and actions of all the sessions in two queries, however long the history (or
    # one, when the caller read the engagement's actions already).
    ids = [row.id for row in rows]
    themes: dict[int, list[str]] = {session_id: [] for session_id in ids}
    for session_id, key in uow.sessions.themes_of(ids):
        themes[session_id].append(key)
    by_session: dict[int, list[ActionView]] = {session_id: [] for session_id in ids}
    for action in uow.sessions.actions_of(ids) if actions is None else actions:
        if action.session_id in by_session:
            by_session[action.session_id].append(_action_view(action))
    return [_session_view(row, themes[row.id], by_session[row.id]) for row in rows]


def _session_view(
    row: _SessionFields, themes: Sequence[str], actions: Sequence[ActionView]
) -> SessionView:
    return SessionView(
        id=row.id,
        engagement_id=row.engagement_id,
        scheduled_at=row.scheduled_at,
        duration_minutes=row.duration_minutes,
        location=row.location,
        status=row.status,
        themes=tuple(themes),
        actions=tuple(actions),
    )
