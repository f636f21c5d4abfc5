"""The competency framework and the development-theme taxonomy: shipped, then editable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from growpath.adapters.orm import CompetencyRow, DevelopmentThemeRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.catalogue import load
from growpath.domain.competencies import CATEGORIES
from growpath.domain.errors import InvalidInput, NotFound, Problem
from growpath.domain.text import single_line
from growpath.i18n import N_
from growpath.services.context import Context


@dataclass(frozen=True)
class CompetencyView:
    """A competency with its level anchors."""

    id: int
    key: str
    name: str
    category: str
    description: str
    level_anchors: tuple[str, ...]


def install_catalogue(uow: UnitOfWork) -> int:
    """Add the shipped competencies and themes that are missing; return how many were added."""
    added = 0
    known = uow.competencies.keys()
    for item in load("competencies"):
        if item["key"] not in known:
            uow.competencies.add(CompetencyRow(**item))
            added += 1
    themes = uow.themes.keys()
    for item in load("themes"):
        if item["key"] not in themes:
            uow.themes.add(DevelopmentThemeRow(**item))
            added += 1
    return added


def ensure_catalogue(ctx: Context) -> int:
    """Install the shipped framework and taxonomy where missing (idempotent)."""
    with ctx.uow() as uow:
        added = install_catalogue(uow)
        uow.commit()
    return added


def competency_keys(uow: UnitOfWork) -> set[str]:
    """Return the keys of the active competencies."""
    return uow.competencies.active_keys()


def list_competencies(ctx: Context) -> Sequence[CompetencyView]:
    """Return the active competencies of the framework."""
    with ctx.uow() as uow:
        return active_competencies(uow)


def active_competencies(uow: UnitOfWork) -> list[CompetencyView]:
    """Return the active competencies of the framework, inside a unit of work."""
    return [_view(row) for row in uow.competencies.active()]


def update_competency(ctx: Context, key: str, changes: Mapping[str, Any]) -> CompetencyView:
    """Edit a competency's name, description, category or level anchors (organisation admins)."""
    # The framework serves every program: a program admin would be changing the others' too.
    ctx.require_org_admin(
        N_("only an organisation administrator may edit the competency framework")
    )
    problems: list[Problem] = []
    for field in sorted(
        set(changes) - {"name", "description", "category", "level_anchors", "is_active"}
    ):
        problems.append(Problem(N_("cannot be changed"), field))
    if "category" in changes and changes["category"] not in CATEGORIES:
        problems.append(
            Problem.of(N_("must be one of %(choices)s"), "category", choices=", ".join(CATEGORIES))
        )
    anchors = changes.get("level_anchors")
    if anchors is not None and (
        not isinstance(anchors, list)
        or len(anchors) != 5
        or not all(isinstance(a, str) and a.strip() for a in anchors)
    ):
        problems.append(
            Problem(N_("must be five non-empty descriptions, levels 1–5"), "level_anchors")
        )
    if "name" in changes and not str(changes["name"] or "").strip():
        problems.append(Problem(N_("is missing"), "name"))
    single_line(str(changes.get("name") or ""), "name", problems)
    if problems:
        raise InvalidInput(problems)
    with ctx.uow() as uow:
        row = uow.competencies.by_key(key)
        if row is None:
            raise NotFound(N_("no competency '%(key)s'"), key=key)
        for field, value in changes.items():
            setattr(row, field, value)
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "competency.update",
            "competency",
            key,
            ctx.source_address,
            detail={"fields": sorted(changes)},
        )
        uow.commit()
        return _view(row)


@dataclass(frozen=True)
class ThemeView:
    """A development theme of the taxonomy."""

    key: str
    name: str
    description: str


def list_themes(ctx: Context) -> Sequence[ThemeView]:
    """Return the development themes a session can be tagged with."""
    with ctx.uow() as uow:
        return [
            ThemeView(key, name, description) for key, name, description in uow.themes.listing()
        ]


def theme_count(uow: UnitOfWork) -> int:
    """Return how many development themes the taxonomy has."""
    return uow.themes.count()


def _view(row: CompetencyRow) -> CompetencyView:
    return CompetencyView(
        id=row.id,
        key=row.key,
        name=row.name,
        category=row.category,
        description=row.description,
        level_anchors=tuple(row.level_anchors),
    )
