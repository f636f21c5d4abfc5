"""Sessions of engagements, with their notes, actions and themes: finding and storing them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple, cast

from sqlalchemy import Insert, Select, Table, Update, bindparam, insert, select, update
from sqlalchemy.sql.dml import ReturningInsert

from growpath.adapters import report_facts
from growpath.adapters.crypto import Sealed
from growpath.adapters.orm import (
    ActionItemRow,
    DataKeyRow,
    DevelopmentThemeRow,
    EngagementMemberRow,
    EngagementRow,
    NoteRow,
    PersonRow,
    SessionRow,
    SessionThemeRow,
    UserRow,
)
from growpath.adapters.repositories import column_reads
from growpath.adapters.repositories.base import Repository, column_rows, columns_named
from growpath.adapters.repositories.engagements import member_role
from growpath.domain.sessions import HELD, SCHEDULED


class SessionMember(NamedTuple):
    """A member of an engagement as a session's invite and e-mails need them."""

    engagement_id: int
    person_id: int
    name: str
    email: str
    role: str
    time_zone: str
    # The language their account chose for mail, if any (read with them, no query of its own).
    locale: str | None = None
    # Whether they turned reminders off, so mail to them needs no lookup of its own.
    reminder_opt_out: bool = False


class SessionLine(NamedTuple):
    """A session as lists show it: no invite data, no notes."""

    id: int
    engagement_id: int
    scheduled_at: datetime
    duration_minutes: int
    location: str
    status: str
    held_at: datetime | None


class ActionLine(NamedTuple):
    """An action as lists show it."""

    id: int
    session_id: int | None
    description: str
    owner_person_id: int
    due_on: date | None
    done_at: datetime | None


class AgreedAction(NamedTuple):
    """An action agreed in a session, as logging it stores it."""

    description: str
    owner_person_id: int
    due_on: date | None


class SessionToHold(NamedTuple):
    """A session as logging it reads it (columns), with what the change checks first, as
    SessionToChange has them."""

    session: SessionLine
    role: str | None
    engagement_status: str
    engagement_ended_at: datetime | None


class SessionToChange(NamedTuple):
    """A session with what a change to it checks first, read in one statement: the viewer's
    role in its engagement (None: no member) and whether that engagement is still open."""

    row: SessionRow
    role: str | None
    engagement_status: str
    engagement_ended_at: datetime | None


# Built once, on first use, with bound parameters: the engagement page and logging a session
# run them on every call, and building one anew (clauses, joins, its cache key) cost about as
# much CPU as running it. Lists read columns, not whole rows: loading rows into the session
# cost a third more.
@cache
def _of_engagement() -> Select[int, int, datetime, int, str, str, datetime | None]:
    return (
        select(
            SessionRow.id,
            SessionRow.engagement_id,
            SessionRow.scheduled_at,
            SessionRow.duration_minutes,
            SessionRow.location,
            SessionRow.status,
            SessionRow.held_at,
        )
        .where(SessionRow.engagement_id == bindparam("engagement_id"))
        .order_by(SessionRow.scheduled_at)
    )


@cache
def _members() -> Select[int, int, str, str, str, str, str | None, bool]:
    return (
        select(
            EngagementMemberRow.engagement_id,
            PersonRow.id,
            PersonRow.name,
            PersonRow.email,
            EngagementMemberRow.role,
            PersonRow.timezone,
            UserRow.locale,
            PersonRow.reminder_opt_out,
        )
        .join(EngagementMemberRow, EngagementMemberRow.person_id == PersonRow.id)
        .outerjoin(UserRow, UserRow.person_id == PersonRow.id)
        .where(EngagementMemberRow.engagement_id.in_(bindparam("ids", expanding=True)))
        .order_by(EngagementMemberRow.role, PersonRow.id)
    )


@cache
def _to_change() -> Select[SessionRow, str | None, str, datetime | None]:
    return (
        select(
            SessionRow,
            member_role(SessionRow.engagement_id),
            EngagementRow.status,
            EngagementRow.ended_at,
        )
        .join(EngagementRow, EngagementRow.id == SessionRow.engagement_id)
        .where(SessionRow.id == bindparam("session_id"))
        # Locked until the change commits: a change made at the same moment (the other member
        # logging or calling it off) waits and then reads the session as that one left it,
        # instead of writing over it.
        .with_for_update(of=SessionRow)
    )


# What logging a session writes goes in as compiled INSERTs run on the cursor (column_reads):
# through the ORM's flush, its data keys, notes, themes and actions cost a third of the
# request's CPU.
_KEY_FIELDS = ("kek_id", "wrapped_key", "owner_person_id", "created_at")
_NOTE_FIELDS = (
    "session_id",
    "author_person_id",
    "visibility",
    "data_key_id",
    "nonce",
    "ciphertext",
    "created_at",
    "updated_at",
)
_THEME_FIELDS = ("session_id", "theme_id")
_ACTION_FIELDS = (
    "engagement_id",
    "session_id",
    "owner_person_id",
    "description",
    "due_on",
    "created_at",
)


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


