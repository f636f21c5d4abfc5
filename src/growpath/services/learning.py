"""Learning modules: reading, completing, the training due to a person, and admins' own modules.

The catalogue is the shipped modules (growpath/data/modules) less the ones admins hid, plus
the ones admins added. Completing a module is a person's own record; whether a person
completed their role's onboarding is an operational state the admins of their program see,
as they see an enrolment.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from growpath.adapters.orm import HiddenModuleRow, LearningModuleRow, ModuleCompletionRow
from growpath.adapters.repositories.learning import AddedModule
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import Conflict, InvalidInput, NotFound, Problem
from growpath.domain.modules import (
    AUDIENCES,
    MODULE,
    Module,
    audiences_of,
    module_from_fields,
    parse_module,
    render_body,
    shipped_modules,
)
from growpath.i18n import N_, SOURCE_LOCALE
from growpath.services.context import Context


@dataclass(frozen=True)
class ModuleSummary:
    """A module as a list shows it, with whether the viewer completed it."""

    slug: str
    title: str
    audience: str
    kind: str
    themes: tuple[str, ...]
    minutes: int
    shipped: bool
    completed_at: datetime | None


@dataclass(frozen=True)
class ModuleView(ModuleSummary):
    """A module to read: its practice prompt and its body, as Markdown and as safe HTML."""

    practice: str
    body: str
    html: str


@dataclass(frozen=True)
class Learning:
    """What /learn shows a person: the training due for their roles, and the whole catalogue."""

    audiences: tuple[str, ...]
    due: tuple[ModuleSummary, ...]
    modules: tuple[ModuleSummary, ...]
    resources: tuple[ModuleSummary, ...]


@dataclass(frozen=True)
class AdminModule:
    """A module as an admin manages it: whether it is hidden, and where it comes from."""

    slug: str
    title: str
    audience: str
    kind: str
    minutes: int
    shipped: bool
    hidden: bool


def catalogue(
    uow: UnitOfWork, *, with_hidden: bool = False, locale: str = SOURCE_LOCALE
) -> list[Module]:
    """Return the modules in use: shipped ones not hidden (in the reader's locale), and the ones
    admins added (in the language they wrote them in)."""
    hidden, added_rows = uow.learning.in_use()
    if with_hidden:
        hidden = set()
    added = [_module_of(row) for row in added_rows]
    found = [m for m in (*shipped_modules(locale), *added) if m.slug not in hidden]
    return sorted(found, key=lambda m: (AUDIENCES.index(m.audience), m.order, m.title))


def _module_of(row: AddedModule) -> Module:
    return Module(
        slug=row.slug,
        title=row.title,
        audience=row.audience,
        kind=row.kind,
        themes=tuple(row.themes),
        minutes=row.minutes,
        practice=row.practice,
        body=row.body,
        order=row.position,
        shipped=False,
    )


def _summary(module: Module, done: Mapping[str, datetime]) -> ModuleSummary:
    return ModuleSummary(
        slug=module.slug,
        title=module.title,
        audience=module.audience,
        kind=module.kind,
        themes=module.themes,
        minutes=module.minutes,
        shipped=module.shipped,
        completed_at=done.get(module.slug),
    )


def _view(module: Module, done: Mapping[str, datetime]) -> ModuleView:
    summary = _summary(module, done)
    return ModuleView(
        **{f: getattr(summary, f) for f in ModuleSummary.__dataclass_fields__},
        practice=module.practice,
        body=module.body,
        html=render_body(module.body),
    )


def _my_audiences(uow: UnitOfWork, ctx: Context) -> tuple[str, ...]:
    if ctx.actor.person_id is None:
        return ()
    return audiences_of(uow.learning.enrolment_roles(ctx.actor.person_id), ctx.actor.is_manager)


def _completions(uow: UnitOfWork, ctx: Context) -> dict[str, datetime]:
    return uow.learning.completed(ctx.actor.person_id) if ctx.actor.person_id else {}


def _learning_in(uow: UnitOfWork, ctx: Context, roles: Set[str] | None = None) -> Learning:
    done = _completions(uow, ctx)
    if roles is None:
        audiences = _my_audiences(uow, ctx)
    else:
        audiences = audiences_of(roles, ctx.actor.is_manager) if ctx.actor.person_id else ()
    summaries = [_summary(m, done) for m in catalogue(uow, locale=ctx.locale)]
    return Learning(
        audiences=audiences,
        due=tuple(
            s
            for s in summaries
            if s.kind == MODULE and s.audience in audiences and s.completed_at is None
        ),
        modules=tuple(s for s in summaries if s.kind == MODULE),
        resources=tuple(s for s in summaries if s.kind != MODULE),
    )


def learning(ctx: Context) -> Learning:
    """Return the training due for the viewer's roles and every module and resource."""
    with ctx.uow() as uow:
        return _learning_in(uow, ctx)


def due_in(uow: UnitOfWork, ctx: Context, roles: Set[str]) -> tuple[ModuleSummary, ...]:
    """Return, inside the caller's transaction, the modules still due for the viewer's
    enrolment roles (the caller read them) and, if they manage people, the managers' track."""
    return _learning_in(uow, ctx, roles).due


def training_due(ctx: Context) -> tuple[ModuleSummary, ...]:
    """Return the modules of the viewer's roles they have not completed."""
    with ctx.uow() as uow:
        return _learning_in(uow, ctx).due


def _find(uow: UnitOfWork, slug: str, locale: str) -> Module:
    for module in catalogue(uow, locale=locale):
        if module.slug == slug:
            return module
    raise NotFound(N_("no learning module %(slug)r"), slug=slug)


def read_module(ctx: Context, slug: str) -> ModuleView:
    """Return one module to read, with whether the viewer completed it."""
    with ctx.uow() as uow:
        return _view(_find(uow, slug, ctx.locale), _completions(uow, ctx))


def complete_module(ctx: Context, slug: str) -> ModuleView:
    """Mark a module complete for the viewer; completing it again changes nothing."""
    if ctx.actor.person_id is None:
        raise Conflict(N_("your account has no profile: modules are completed by people"))
    with ctx.uow() as uow:
        module = _find(uow, slug, ctx.locale)
        done = uow.learning.completed(ctx.actor.person_id)
        if slug not in done:
            row = ModuleCompletionRow(
                person_id=ctx.actor.person_id, slug=slug, completed_at=ctx.now
            )
            with uow.racing(N_("you completed this module a moment ago in another window")):
                uow.learning.add(row)
                uow.audit.record(
                    ctx.now,
                    ctx.actor_user_id,
                    "module.complete",
                    "module",
                    slug,
                    ctx.source_address,
                )
                uow.commit()
            done[slug] = row.completed_at
        return _view(module, done)


def admin_modules(ctx: Context) -> list[AdminModule]:
    """Return every module, hidden ones included, for the organisation's admins."""
    ctx.require_org_admin(N_("only an organisation administrator may manage learning modules"))
    with ctx.uow() as uow:
        hidden = uow.learning.hidden()
        return [
            AdminModule(
                slug=m.slug,
                title=m.title,
                audience=m.audience,
                kind=m.kind,
                minutes=m.minutes,
                shipped=m.shipped,
                hidden=m.slug in hidden,
            )
            for m in catalogue(uow, with_hidden=True, locale=ctx.locale)
        ]


def add_module(ctx: Context, slug: str, fields: Mapping[str, Any], body: str) -> ModuleView:
    """Add an organisation's own module or resource (organisation admins)."""
    ctx.require_org_admin(N_("only an organisation administrator may add learning modules"))
    module = module_from_fields(slug.strip(), fields, body)
    return _store(ctx, module)


def add_module_file(ctx: Context, slug: str, text: str) -> ModuleView:
    """Add a module from a Markdown file with front matter (organisation admins)."""
    ctx.require_org_admin(N_("only an organisation administrator may add learning modules"))
    return _store(ctx, parse_module(slug.strip(), text))


def _store(ctx: Context, module: Module) -> ModuleView:
    with ctx.uow() as uow:
        taken = {m.slug for m in catalogue(uow, with_hidden=True)}
        if module.slug in taken:
            raise InvalidInput(
                [Problem(N_("is taken by another module: choose another slug"), "slug")]
            )
        row = LearningModuleRow(
            slug=module.slug,
            title=module.title,
            audience=module.audience,
            kind=module.kind,
            themes=list(module.themes),
            minutes=module.minutes,
            practice=module.practice,
            body=module.body,
            position=module.order,
            created_at=ctx.now,
            created_by_user_id=ctx.actor_user_id,
        )
        with uow.racing(
            N_("a module %(slug)r was added a moment ago: choose another slug"), slug=module.slug
        ):
            uow.learning.add(row)
            uow.audit.record(
                ctx.now, ctx.actor_user_id, "module.add", "module", module.slug, ctx.source_address
            )
            uow.commit()
        return _view(module, {})


def hide_module(ctx: Context, slug: str) -> AdminModule:
    """Hide a module from everyone: not listed, not read, not required (organisation admins)."""
    ctx.require_org_admin(N_("only an organisation administrator may hide learning modules"))
    with ctx.uow() as uow:
        module = _any(uow, slug)
        if uow.learning.hidden_row(slug) is None:
            with uow.racing(N_("this module was hidden a moment ago")):
                uow.learning.add(
                    HiddenModuleRow(
                        slug=slug, hidden_at=ctx.now, hidden_by_user_id=ctx.actor_user_id
                    )
                )
                uow.audit.record(
                    ctx.now, ctx.actor_user_id, "module.hide", "module", slug, ctx.source_address
                )
                uow.commit()
        return _admin_view(module, hidden=True)


def show_module(ctx: Context, slug: str) -> AdminModule:
    """Show a hidden module again (organisation admins)."""
    ctx.require_org_admin(N_("only an organisation administrator may show learning modules"))
    with ctx.uow() as uow:
        module = _any(uow, slug)
        row = uow.learning.hidden_row(slug)
        if row is not None:
            uow.learning.delete(row)
            uow.audit.record(
                ctx.now, ctx.actor_user_id, "module.show", "module", slug, ctx.source_address
            )
            uow.commit()
        return _admin_view(module, hidden=False)


def _any(uow: UnitOfWork, slug: str) -> Module:
    for module in catalogue(uow, with_hidden=True):
        if module.slug == slug:
            return module
    raise NotFound(N_("no learning module %(slug)r"), slug=slug)


def _admin_view(module: Module, *, hidden: bool) -> AdminModule:
    return AdminModule(
        slug=module.slug,
        title=module.title,
        audience=module.audience,
        kind=module.kind,
        minutes=module.minutes,
        shipped=module.shipped,
        hidden=hidden,
    )
