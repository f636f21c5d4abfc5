"""A small, hand-built program whose report figures are worked out by hand in the tests.

As of 2026-01-05 09:00 UTC (the test clock), mentoring program "Report world":
- Platform: p0–p5, level 3, matched 2025-11-01, started 2025-11-03, five sessions each (the
  first 4 days after the match, the last on 2025-12-29), two decided goals each (p0–p2 meet
  one, p3–p5 both), satisfaction 5,5,5,4,4,3, feedback rated 2 → 3 (p0–p2) or 2 → 4 (p3–p5);
  every session tagged "delegation", p0–p1 also "conflict".
- Data: d0–d5, level 4; d0–d2 matched 2025-12-01 and started that day, one session 10 days
  later, one open goal, satisfaction 2, 3, 4; d3–d4 declined a proposal; d5 was never offered.
- Web: w0–w1, level 3; w0 matched 2025-11-01, started 2025-11-03, never met, satisfaction 5;
  w1 was never offered.
p0–p4 are also coachees of a coaching program, so they count under "both".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from growpath.adapters.orm import (
    CheckInRow,
    CompetencyRatingRow,
    CompetencyRow,
    DevelopmentThemeRow,
    EngagementMemberRow,
    EngagementRow,
    EnrolmentRow,
    GoalRow,
    MatchProposalRow,
    PersonRow,
    ProgramRow,
    SessionRow,
    SessionThemeRow,
    UserRoleRow,
    UserRow,
)
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import accounts
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Context, operator_context
from tests.conftest import PASSWORD, make_account

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
NOV_1 = datetime(2025, 11, 1, 9, 0, tzinfo=UTC)
DEC_1 = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)
PLATFORM_SESSIONS = [NOV_1 + timedelta(days=4 + 14 * i) for i in range(4)] + [
    datetime(2025, 12, 29, 9, 0, tzinfo=UTC)
]


def build_report_world(app: Growpath) -> int:
    """Write the world above straight into the tables; return the mentoring program's id."""
    ensure_catalogue(operator_context(app))
    with app.uow() as uow:
        s = uow.session
        mentoring = ProgramRow(name="Report world", kind="mentoring", format="one_to_one")
        coaching = ProgramRow(name="Report world coaching", kind="coaching", format="one_to_one")
        for program in (mentoring, coaching):
            program.created_at = NOV_1
            s.add(program)
        s.flush()
        people: dict[str, PersonRow] = {}
        for prefix, department, level, count in (
            ("p", "Platform", 3, 6),
            ("d", "Data", 4, 6),
            ("w", "Web", 3, 2),
            ("g", "Guides", 8, 10),
        ):
            for n in range(count):
                person = PersonRow(
                    email=f"report-{prefix}{n}@example.com",
                    name=f"Report {prefix}{n}",
                    department=department,
                    seniority_level=level,
                    created_at=NOV_1,
                    updated_at=NOV_1,
                )
                s.add(person)
                people[f"{prefix}{n}"] = person
        s.flush()

        def enrol(key: str, program: ProgramRow, role: str) -> EnrolmentRow:
            row = EnrolmentRow(
                program_id=program.id,
                person_id=people[key].id,
                role=role,
                capacity=1 if role == "mentor" else 0,
                created_at=NOV_1,
            )
            s.add(row)
            return row

        mentees = {k: enrol(k, mentoring, "mentee") for k in people if k[0] != "g"}
        guides = [enrol(f"g{n}", mentoring, "mentor") for n in range(10)]
        for n in range(5):
            enrol(f"p{n}", coaching, "coachee")
        s.flush()
        competency = s.scalar(select(CompetencyRow).where(CompetencyRow.key == "feedback"))
        themes = {
            t.key: t
            for t in s.scalars(
                select(DevelopmentThemeRow).where(
                    DevelopmentThemeRow.key.in_(("delegation", "conflict"))
                )
            )
        }
        assert competency is not None

        def propose(key: str, guide: EnrolmentRow, status: str) -> MatchProposalRow:
            row = MatchProposalRow(
                program_id=mentoring.id,
                mentee_enrolment_id=mentees[key].id,
                mentor_enrolment_id=guide.id,
                score=1.0,
                status=status,
                created_at=NOV_1,
            )
            s.add(row)
            s.flush()
            return row

        def engage(key: str, guide: EnrolmentRow, matched: datetime, starts: date) -> int:
            proposal = propose(key, guide, "accepted")
            engagement = EngagementRow(
                program_id=mentoring.id,
                proposal_id=proposal.id,
                kind="mentoring",
                status="active",
                starts_on=starts,
                cadence_days=14,
                created_at=matched,
            )
            s.add(engagement)
            s.flush()
            for enrolment, role in ((guide, "guide"), (mentees[key], "participant")):
                s.add(
                    EngagementMemberRow(
                        engagement_id=engagement.id,
                        person_id=enrolment.person_id,
                        role=role,
                        enrolment_id=enrolment.id,
                    )
                )
            return engagement.id

        def hold(engagement_id: int, at: datetime, *theme_keys: str) -> None:
            session = SessionRow(
                engagement_id=engagement_id,
                ical_uid=f"report-{engagement_id}-{at:%Y%m%d}",
                scheduled_at=at,
                status="held",
                held_at=at,
                created_at=at,
            )
            s.add(session)
            s.flush()
            for key in theme_keys:
                s.add(SessionThemeRow(session_id=session.id, theme_id=themes[key].id))

        def goal(engagement_id: int, status: str) -> None:
            s.add(GoalRow(engagement_id=engagement_id, title="g", status=status, created_at=NOV_1))

        def checkin(engagement_id: int, key: str, satisfaction: int) -> None:
            s.add(
                CheckInRow(
                    engagement_id=engagement_id,
                    person_id=people[key].id,
                    due_on=date(2025, 12, 15),
                    answered_at=NOW - timedelta(days=1),
                    met_since_last=True,
                    satisfaction=satisfaction,
                    progress=3,
                )
            )

        def rate(engagement_id: int, key: str, phase: str, rating: int) -> None:
            s.add(
                CompetencyRatingRow(
                    engagement_id=engagement_id,
                    subject_person_id=people[key].id,
                    competency_id=competency.id,
                    rater_role="self",
                    phase=phase,
                    rating=rating,
                    rated_at=NOV_1,
                )
            )

        for n, satisfaction in enumerate((5, 5, 5, 4, 4, 3)):
            key = f"p{n}"
            eid = engage(key, guides[n], NOV_1, date(2025, 11, 3))
            for at in PLATFORM_SESSIONS:
                hold(eid, at, "delegation", *(("conflict",) if n < 2 else ()))
            goal(eid, "met")
            goal(eid, "not_met" if n < 3 else "met")
            checkin(eid, key, satisfaction)
            rate(eid, key, "baseline", 2)
            rate(eid, key, "final", 3 if n < 3 else 4)
        for n, satisfaction in enumerate((2, 3, 4)):
            key = f"d{n}"
            eid = engage(key, guides[6 + n], DEC_1, date(2025, 12, 1))
            hold(eid, DEC_1 + timedelta(days=10))
            goal(eid, "open")
            checkin(eid, key, satisfaction)
        for key in ("d3", "d4"):
            propose(key, guides[9], "declined")
        eid = engage("w0", guides[9], NOV_1, date(2025, 11, 3))
        checkin(eid, "w0", 5)
        uow.commit()
        return mentoring.id


