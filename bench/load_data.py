"""Data for the load benchmark: the demo organisation's programs scaled to the whole company.

`seed_demo` imports the people through the real import path and plays a few dozen
engagements through the services. A company of 10,000 has thousands of pairs with months of
history, so this adds them in bulk (plain INSERTs with ids chosen here, one statement per
table): a fifth of the company mentored in groups of five per mentor, each pair with eight
held sessions, their actions, check-ins, a goal and competency ratings. Then it picks the
users the benchmark logs in and gives each a pool of scheduled sessions to log.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select, text

from growpath.adapters.orm import (
    ActionItemRow,
    CheckInRow,
    CompetencyRatingRow,
    CompetencyRow,
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    GoalRow,
    MatchProposalRow,
    PersonRow,
    ProgramRow,
    SessionRow,
    UserRoleRow,
    UserRow,
)
from growpath.domain.accounts import ADMIN_ROLES

MENTEES_PER_MENTOR = 5
HELD_SESSIONS = 8
CADENCE = timedelta(days=14)


@dataclass(frozen=True)
class LoadUser:
    """A person the benchmark logs in, and the engagement whose sessions they log."""

    person_id: int
    email: str
    role: str  # guide | participant
    engagement_id: int


@dataclass(frozen=True)
class History:
    """How much the bulk history added."""

    engagements: int
    sessions: int
    actions: int


def _ids(connection: Connection, table: Table) -> Iterator[int]:
    start = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return iter(range(start + 1, 2**62))


def _insert(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    # One executemany per shape of row: columns left out take their defaults.
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shapes.setdefault(tuple(row), []).append(row)
    for same in shapes.values():
        connection.execute(table.insert(), same)


def _reset_sequences(connection: Connection, tables: Sequence[Table]) -> None:
    # Ids were chosen here, so each table's sequence moves past them for the app's own inserts.
    for table in tables:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608 - fixed table names
                f"(SELECT max(id) FROM {table.name}))"
            )
        )


def add_history(connection: Connection, now: datetime, mentees: int) -> History:
    """Mentor `mentees` people not yet enrolled, with months of history per pair."""
    # The demo's first mentoring program: the later ones (last year's circle, the lineage
    # cohorts) come after it.
    program_id = connection.execute(
        select(ProgramRow.id).where(ProgramRow.kind == "mentoring").order_by(ProgramRow.id).limit(1)
    ).scalar_one()
    enrolled = select(EnrolmentRow.person_id)
    free = connection.execute(
        select(PersonRow.id, PersonRow.seniority_level)
        .where(PersonRow.id.not_in(enrolled))
        .order_by(PersonRow.id)
    ).all()
    mentors = [pid for pid, level in free if (level or 0) >= 5][: mentees // MENTEES_PER_MENTOR]
    juniors = [pid for pid, level in free if (level or 0) < 5][: len(mentors) * MENTEES_PER_MENTOR]
    competencies = connection.execute(select(CompetencyRow.id).order_by(CompetencyRow.id))
    competency_ids = list(competencies.scalars())
    tables = {
        name: row.__table__
        for name, row in {
            "enrolment": EnrolmentRow,
            "proposal": MatchProposalRow,
            "engagement": EngagementRow,
            "member": EngagementMemberRow,
            "session": SessionRow,
            "action": ActionItemRow,
            "checkin": CheckInRow,
            "rating": CompetencyRatingRow,
            "goal": GoalRow,
        }.items()
    }
    ids = {name: _ids(connection, table) for name, table in tables.items()}  # type: ignore[arg-type]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
    started = now - CADENCE * (HELD_SESSIONS + 1)
    mentor_enrolments = {}
    for person_id in mentors:
        mentor_enrolments[person_id] = next(ids["enrolment"])
        rows["enrolment"].append(
            {
                "id": mentor_enrolments[person_id],
                "program_id": program_id,
                "person_id": person_id,
                "role": "mentor",
                "capacity": MENTEES_PER_MENTOR,
                "seats_taken": MENTEES_PER_MENTOR,
                "expertise": ["system design", "career growth"],
                "created_at": started,
            }
        )
    for index, mentee in enumerate(juniors):
        mentor = mentors[index // MENTEES_PER_MENTOR]
        engagement = _pair(
            rows, ids, program_id, mentee, mentor, mentor_enrolments[mentor], started, now
        )
        competency = competency_ids[index % len(competency_ids)]
        rows["rating"] += _ratings(ids, engagement, mentee, mentor, competency, started)
    for name, table in tables.items():
        _insert(connection, table, rows[name])  # type: ignore[arg-type]
    _reset_sequences(connection, list(tables.values()))  # type: ignore[arg-type]
    return History(len(rows["engagement"]), len(rows["session"]), len(rows["action"]))


def _pair(
    rows: dict[str, list[dict[str, Any]]],
    ids: dict[str, Iterator[int]],
    program_id: int,
    mentee: int,
    mentor: int,
    mentor_enrolment: int,
    started: datetime,
    now: datetime,
) -> int:
    enrolment, proposal = next(ids["enrolment"]), next(ids["proposal"])
    engagement = next(ids["engagement"])
    rows["enrolment"].append(
        {
            "id": enrolment,
            "program_id": program_id,
            "person_id": mentee,
            "role": "mentee",
            "goals": "Grow into a staff engineer and lead design reviews.",
            "desired_competencies": ["system-design", "presenting"],
            "created_at": started,
        }
    )
    rows["proposal"].append(
        {
            "id": proposal,
            "program_id": program_id,
            "mentee_enrolment_id": enrolment,
            "mentor_enrolment_id": mentor_enrolment,
            "score": 0.7,
            "status": "accepted",
            "mentee_response": "accepted",
            "mentor_response": "accepted",
            "created_at": started,
            "decided_at": started,
        }
    )
    rows["engagement"].append(
        {
            "id": engagement,
            "program_id": program_id,
            "proposal_id": proposal,
            "kind": "mentoring",
            "status": "active",
            "starts_on": started.date(),
            "charter_purpose": "Context and a wider network",
            "created_at": started,
        }
    )
    for person, role, enrolled in ((mentee, "participant", enrolment), (mentor, "guide", None)):
        rows["member"].append(
            {
                "id": next(ids["member"]),
                "engagement_id": engagement,
                "person_id": person,
                "role": role,
                "enrolment_id": enrolled or mentor_enrolment,
            }
        )
    for week in range(HELD_SESSIONS + 1):
        at = started + CADENCE * week + timedelta(hours=2)
        held = week < HELD_SESSIONS
        session = next(ids["session"])
        rows["session"].append(
            {
                "id": session,
                "engagement_id": engagement,
                "ical_uid": f"load-{session}@growpath",
                "scheduled_at": at if held else now + timedelta(days=3),
                "duration_minutes": 45,
                "location": "Video call",
                "status": "held" if held else "scheduled",
                "held_at": at if held else None,
                "created_at": at - timedelta(days=7) if held else now,
            }
        )
        if held:
            rows["action"].append(
                {
                    "id": next(ids["action"]),
                    "engagement_id": engagement,
                    "session_id": session,
                    "owner_person_id": mentee,
                    "description": "Try one thing from today before we meet again",
                    "due_on": (at + timedelta(days=10)).date(),
                    "done_at": at + CADENCE if week < HELD_SESSIONS - 2 else None,
                    "created_at": at,
                }
            )
    for weeks_ago, answered in ((2, True), (0, False)):
        rows["checkin"].append(
            {
                "id": next(ids["checkin"]),
                "engagement_id": engagement,
                "person_id": mentee,
                "due_on": (now - CADENCE * weeks_ago / 2).date(),
                "answered_at": now - CADENCE * weeks_ago / 2 if answered else None,
                "met_since_last": True if answered else None,
                "satisfaction": 4 if answered else None,
                "progress": 3 if answered else None,
            }
        )
    rows["goal"].append(
        {
            "id": next(ids["goal"]),
            "engagement_id": engagement,
            "title": "Lead a design review",
            "measure": "reviews led",
            "created_at": started,
        }
    )
    return engagement


def _ratings(
    ids: dict[str, Iterator[int]],
    engagement: int,
    mentee: int,
    mentor: int,
    competency: int,
    started: datetime,
) -> list[dict[str, Any]]:
    return [
        {
            "id": next(ids["rating"]),
            "engagement_id": engagement,
            "subject_person_id": mentee,
            "competency_id": competency,
            "rater_person_id": rater,
            "rater_role": role,
            "phase": phase,
            "rating": level,
            "rated_at": started + timedelta(days=offset),
        }
        for role, rater in (("self", mentee), ("guide", mentor))
        for phase, level, offset in (("baseline", 2, 1), ("midpoint", 3, 60))
    ]


def load_users(connection: Connection, count: int) -> list[LoadUser]:
    """Pick half guides (five pairs each) and half participants, each with one engagement;
    never an administrator, whose pages wait for two-step login to be set up."""
    member = EngagementMemberRow.__table__
    admins = (
        select(UserRow.person_id)
        .join(UserRoleRow, UserRoleRow.user_id == UserRow.id)
        .where(UserRoleRow.role.in_([role.value for role in ADMIN_ROLES]))
        .where(UserRow.person_id.is_not(None))
    )
    guides = connection.execute(
        select(member.c.person_id, func.min(member.c.engagement_id))
        .where(member.c.role == "guide", member.c.person_id.not_in(admins))
        .group_by(member.c.person_id)
        .having(func.count() >= MENTEES_PER_MENTOR)
        .order_by(member.c.person_id)
        .limit(count // 2)
    ).all()
    # Not a guide chosen above who is also mentored: the scenarios key each user's pool of
    # sessions and token by person, and two users would share one.
    participants = connection.execute(
        select(member.c.person_id, member.c.engagement_id)
        .where(member.c.role == "participant", member.c.person_id.not_in(admins))
        .where(member.c.person_id.not_in([person for person, _ in guides]))
        .order_by(member.c.engagement_id.desc())
        .limit(count - len(guides))
    ).all()
    chosen = [(p, e, "guide") for p, e in guides] + [(p, e, "participant") for p, e in participants]
    emails = dict(
        connection.execute(
            select(PersonRow.id, PersonRow.email).where(PersonRow.id.in_([p for p, _, _ in chosen]))
        ).all()
    )
    return [LoadUser(p, emails[p], role, engagement) for p, engagement, role in chosen]


POOL_PREFIX = "load-pool-"


def fill_pools(
    connection: Connection, users: Sequence[LoadUser], now: datetime, per_user: int
) -> dict[int, list[int]]:
    """Give each user `per_user` sessions to log; return their ids by person."""
    # Met yesterday, to be logged now: as a guide logs a session after it happens. Made just
    # before a run and removed after it, so other scenarios do not read hundreds of sessions
    # nobody would leave unlogged.
    sessions = SessionRow.__table__
    ids = _ids(connection, sessions)  # type: ignore[arg-type]
    pools: dict[int, list[int]] = {}
    rows = []
    for user in users:
        pools[user.person_id] = [next(ids) for _ in range(per_user)]
        rows += [
            {
                "id": session_id,
                "engagement_id": user.engagement_id,
                "ical_uid": f"{POOL_PREFIX}{session_id}@growpath",
                "scheduled_at": now - timedelta(days=1, minutes=n),
                "duration_minutes": 45,
                "status": "scheduled",
                "created_at": now,
            }
            for n, session_id in enumerate(pools[user.person_id])
        ]
    _insert(connection, sessions, rows)  # type: ignore[arg-type]
    _reset_sequences(connection, [sessions])  # type: ignore[list-item]
    return pools


def clear_pools(connection: Connection) -> int:
    """Remove the sessions a run left unlogged; return how many."""
    removed = connection.execute(
        delete(SessionRow).where(
            SessionRow.ical_uid.startswith(POOL_PREFIX), SessionRow.status == "scheduled"
        )
    )
    return removed.rowcount
