"""People and their skills: how services find and store them, without committing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Row,
    Select,
    Table,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, selectinload

from growpath.adapters.orm import (
    EngagementMemberRow,
    EnrolmentRow,
    GoalRow,
    MatchProposalRow,
    PersonRow,
    PersonSkillRow,
    UserRow,
)
from growpath.domain.people import PERSON_COLUMNS
from growpath.domain.proposals import OPEN

# The columns an HRIS import reads and writes, besides the manager and skills.
_HRIS_COLUMNS = ("id", "email", *PERSON_COLUMNS)
# The tables under the mapped classes, for the import's bulk writes.
_PEOPLE = cast(Table, PersonRow.__table__)
_SKILLS = cast(Table, PersonSkillRow.__table__)


class PeopleRepository:
    """People and their skills."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, person_id: int, *, with_skills: bool = True) -> PersonRow | None:
        """Return the person with this id, skills loaded unless told not to."""
        if not with_skills:
            return self.session.get(PersonRow, person_id)
        return self.session.get(PersonRow, person_id, options=[selectinload(PersonRow.skills)])

    def time_zone_of(self, person_id: int) -> str | None:
        """Return the time zone of a person not erased, or None when there is no such person."""
        return self.session.scalar(
            select(PersonRow.timezone).where(
                PersonRow.id == person_id, PersonRow.erased_at.is_(None)
            )
        )

    def reloaded(self, person_id: int) -> PersonRow | None:
        """Return the person as the database now holds them, skills loaded afresh."""
        self.session.expire_all()
        return self.get(person_id)

    def add(self, person: PersonRow) -> None:
        """Store a new person and give them their id."""
        self.session.add(person)
        self.session.flush()

    def replace_skills(self, person: PersonRow, skills: Iterable[PersonSkillRow]) -> None:
        """Replace a person's skills with these."""
        # Old skills are deleted before new ones are inserted, so a kept name never collides.
        person.skills.clear()
        self.session.flush()
        person.skills.extend(skills)

    def by_email(self, email: str) -> PersonRow | None:
        """Return the person with this e-mail."""
        return self.session.scalar(select(PersonRow).where(PersonRow.email == email))

    def managers_by_email(self) -> dict[str, str | None]:
        """Return every person's e-mail mapped to their manager's e-mail."""
        manager = select(PersonRow.id, PersonRow.email).subquery()
        rows = self.session.execute(
            select(PersonRow.email, manager.c.email).outerjoin(
                manager, PersonRow.manager_id == manager.c.id
            )
        )
        return dict(rows.all())

    def hris_records(self) -> list[dict[str, Any]]:
        """Return every person not erased as their HRIS columns, manager by e-mail, in one read."""
        manager = select(PersonRow.id, PersonRow.email).subquery()
        rows = self.session.execute(
            select(*(getattr(PersonRow, c) for c in _HRIS_COLUMNS), manager.c.email)
            .outerjoin(manager, PersonRow.manager_id == manager.c.id)
            .where(PersonRow.erased_at.is_(None))
        )
        return [
            {**dict(zip(_HRIS_COLUMNS, row, strict=False)), "manager_email": row[-1]}
            for row in rows
        ]

    def skills_by_person(self) -> dict[int, dict[str, int]]:
        """Return each person's skills, name -> level, in one read."""
        skills: dict[int, dict[str, int]] = {}
        query = select(PersonSkillRow.person_id, PersonSkillRow.name, PersonSkillRow.level)
        for person_id, name, level in self.session.execute(query):
            skills.setdefault(person_id, {})[name] = level
        return skills

    def ids_by_email(self, emails: Iterable[str] | None = None) -> dict[str, int]:
        """Return e-mail → id for the given e-mails (all people when None)."""
        query = select(PersonRow.email, PersonRow.id)
        if emails is None:
            return dict(self.session.execute(query).all())
        found: dict[str, int] = {}
        wanted = list(emails)
        for start in range(0, len(wanted), 900):  # stay under SQLite's bound-parameter limit
            chunk = wanted[start : start + 900]
            found.update(self.session.execute(query.where(PersonRow.email.in_(chunk))).all())
        return found

    def search(
        self, filters: dict[str, Any], offset: int, limit: int
    ) -> tuple[Sequence[PersonRow], int]:
        """Return one page of people matching filters, and how many match in all."""
        query = self._filtered(select(PersonRow), filters)
        total = self.session.scalar(self._filtered(select(func.count(PersonRow.id)), filters)) or 0
        page = self.session.scalars(
            query.options(selectinload(PersonRow.skills))
            .order_by(PersonRow.name, PersonRow.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return page, total

    def all_with_skills(self) -> Sequence[PersonRow]:
        """Return every person not erased, skills and manager loaded, in e-mail order."""
        return self.session.scalars(
            select(PersonRow)
            .where(PersonRow.erased_at.is_(None))
            .options(selectinload(PersonRow.skills), selectinload(PersonRow.manager))
            .order_by(PersonRow.email)
        ).all()

    def has_reports(self, person_id: int) -> bool:
        """Whether anyone reports to this person."""
        return (
            self.session.scalar(
                select(PersonRow.id).where(PersonRow.manager_id == person_id).limit(1)
            )
            is not None
        )

    def reports_of(self, manager_id: int | None) -> Sequence[Row[int, str]]:
        """Return the id and name of each person reporting to a manager, not erased, by name."""
        return self.session.execute(
            select(PersonRow.id, PersonRow.name)
            .where(PersonRow.manager_id == manager_id, PersonRow.erased_at.is_(None))
            .order_by(PersonRow.name)
        ).all()

    # The bulk writes of an import go to the tables, not through the ORM: the ORM's bulk
    # paths sort every row's values through the mapper first, a third of the writing time.
    def left_by(self, today: date) -> set[int]:
        """Return the ids of everyone whose leave date has come: few, so all."""
        return set(self.session.scalars(select(PersonRow.id).where(PersonRow.leave_date <= today)))

    def leavers_still_open(self, today: date) -> Sequence[PersonRow]:
        """Return people whose leave date has come and who can still log in or be matched."""
        can_log_in = exists().where(UserRow.person_id == PersonRow.id, UserRow.is_active)
        open_offer = exists().where(
            EnrolmentRow.person_id == PersonRow.id,
            or_(
                MatchProposalRow.mentee_enrolment_id == EnrolmentRow.id,
                MatchProposalRow.mentor_enrolment_id == EnrolmentRow.id,
            ),
            MatchProposalRow.status.in_(OPEN),
        )
        return self.session.scalars(
            select(PersonRow)
            .where(
                PersonRow.leave_date <= today,
                PersonRow.erased_at.is_(None),
                or_(can_log_in, open_offer),
            )
            .order_by(PersonRow.id)
        ).all()

    def insert_many(self, values: list[dict[str, Any]]) -> None:
        """Insert people from their column values in one statement."""
        self.session.execute(insert(_PEOPLE), values)

    def update_many(self, values: list[dict[str, Any]]) -> None:
        """Update people by id from their column values in one statement."""
        self.session.execute(update(PersonRow), values)

    def set_managers(self, links: list[dict[str, int | None]]) -> None:
        """Set each person's manager, from {"id": person id, "manager_id": id or None}."""
        self.session.execute(
            update(_PEOPLE)
            .where(_PEOPLE.c.id == bindparam("person_id"))
            .values(manager_id=bindparam("new_manager_id")),
            [{"person_id": link["id"], "new_manager_id": link["manager_id"]} for link in links],
        )

    def remove_skills(self, person_ids: list[int]) -> None:
        """Delete every skill of these people."""
        self.session.execute(delete(PersonSkillRow).where(PersonSkillRow.person_id.in_(person_ids)))

    def insert_skills(self, values: list[dict[str, Any]]) -> None:
        """Insert skills from their column values in one statement."""
        self.session.execute(insert(_SKILLS), values)

    def blank_goals_of(self, person_id: int) -> None:
        """Blank the goals of every engagement the person takes part in as the participant."""
        self.session.execute(
            update(GoalRow)
            .where(
                GoalRow.engagement_id.in_(
                    select(EngagementMemberRow.engagement_id).where(
                        EngagementMemberRow.person_id == person_id,
                        EngagementMemberRow.role == "participant",
                    )
                )
            )
            .values(title="(erased)", specific="", measure="")
            .execution_options(synchronize_session=False)
        )

    def withdraw_enrolments_of(self, person_id: int, now: datetime) -> None:
        """Withdraw every enrolment of the person and blank what they wrote in it."""
        self.session.execute(
            update(EnrolmentRow)
            .where(EnrolmentRow.person_id == person_id)
            .values(goals="", preferences={}, availability={}, status="withdrawn", withdrawn_at=now)
            .execution_options(synchronize_session=False)
        )

    def unlink_reports(self, manager_id: int) -> None:
        """Leave the people reporting to this manager without a manager."""
        self.session.execute(
            update(PersonRow)
            .where(PersonRow.manager_id == manager_id)
            .values(manager_id=None)
            .execution_options(synchronize_session=False)
        )

    @staticmethod
    def _filtered(query: Select[Any], filters: dict[str, Any]) -> Select[Any]:
        query = query.where(PersonRow.erased_at.is_(None))
        if text := filters.get("q"):
            pattern = f"%{text.lower()}%"
            query = query.where(
                or_(
                    func.lower(PersonRow.name).like(pattern),
                    func.lower(PersonRow.email).like(pattern),
                    func.lower(PersonRow.title).like(pattern),
                )
            )
        for column in ("department", "job_family"):
            # People type "engineering" for "Engineering": names of groups match in any case.
            if value := filters.get(column):
                query = query.where(func.lower(getattr(PersonRow, column)) == str(value).lower())
        for column in ("seniority_level", "manager_id"):
            value = filters.get(column)
            if value is not None and value != "":
                query = query.where(getattr(PersonRow, column) == value)
        return query
