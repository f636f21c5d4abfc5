"""SCIM groups: the identity provider's named groups of people of the directory.

A group is stored as the provider sends it, a name and members; members are people the
provider sees (a SCIM User's id is the person's id). Deleting a person takes them out of
every group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from growpath.adapters.orm import ScimGroupRow
from growpath.adapters.scim_filters import InvalidFilter
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.domain.provisioning import ProvisionedGroup, WantedGroup
from growpath.domain.text import single_line
from growpath.i18n import N_
from growpath.services.context import Context
from growpath.services.provisioning import MAX_PAGE, page_offset
from growpath.services.scim_tokens import require_identity_provider

MAX_NAME = 200


def list_groups(
    ctx: Context, filter_text: str | None, start_index: int, count: int
) -> tuple[int, list[ProvisionedGroup]]:
    """Return how many groups match a SCIM filter, and one page of them (1-based start)."""
    require_identity_provider(ctx)
    with ctx.uow() as uow:
        try:
            total, rows = uow.scim.search_groups(
                filter_text, page_offset(start_index), max(0, min(count, MAX_PAGE))
            )
        except InvalidFilter as exc:
            raise InvalidInput([Problem(str(exc), "filter")]) from exc
        members = uow.scim.members(row.id for row in rows)
        return total, [_view(row, members[row.id]) for row in rows]


def get_group(ctx: Context, group_id: int) -> ProvisionedGroup:
    """Return one group."""
    require_identity_provider(ctx)
    with ctx.uow() as uow:
        return _loaded(uow, group_id)


def create_group(ctx: Context, wanted: WantedGroup) -> ProvisionedGroup:
    """Store a new group with its members."""
    actor = require_identity_provider(ctx)
    with ctx.uow() as uow:
        name = _checked_name(uow, wanted.display_name, None)
        group = ScimGroupRow(
            display_name=name,
            external_id=wanted.external_id,
            created_at=ctx.now,
            updated_at=ctx.now,
        )
        uow.scim.add_group(group)
        uow.scim.set_members(group.id, _member_ids(uow, wanted.member_ids))
        _audit(uow, ctx, actor, "scim.group.create", group.id)
        uow.commit()
        return _loaded(uow, group.id)


def change_group(
    ctx: Context, group_id: int, edit: Callable[[ProvisionedGroup], WantedGroup]
) -> ProvisionedGroup:
    """Change a group by an edit of what the provider sees (PUT, PATCH), in one transaction."""
    actor = require_identity_provider(ctx)
    with ctx.uow() as uow:
        wanted = edit(_loaded(uow, group_id))
        group = uow.scim.group(group_id)
        if group is None:
            raise NotFound(N_("no group with id %(id)s"), id=group_id)
        group.display_name = _checked_name(uow, wanted.display_name, group_id)
        group.external_id = wanted.external_id
        group.updated_at = ctx.now
        uow.scim.set_members(group.id, _member_ids(uow, wanted.member_ids))
        _audit(uow, ctx, actor, "scim.group.replace", group.id)
        uow.commit()
        return _loaded(uow, group.id)


def delete_group(ctx: Context, group_id: int) -> None:
    """Delete a group; its members stay in the directory."""
    actor = require_identity_provider(ctx)
    with ctx.uow() as uow:
        group = uow.scim.group(group_id)
        if group is None:
            raise NotFound(N_("no group with id %(id)s"), id=group_id)
        uow.scim.remove_group(group)
        _audit(uow, ctx, actor, "scim.group.delete", group_id)
        uow.commit()


def _loaded(uow: UnitOfWork, group_id: int) -> ProvisionedGroup:
    group = uow.scim.group(group_id)
    if group is None:
        raise NotFound(N_("no group with id %(id)s"), id=group_id)
    return _view(group, uow.scim.members([group.id])[group.id])


def _view(group: ScimGroupRow, members: list[int]) -> ProvisionedGroup:
    return ProvisionedGroup(
        id=group.id,
        display_name=group.display_name,
        external_id=group.external_id,
        member_ids=tuple(members),
        created_at=group.created_at,
        updated_at=group.updated_at,
    )


def _checked_name(uow: UnitOfWork, name: str, group_id: int | None) -> str:
    name = name.strip()
    problems: list[Problem] = []
    if not name:
        problems.append(Problem(N_("is missing"), "display_name"))
    elif len(name) > MAX_NAME:
        problems.append(
            Problem.of(N_("is longer than %(most)s characters"), "display_name", most=MAX_NAME)
        )
    single_line(name, "display_name", problems)
    if problems:
        raise InvalidInput(problems)
    other = uow.scim.group_named(name)
    if other is not None and other.id != group_id:
        raise Conflict(N_("a group named %(name)s exists already"), name=name)
    return name


def _member_ids(uow: UnitOfWork, values: Sequence[str]) -> set[int]:
    wanted = [str(v).strip() for v in values]
    ids = {int(v) for v in wanted if v.isdigit() and len(v) < 19}
    visible = uow.scim.visible_people(ids)
    unknown = [v for v in wanted if not (v.isdigit() and len(v) < 19 and int(v) in visible)]
    if unknown:
        raise InvalidInput(
            [Problem.of(N_("no user has the id '%(id)s'"), "members", id=unknown[0])]
        )
    return visible


def _audit(uow: UnitOfWork, ctx: Context, actor: str, action: str, group_id: int) -> None:
    uow.audit.record(
        ctx.now,
        None,
        action,
        "scim_group",
        str(group_id),
        ctx.source_address,
        detail={"actor": actor},
    )