@cache
def _insert_keys(count: int) -> ReturningInsert[int, bytes]:
    # Each new id comes back with its wrapped key (random, so unique): the order of the rows a
    # many-row INSERT returns is not promised.
    table = _table(DataKeyRow)
    values = column_reads.row_values(table, _KEY_FIELDS, count)
    return insert(table).values(values).returning(table.c.id, table.c.wrapped_key)


@cache
def _insert_action() -> ReturningInsert[int]:
    table = _table(ActionItemRow)
    (values,) = column_reads.row_values(table, _ACTION_FIELDS, 1)
    return insert(table).values(values).returning(table.c.id)


@cache
def _insert_notes(count: int) -> Insert:
    table = _table(NoteRow)
    return insert(table).values(column_reads.row_values(table, _NOTE_FIELDS, count))


@cache
def _insert_themes(count: int) -> Insert:
    table = _table(SessionThemeRow)
    return insert(table).values(column_reads.row_values(table, _THEME_FIELDS, count))


@cache
def _to_hold() -> Select[*tuple[Any, ...]]:
    return (
        select(
            *columns_named(SessionRow, SessionLine._fields),
            member_role(SessionRow.engagement_id),
            EngagementRow.status,
            EngagementRow.ended_at,
        )
        .join(EngagementRow, EngagementRow.id == SessionRow.engagement_id)
        .where(SessionRow.id == bindparam("session_id"))
    )


@cache
def _mark_held() -> Update:
    # Only while still scheduled: of two members logging the same session at once, the one
    # whose UPDATE comes second (it waits for the first to commit) changes nothing.
    table = _table(SessionRow)
    return (
        update(table)
        .where(table.c.id == bindparam("session_id"), table.c.status == bindparam("scheduled"))
        .values(status=bindparam("held"), held_at=bindparam("held_time"))
    )


@cache
def _theme_ids() -> Select[str, int]:
    return select(DevelopmentThemeRow.key, DevelopmentThemeRow.id)


@cache
def _themes_of() -> Select[int, str]:
    return (
        select(SessionThemeRow.session_id, DevelopmentThemeRow.key)
        .join(DevelopmentThemeRow, DevelopmentThemeRow.id == SessionThemeRow.theme_id)
        .where(SessionThemeRow.session_id.in_(bindparam("ids", expanding=True)))
        .order_by(DevelopmentThemeRow.key)
    )


@cache
def _actions_of_engagement() -> Select[int, int | None, str, int, date | None, datetime | None]:
    return (
        select(
            ActionItemRow.id,
            ActionItemRow.session_id,
            ActionItemRow.description,
            ActionItemRow.owner_person_id,
            ActionItemRow.due_on,
            ActionItemRow.done_at,
        )
        .where(ActionItemRow.engagement_id == bindparam("engagement_id"))
        .order_by(ActionItemRow.id)
    )


