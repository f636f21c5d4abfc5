"""Repositories: how services find and store rows, without committing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from growpath.adapters.orm import ApiTokenRow, AuditEventRow, PersonRow, UserRow


class PeopleRepository:
    """People and their skills."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, person_id: int) -> PersonRow | None:
        """Return the person with this id, skills loaded."""
        return self.session.get(PersonRow, person_id, options=[selectinload(PersonRow.skills)])

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
        for column in ("department", "job_family", "seniority_level", "manager_id"):
            value = filters.get(column)
            if value is not None and value != "":
                query = query.where(getattr(PersonRow, column) == value)
        return query


class UserRepository:
    """Accounts and API tokens."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: int) -> UserRow | None:
        """Return the account with this id, roles loaded."""
        return self.session.get(UserRow, user_id, options=[selectinload(UserRow.roles)])

    def by_email(self, email: str) -> UserRow | None:
        """Return the account with this e-mail, roles loaded."""
        return self.session.scalar(
            select(UserRow).where(UserRow.email == email).options(selectinload(UserRow.roles))
        )

    def acting(self, user_id: int) -> tuple[UserRow, bool] | None:
        """Return the account with its roles and whether anyone reports to its person."""
        return self._acting(select(UserRow).where(UserRow.id == user_id))

    def acting_by_token_digest(self, digest: str, now: datetime) -> tuple[UserRow, bool] | None:
        """Return the account owning a live token, its roles, and whether it has reports."""
        return self._acting(
            select(UserRow)
            .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
            .where(
                ApiTokenRow.token_digest == digest,
                ApiTokenRow.revoked_at.is_(None),
                or_(ApiTokenRow.expires_at.is_(None), ApiTokenRow.expires_at > now),
            )
        )

    def _acting(self, query: Select[UserRow]) -> tuple[UserRow, bool] | None:
        # Every authenticated request asks this: one statement, not one each for the account,
        # its roles and its reports.
        has_reports = exists().where(PersonRow.manager_id == UserRow.person_id)
        found = (
            self.session.execute(query.add_columns(has_reports).options(joinedload(UserRow.roles)))
            .unique()
            .first()
        )
        return (found[0], bool(found[1])) if found else None

    def count(self) -> int:
        """Return how many accounts exist."""
        return self.session.scalar(select(func.count(UserRow.id))) or 0


class AuditTrail:
    """The append-only audit trail."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def count_denied_logins(self, source_address: str, since: datetime) -> int:
        """Return how many logins from this address were refused since a moment."""
        return (
            self.session.scalar(
                select(func.count(AuditEventRow.id)).where(
                    AuditEventRow.action == "login",
                    AuditEventRow.outcome == "denied",
                    AuditEventRow.source_address == source_address,
                    AuditEventRow.at >= since,
                )
            )
            or 0
        )

    def record(
        self,
        at: datetime,
        actor_user_id: int | None,
        action: str,
        target_type: str = "",
        target_id: str = "",
        source_address: str = "",
        outcome: str = "allowed",
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one event to the trail (committed with the use case)."""
        self.session.add(
            AuditEventRow(
                at=at,
                actor_user_id=actor_user_id,
                action=action,
                target_type=target_type,
                target_id=target_id,
                source_address=source_address,
                outcome=outcome,
                detail=detail or {},
            )
        )
