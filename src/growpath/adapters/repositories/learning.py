"""Learning modules admins added, shipped ones they hid, and completions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    CompoundSelect,
    Select,
    bindparam,
    false,
    literal_column,
    null,
    select,
    true,
    union_all,
)

from growpath.adapters.orm import (
    EnrolmentRow,
    HiddenModuleRow,
    LearningModuleRow,
    ModuleCompletionRow,
    PersonRow,
)
from growpath.adapters.repositories.base import Repository, column_rows


class AddedModule(NamedTuple):
    """A module an admin added, as the catalogue lists it."""

    slug: str
    title: str
    audience: str
    kind: str
    themes: list[str]
    minutes: int
    practice: str
    body: str
    position: int


# Built once, on first use, with bound parameters: the home and engagement pages run them on
# every view, and building one anew (clauses, joins, its cache key) cost more CPU than running
# it.
@cache
def _in_use() -> CompoundSelect[*tuple[Any, ...]]:
    # The modules admins added and the shipped ones they hid, in one statement: each page
    # that suggests modules needs both, and a statement costs more than its rows.
    added = select(
        false(),
        LearningModuleRow.slug,
        LearningModuleRow.title,
        LearningModuleRow.audience,
        LearningModuleRow.kind,
        LearningModuleRow.themes,
        LearningModuleRow.minutes,
        LearningModuleRow.practice,
        LearningModuleRow.body,
        LearningModuleRow.position,
    )
    hidden = select(true(), HiddenModuleRow.slug, *[null()] * (len(AddedModule._fields) - 1))
    return union_all(added, hidden).order_by(literal_column("slug"))


@cache
def _hidden() -> Select[str]:
    return select(HiddenModuleRow.slug)


@cache
def _completed() -> Select[str, datetime]:
    return select(ModuleCompletionRow.slug, ModuleCompletionRow.completed_at).where(
        ModuleCompletionRow.person_id == bindparam("person_id")
    )


class LearningRepository(Repository[LearningModuleRow]):
    """Added modules, hidden slugs and who completed what."""

    row_type = LearningModuleRow

    def add(self, row: LearningModuleRow | HiddenModuleRow | ModuleCompletionRow) -> None:
        """Stage a new row and write it, so that a unique key another took fails here."""
        self.db.add(row)
        self.db.flush()

    def delete(self, row: HiddenModuleRow) -> None:
        """Delete a row (a hiding undone)."""
        self.db.delete(row)

    def in_use(self) -> tuple[set[str], list[AddedModule]]:
        """Return the slugs of the shipped modules admins hid, and the modules they added."""
        hidden: set[str] = set()
        added: list[AddedModule] = []
        for is_hidden, slug, *rest in column_rows(self.db, _in_use(), {}):
            if is_hidden:
                hidden.add(slug)
            else:
                added.append(AddedModule(slug, *rest))
        return hidden, added

    def hidden(self) -> set[str]:
        """Return the slugs of the shipped modules admins hid."""
        return {slug for (slug,) in column_rows(self.db, _hidden(), {})}

    def hidden_row(self, slug: str) -> HiddenModuleRow | None:
        """Return the hiding of one shipped module, if it is hidden."""
        return self.db.scalar(select(HiddenModuleRow).where(HiddenModuleRow.slug == slug))

    def completed(self, person_id: int) -> dict[str, datetime]:
        """Return when a person completed each module they completed, by slug."""
        rows = column_rows(self.db, _completed(), {"person_id": person_id})
        return dict(rows)

    def completed_by(self, person_ids: Sequence[int]) -> dict[int, set[str]]:
        """Return the completed slugs of each of these people."""
        found: dict[int, set[str]] = {p: set() for p in person_ids}
        if not person_ids:
            return found
        rows = self.db.execute(
            select(ModuleCompletionRow.person_id, ModuleCompletionRow.slug).where(
                ModuleCompletionRow.person_id.in_(person_ids)
            )
        )
        for person_id, slug in rows:
            found[person_id].add(slug)
        return found

    def enrolled_people(self, program_id: int) -> list[tuple[EnrolmentRow, PersonRow]]:
        """Return the program's enrolments that still take part, with their people."""
        rows = self.db.execute(
            select(EnrolmentRow, PersonRow)
            .join(PersonRow, PersonRow.id == EnrolmentRow.person_id)
            .where(EnrolmentRow.program_id == program_id, EnrolmentRow.status == "active")
            .order_by(PersonRow.name)
        )
        return [(enrolment, person) for enrolment, person in rows]

    def enrolment_roles(self, person_id: int) -> set[str]:
        """Return the roles a person is enrolled in, in any program, withdrawn ones aside."""
        return set(
            self.db.scalars(
                select(EnrolmentRow.role).where(
                    EnrolmentRow.person_id == person_id, EnrolmentRow.status == "active"
                )
            )
        )
