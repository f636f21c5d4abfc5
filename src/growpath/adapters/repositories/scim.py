"""What SCIM provisioning reads and writes: tokens, people as SCIM Users, groups."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, Select, delete, exists, func, select, true
from sqlalchemy.orm import Session

from growpath.adapters.orm import (
    EnrolmentRow,
    PersonRow,
    ScimGroupMemberRow,
    ScimGroupRow,
    ScimTokenRow,
    ScimUserRow,
)
from growpath.adapters.scim_filters import BOOLEAN, INTEGER, Attribute, condition

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
# A person the provider set inactive or deleted (a delete sets inactive too; both, to be sure).
DEPROVISIONED = ScimUserRow.active.is_(False) | ScimUserRow.deleted_at.is_not(None)
# A person's user name: the provider's, or (never provisioned) the e-mail.
USER_NAME = func.coalesce(ScimUserRow.user_name, PersonRow.email)


def _has_member(test: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(ScimGroupMemberRow.group_id == ScimGroupRow.id, test)


USER_ATTRIBUTES = {
    "id": Attribute(PersonRow.id, INTEGER),
    "userName": Attribute(USER_NAME),
    "externalId": Attribute(ScimUserRow.external_id),
    "emails": Attribute(PersonRow.email),
    "emails.value": Attribute(PersonRow.email),
    "name.formatted": Attribute(PersonRow.name),
    "title": Attribute(PersonRow.title),
    "active": Attribute(ScimUserRow.active, BOOLEAN),
    "employeeNumber": Attribute(PersonRow.employee_id),
    f"{ENTERPRISE}:employeeNumber": Attribute(PersonRow.employee_id),
    "department": Attribute(PersonRow.department),
    f"{ENTERPRISE}:department": Attribute(PersonRow.department),
    f"{ENTERPRISE}:manager.value": Attribute(PersonRow.manager_id, INTEGER),
}
GROUP_ATTRIBUTES = {
    "id": Attribute(ScimGroupRow.id, INTEGER),
    "displayName": Attribute(ScimGroupRow.display_name),
    "externalId": Attribute(ScimGroupRow.external_id),
    "members": Attribute(ScimGroupMemberRow.person_id, INTEGER, _has_member),
    "members.value": Attribute(ScimGroupMemberRow.person_id, INTEGER, _has_member),
}


class ScimRepository:
    """Tokens, provisioned people and groups, inside a unit of work."""

    def __init__(self, session: Session) -> None:
        self.db = session

    # tokens
    def add_token(self, token: ScimTokenRow) -> None:
        """Stage a new token; its id is assigned at once."""
        self.db.add(token)
        self.db.flush()

    def token(self, token_id: int) -> ScimTokenRow | None:
        """Return a token by id."""
        return self.db.get(ScimTokenRow, token_id)

    def live_token(self, digest: str) -> ScimTokenRow | None:
        """Return the unrevoked token with this digest."""
        return self.db.scalar(
            select(ScimTokenRow).where(
                ScimTokenRow.token_digest == digest, ScimTokenRow.revoked_at.is_(None)
            )
        )

    def tokens(self) -> Sequence[ScimTokenRow]:
        """Return every token, oldest first."""
        return self.db.scalars(select(ScimTokenRow).order_by(ScimTokenRow.id)).all()

    # people
    def _people(self) -> Select[PersonRow, ScimUserRow]:
        return (
            select(PersonRow, ScimUserRow)
            .outerjoin(ScimUserRow, ScimUserRow.person_id == PersonRow.id)
            .where(PersonRow.erased_at.is_(None), ScimUserRow.deleted_at.is_(None))
        )

    def person(self, person_id: int) -> tuple[PersonRow, ScimUserRow | None] | None:
        """Return a person the provider sees (not erased, not deleted) and their link."""
        row = self.db.execute(self._people().where(PersonRow.id == person_id)).first()
        return (row[0], row[1]) if row is not None else None  # outer join: the link may be None

    def search_people(
        self, filter_text: str | None, offset: int, limit: int
    ) -> tuple[int, list[tuple[PersonRow, ScimUserRow | None]]]:
        """Return how many people match a SCIM filter, and one page of them by id."""
        where = condition(filter_text, USER_ATTRIBUTES) if filter_text else true()
        query = self._people().where(where)
        total = self.db.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.db.execute(query.order_by(PersonRow.id).offset(offset).limit(limit)).all()
        return total, [(row[0], row[1]) for row in rows]

    def link(self, person_id: int) -> ScimUserRow | None:
        """Return a person's link to the provider, deleted or not."""
        return self.db.scalar(select(ScimUserRow).where(ScimUserRow.person_id == person_id))

    def add_link(self, link: ScimUserRow) -> None:
        """Stage a new link."""
        self.db.add(link)
        self.db.flush()

    def user_name_holder(self, user_name: str) -> int | None:
        """Return the person whose user name this is (case aside), if anyone's."""
        lowered = user_name.lower()
        linked = self.db.scalar(
            select(ScimUserRow.person_id).where(func.lower(ScimUserRow.user_name) == lowered)
        )
        if linked is not None:
            return linked
        return self.db.scalar(
            select(PersonRow.id)
            .outerjoin(ScimUserRow, ScimUserRow.person_id == PersonRow.id)
            .where(ScimUserRow.id.is_(None), PersonRow.email == lowered)
        )

    def by_employee_id(self, employee_id: str) -> PersonRow | None:
        """Return the person with this employee id."""
        return self.db.scalar(select(PersonRow).where(PersonRow.employee_id == employee_id))

    def deprovisioned(self) -> set[int]:
        """Return every person the provider deprovisioned (inactive or deleted): few, so all."""
        return set(self.db.scalars(select(ScimUserRow.person_id).where(DEPROVISIONED)))

    def is_deprovisioned(self, person_id: int) -> bool:
        """Whether the provider deprovisioned this person (set inactive, or deleted)."""
        return bool(
            self.db.scalar(
                select(exists().where(ScimUserRow.person_id == person_id, DEPROVISIONED))
            )
        )

    def enrolments_of(self, person_id: int) -> list[int]:
        """Return the ids of every enrolment of a person."""
        return list(
            self.db.scalars(select(EnrolmentRow.id).where(EnrolmentRow.person_id == person_id))
        )

    # groups
    def group(self, group_id: int) -> ScimGroupRow | None:
        """Return a group by id."""
        return self.db.get(ScimGroupRow, group_id)

    def group_named(self, display_name: str) -> ScimGroupRow | None:
        """Return the group with this name (case aside)."""
        return self.db.scalar(
            select(ScimGroupRow).where(
                func.lower(ScimGroupRow.display_name) == display_name.lower()
            )
        )

    def add_group(self, group: ScimGroupRow) -> None:
        """Stage a new group; its id is assigned at once."""
        self.db.add(group)
        self.db.flush()

    def remove_group(self, group: ScimGroupRow) -> None:
        """Delete a group and its memberships."""
        self.db.execute(delete(ScimGroupMemberRow).where(ScimGroupMemberRow.group_id == group.id))
        self.db.delete(group)

    def members(self, group_ids: Iterable[int]) -> dict[int, list[int]]:
        """Return the member person ids of each group, in id order."""
        ids = list(group_ids)
        found: dict[int, list[int]] = {group_id: [] for group_id in ids}
        if not ids:
            return found
        rows = self.db.execute(
            select(ScimGroupMemberRow.group_id, ScimGroupMemberRow.person_id)
            .where(ScimGroupMemberRow.group_id.in_(ids))
            .order_by(ScimGroupMemberRow.person_id)
        ).all()
        for group_id, person_id in rows:
            found[group_id].append(person_id)
        return found

    def set_members(self, group_id: int, person_ids: Iterable[int]) -> None:
        """Make these people the group's members, and only them."""
        self.db.execute(delete(ScimGroupMemberRow).where(ScimGroupMemberRow.group_id == group_id))
        self.db.add_all(
            ScimGroupMemberRow(group_id=group_id, person_id=p) for p in sorted(set(person_ids))
        )
        self.db.flush()

    def search_groups(
        self, filter_text: str | None, offset: int, limit: int
    ) -> tuple[int, list[ScimGroupRow]]:
        """Return how many groups match a SCIM filter, and one page of them by id."""
        where = condition(filter_text, GROUP_ATTRIBUTES) if filter_text else true()
        query = select(ScimGroupRow).where(where)
        total = self.db.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.db.scalars(query.order_by(ScimGroupRow.id).offset(offset).limit(limit)).all()
        return total, list(rows)

    def visible_people(self, person_ids: Iterable[int]) -> set[int]:
        """Return which of these people the provider sees (not erased, not deleted)."""
        ids = list(person_ids)
        if not ids:
            return set()
        return set(
            self.db.scalars(
                self._people().with_only_columns(PersonRow.id).where(PersonRow.id.in_(ids))
            )
        )

    def remove_memberships_of(self, person_id: int) -> None:
        """Take a person out of every group."""
        self.db.execute(delete(ScimGroupMemberRow).where(ScimGroupMemberRow.person_id == person_id))
