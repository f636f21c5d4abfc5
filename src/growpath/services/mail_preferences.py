"""Optional mail turned off (or back on): by the signed link in the e-mail, without logging in,
or on the privacy page.

RFC 8058 one-click: the mail program POSTs to the link, so the link itself is the authority.
It names one person and one category, and can do nothing else.
"""

from __future__ import annotations

from growpath.adapters.unsubscribe_tokens import read_unsubscribe_token
from growpath.domain.errors import NotFound
from growpath.domain.nudges import MailCategory
from growpath.i18n import N_
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context

INVALID_LINK = N_("this unsubscribe link is not valid; turn e-mails off on your privacy page")


def category_of_link(app: Growpath, token: str) -> MailCategory:
    """Return the category of mail an unsubscribe link turns off, or raise NotFound."""
    return _read(app, token)[1]


def unsubscribe(app: Growpath, token: str) -> MailCategory:
    """Turn off the mail a link names for the person it names; return the category."""
    return _set_opt_out(app, token, opt_out=True)


def resubscribe(app: Growpath, token: str) -> MailCategory:
    """Turn the mail a link names back on (a click by mistake); return the category."""
    return _set_opt_out(app, token, opt_out=False)


def set_reminders(ctx: Context, opt_out: bool) -> bool:
    """Turn the actor's reminder e-mails off (True) or on (False); return the new setting."""
    return set_own_opt_out(ctx, MailCategory.REMINDERS, opt_out)


def reminder_opt_out(ctx: Context) -> bool:
    """Whether the actor has turned reminder e-mails off."""
    return own_opt_out(ctx, MailCategory.REMINDERS)


# The person's column that keeps each category of optional mail off.
OPT_OUT_FIELD = {MailCategory.DIGEST: "digest_opt_out", MailCategory.REMINDERS: "reminder_opt_out"}


def set_own_opt_out(ctx: Context, category: MailCategory, opt_out: bool) -> bool:
    """Turn a category of the actor's optional mail off (True) or on (False); return it."""
    with ctx.uow() as uow:
        person = (
            uow.people.get(ctx.actor.person_id, with_skills=False) if ctx.actor.person_id else None
        )
        if person is None:
            return opt_out
        setattr(person, OPT_OUT_FIELD[category], opt_out)
        uow.commit()
        return opt_out


def own_opt_out(ctx: Context, category: MailCategory) -> bool:
    """Whether the actor has turned a category of optional mail off."""
    with ctx.uow() as uow:
        person = (
            uow.people.get(ctx.actor.person_id, with_skills=False) if ctx.actor.person_id else None
        )
        return bool(person and getattr(person, OPT_OUT_FIELD[category]))


def _read(app: Growpath, token: str) -> tuple[int, MailCategory]:
    named = read_unsubscribe_token(app.settings.secret_key, token)
    if named is None or named[1] not in set(MailCategory):
        raise NotFound(INVALID_LINK)
    return named[0], MailCategory(named[1])


def _set_opt_out(app: Growpath, token: str, *, opt_out: bool) -> MailCategory:
    person_id, category = _read(app, token)
    with app.uow() as uow:
        person = uow.people.get(person_id, with_skills=False)
        if person is None:
            raise NotFound(INVALID_LINK)
        setattr(person, OPT_OUT_FIELD[category], opt_out)
        uow.commit()
    return category