def program_admin(app: Growpath, email: str, program_id: int) -> Context:
    """Return the context of a new program admin who administers one program."""
    make_account(app, email, Role.PROGRAM_ADMIN)
    with app.uow() as uow:
        user = uow.session.scalar(select(UserRow).where(UserRow.email == email))
        assert user is not None
        uow.session.add(
            UserRoleRow(user_id=user.id, role=Role.PROGRAM_ADMIN, program_id=program_id)
        )
        uow.commit()
    return Context(app=app, actor=accounts.authenticate(app, email, PASSWORD), source_address="t")


def person_of(app: Growpath, key: str) -> int:
    """Return the id of the report world's person with this key (p0, d3, …)."""
    with app.uow() as uow:
        person = uow.session.scalar(
            select(PersonRow.id).where(PersonRow.email == f"report-{key}@example.com")
        )
        assert person is not None
        return person


def engagement_of(app: Growpath, key: str) -> int:
    """Return the mentoring engagement of the report world's participant with this key."""
    person = person_of(app, key)
    with app.uow() as uow:
        engagement = uow.session.scalar(
            select(EngagementMemberRow.engagement_id).where(
                EngagementMemberRow.person_id == person,
                EngagementMemberRow.role == "participant",
            )
        )
        assert engagement is not None
        return engagement
