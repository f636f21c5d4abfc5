"""The language a person reads growpath in: their own choice, kept with their account."""

from __future__ import annotations

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import AuthenticationFailed, InvalidInput, Problem
from growpath.i18n import LOCALES, N_
from growpath.services.context import Context


def checked_locale(locale: str | None, field: str = "locale") -> str | None:
    """Return a shipped locale, or None for "the browser's language"; refuse any other."""
    if locale is None or locale == "":
        return None
    if locale not in LOCALES:
        offered = ", ".join(LOCALES)
        raise InvalidInput(
            [
                Problem.of(
                    N_("is not a language growpath offers (%(offered)s)"), field, offered=offered
                )
            ]
        )
    return locale


def choose_locale(ctx: Context, locale: str | None) -> None:
    """Keep the language the actor chose for pages and mail (None: the browser's)."""
    chosen = checked_locale(locale)
    with ctx.uow() as uow:
        set_locale(uow, ctx, chosen)
        uow.commit()


def set_locale(uow: UnitOfWork, ctx: Context, locale: str | None) -> None:
    """Store the actor's checked language choice and audit it, inside the caller's work."""
    user = uow.users.get(ctx.actor.user_id)
    if user is None:
        raise AuthenticationFailed(N_("log in first"))
    if user.locale == locale:
        return
    user.locale = locale
    uow.audit.record(
        ctx.now,
        user.id,
        "account.locale",
        "user",
        str(user.id),
        ctx.source_address,
        detail={"locale": locale or "browser"},
    )