class SessionRepository(Repository[SessionRow]):
    """The conversations of engagements and what was agreed or written in them."""

    row_type = SessionRow

    def to_hold(self, session_id: int, person_id: int | None) -> SessionToHold | None:
        """Return a session as columns with the person's role in its engagement and the
        engagement's status, in one statement; None if there is no such session."""
        parameters = {"session_id": session_id, "person_id": person_id}
        found = column_rows(self.db, _to_hold(), parameters)
        if not found:
            return None
        width = len(SessionLine._fields)
        return SessionToHold(SessionLine(*found[0][:width]), *found[0][width:])

    def mark_held(self, session: SessionLine, held_at: datetime) -> bool:
        """Mark a scheduled session held at held_at; False if it is no longer scheduled."""
        parameters = {
            "session_id": session.id,
            "scheduled": SCHEDULED,
            "held": HELD,
            "held_time": held_at,
        }
        if not column_reads.write(self.db.connection(), _mark_held(), parameters):
            return False
        touched = [{"engagement_id": session.engagement_id}]
        report_facts.note_written(self.db, _table(SessionRow).name, touched)
        return True

    def add_notes(
        self,
        session_id: int,
        author_person_id: int,
        at: datetime,
        notes: Sequence[tuple[str, Sealed]],
    ) -> None:
        """Store a session's sealed notes (visibility, sealed text), each with its data key."""
        if not notes:
            return
        connection = self.db.connection()
        keys = [
            dict(zip(_KEY_FIELDS, (s.kek_id, s.wrapped_key, author_person_id, at), strict=True))
            for _, s in notes
        ]
        parameters = column_reads.row_parameters(_KEY_FIELDS, keys)
        returned = column_reads.rows_of(connection, _insert_keys(len(notes)), parameters)
        key_ids = {row.wrapped_key: row.id for row in returned}
        rows = [
            dict(
                zip(
                    _NOTE_FIELDS,
                    (session_id, author_person_id, visibility, key_ids[sealed.wrapped_key])
                    + (sealed.nonce, sealed.ciphertext, at, at),
                    strict=True,
                )
            )
            for visibility, sealed in notes
        ]
        column_reads.write_rows(connection, _insert_notes, _NOTE_FIELDS, rows)

    def add_themes(self, session_id: int, theme_ids: Sequence[int]) -> None:
        """Tag a session with development themes it does not have yet."""
        rows = [{"session_id": session_id, "theme_id": theme_id} for theme_id in theme_ids]
        column_reads.write_rows(self.db.connection(), _insert_themes, _THEME_FIELDS, rows)
        # Written around the flush, which would have noted them for the reports.
        report_facts.note_written(self.db, _table(SessionThemeRow).name, rows)

    def add_actions(
        self, engagement_id: int, session_id: int, at: datetime, actions: Sequence[AgreedAction]
    ) -> list[int]:
        """Store the actions agreed in a session; return their ids, in order."""
        connection = self.db.connection()
        ids = []
        # One INSERT each: the order of the ids a many-row INSERT returns is not promised.
        for action in actions:
            values = (engagement_id, session_id, action.owner_person_id, action.description)
            row = dict(zip(_ACTION_FIELDS, (*values, action.due_on, at), strict=True))
            parameters = column_reads.row_parameters(_ACTION_FIELDS, [row])
            ((action_id,),) = column_reads.rows_of(connection, _insert_action(), parameters)
            ids.append(action_id)
        return ids

    def to_change(self, session_id: int, person_id: int | None) -> SessionToChange | None:
        """Return a session with the person's role in its engagement and the engagement's
        status, in one statement (logging, moving or calling off a session read three); None
        if there is no such session."""
        parameters = {"session_id": session_id, "person_id": person_id}
        found = self.db.execute(_to_change(), parameters).first()
        return SessionToChange(*found) if found else None

    def of_engagement(self, engagement_id: int) -> list[SessionLine]:
        """Return an engagement's sessions, earliest first."""
        parameters = {"engagement_id": engagement_id}
        return [SessionLine(*row) for row in column_rows(self.db, _of_engagement(), parameters)]

    def members(self, engagement_ids: Iterable[int]) -> list[SessionMember]:
        """Return the members of engagements with what their invites need, guides first."""
        return [
            SessionMember(*row)
            for row in column_rows(self.db, _members(), {"ids": list(engagement_ids)})
        ]

    def of_person(self, person_id: int) -> Sequence[SessionRow]:
        """Return the sessions of every engagement a person is a member of, earliest first."""
        return self.db.scalars(
            select(SessionRow)
            .join(
                EngagementMemberRow,
                EngagementMemberRow.engagement_id == SessionRow.engagement_id,
            )
            .where(EngagementMemberRow.person_id == person_id)
            .order_by(SessionRow.scheduled_at, SessionRow.id)
        ).all()

    def action(self, action_id: int) -> ActionItemRow | None:
        """Return one action item."""
        return self.db.get(ActionItemRow, action_id)

    def open_actions(self, engagement_id: int) -> Sequence[ActionItemRow]:
        """Return an engagement's actions not yet done, soonest due first, undated last (on
        every database: SQLite sorts NULL first, PostgreSQL last)."""
        return self.db.scalars(
            select(ActionItemRow)
            .where(ActionItemRow.engagement_id == engagement_id, ActionItemRow.done_at.is_(None))
            .order_by(ActionItemRow.due_on.is_(None), ActionItemRow.due_on, ActionItemRow.id)
        ).all()

    def notes_with_keys(self, session_id: int) -> list[tuple[NoteRow, DataKeyRow]]:
        """Return a session's sealed notes, each with the data key that opens it."""
        return [
            (note, key)
            for note, key in self.db.execute(
                select(NoteRow, DataKeyRow)
                .join(DataKeyRow, DataKeyRow.id == NoteRow.data_key_id)
                .where(NoteRow.session_id == session_id)
            )
        ]

    def theme_ids(self) -> dict[str, int]:
        """Return every development theme's key → id."""
        return dict(column_rows(self.db, _theme_ids(), {}))

    def themes_of(self, session_ids: Iterable[int]) -> list[tuple[int, str]]:
        """Return (session, theme key) of some sessions, by key."""
        return [
            (session_id, key)
            for session_id, key in column_rows(self.db, _themes_of(), {"ids": list(session_ids)})
        ]

    def actions_of_engagement(self, engagement_id: int) -> list[ActionLine]:
        """Return every action of an engagement, in the order they were made."""
        parameters = {"engagement_id": engagement_id}
        rows = column_rows(self.db, _actions_of_engagement(), parameters)
        return [ActionLine(*row) for row in rows]

    def actions_of(self, session_ids: Iterable[int]) -> Sequence[ActionItemRow]:
        """Return the actions agreed in some sessions, in the order they were made."""
        return self.db.scalars(
            select(ActionItemRow)
            .where(ActionItemRow.session_id.in_(list(session_ids)))
            .order_by(ActionItemRow.id)
        ).all()
