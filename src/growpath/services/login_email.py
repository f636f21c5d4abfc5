"""A login e-mail changes only when the new address confirms it, and the old one is told.

Whoever controls an account's address controls its password resets and its mail. So a change,
asked by the account's owner or made by an org admin to the HR record, leaves the login and the
person's mail where they are and e-mails a link to the new address; the change happens when
the account's owner, logged in, opens that link. The old address hears of every step.
"""

from __future__ import annotations

from growpath.adapters.orm import PersonRow, UserRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.accounts import Actor
from growpath.domain.emailed_links import DeadLink, LinkPurpose
from growpath.domain.errors import AuthenticationFailed, Conflict, InvalidInput, Problem
from growpath.i18n import N_
from growpath.services.accounts import acting_as, checked_email
from growpath.services.context import Context
from growpath.services.emailed_links import issue_link, link_url, live_link, mail_link, tell
from growpath.services.mail_language import mail_translator

NOT_YOU = N_(
    "If this was not you, tell your organisation's growpath administrator and check the "
    "audit of your account with them; until the new address confirms, nothing changes."
)


def request_my_change(ctx: Context, new_email: str) -> str:
    """Ask to move one's own login to a new address; return that address (to confirm)."""
    new_email = checked_email(new_email, "new_email")
    with ctx.uow() as uow:
        user = uow.users.get(ctx.actor.user_id)
        if user is None:
            raise AuthenticationFailed(N_("log in first"))
        if new_email == user.email:
            raise InvalidInput([Problem(N_("is already your login e-mail"), "new_email")])
        _start(uow, ctx, user, new_email, by="self")
        uow.commit()
    return new_email


def hold_person_email(uow: UnitOfWork, ctx: Context, person: PersonRow, new_email: str) -> str:
    """Return the e-mail a person's record takes now when an admin changes it.

    A person with an account keeps the old address until the account's owner confirms the
    new one; a person without one moves at once. The old address is told either way.
    """
    if new_email == person.email:
        return new_email
    user = uow.users.by_person(person.id)
    if user is None:
        _ = mail_translator(uow, ctx.app.settings, person.email)
        tell(
            uow,
            person.email,
            ctx.now,
            f"email-moved:{person.id}:{ctx.now.isoformat()}",
            _("Your address in growpath was changed"),
            _(
                "An administrator changed your e-mail address in growpath from %(old)s to "
                "%(new)s. Mail from growpath now goes there.",
                old=person.email,
                new=new_email,
            )
            + f"\n\n{_(NOT_YOU)}\n",
        )
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "email_change.apply",
            "person",
            str(person.id),
            ctx.source_address,
            detail={"account": False},
        )
        return new_email
    _start(uow, ctx, user, new_email, by="admin")
    return person.email


def pending_change(ctx: Context, token: str) -> str:
    """Return the new address a working change link of the actor's account would confirm."""
    with ctx.uow() as uow:
        link = live_link(uow, token, LinkPurpose.EMAIL_CHANGE, ctx.now)
        if link.user_id != ctx.actor.user_id:
            raise DeadLink()
        return link.email


def confirm_change(ctx: Context, token: str) -> Actor:
    """Move the actor's login (and their person's e-mail) to the address the link went to."""
    with ctx.uow() as uow:
        link = live_link(uow, token, LinkPurpose.EMAIL_CHANGE, ctx.now)
        # Only the account's owner, logged in with their password, confirms: holding the new
        # mailbox is not enough (an admin who typed their own address holds that).
        if link.user_id != ctx.actor.user_id:
            raise DeadLink()
        user = uow.users.get(ctx.actor.user_id)
        if user is None:
            raise DeadLink()
        _refuse_taken(uow, link.email, user)
        old_email = user.email
        user.email = link.email
        if user.person_id is not None and (person := uow.people.get(user.person_id)) is not None:
            person.email = link.email
            person.updated_at = ctx.now
        link.used_at = ctx.now
        # Resets asked for at the old address must not reach the account any more.
        uow.emailed_links.revoke_pending(LinkPurpose.PASSWORD_RESET, ctx.now, user_id=user.id)
        _ = mail_translator(uow, ctx.app.settings, old_email)
        tell(
            uow,
            old_email,
            ctx.now,
            f"email-changed:{user.id}:{link.id}",
            _("Your growpath login address was changed"),
            _(
                "Your growpath login address is now %(new)s instead of %(old)s; mail from "
                "growpath goes there from now on.",
                new=link.email,
                old=old_email,
            )
            + f"\n\n{_(NOT_YOU)}\n",
        )
        uow.audit.record(
            ctx.now,
            user.id,
            "email_change.confirm",
            "user",
            str(user.id),
            ctx.source_address,
            detail={"request": link.id},
        )
        actor = acting_as(uow, user)
        uow.commit()
        return actor


def _start(uow: UnitOfWork, ctx: Context, user: UserRow, new_email: str, by: str) -> None:
    _refuse_taken(uow, new_email, user)
    # One change waits at a time: a newer request replaces the older link.
    uow.emailed_links.revoke_pending(LinkPurpose.EMAIL_CHANGE, ctx.now, user_id=user.id)
    link, token = issue_link(
        uow,
        LinkPurpose.EMAIL_CHANGE,
        new_email,
        ctx.now,
        user_id=user.id,
        created_by=ctx.actor_user_id,
    )
    _ = mail_translator(uow, ctx.app.settings, new_email)
    asked = (
        _("You asked to move the growpath login %(old)s to this address (%(new)s).")
        if by == "self"
        else _(
            "An administrator asked to move the growpath login %(old)s to this address (%(new)s)."
        )
    )
    mail_link(
        uow,
        link,
        ctx.now,
        subject=_("Confirm your new growpath login address"),
        body=(
            asked % {"old": user.email, "new": new_email}
            + "\n\n"
            + _(
                "To confirm, open this link and log in with your current password (it works "
                "once, until %(until)s UTC):",
                until=f"{link.expires_at:%Y-%m-%d %H:%M}",
            )
            + f"\n{link_url(ctx.app, LinkPurpose.EMAIL_CHANGE, token)}\n\n"
            + _("If you do not know this account, ignore this e-mail: nothing changes.")
            + "\n"
        ),
    )
    _ = mail_translator(uow, ctx.app.settings, user.email)
    changing = (
        _(
            "Your growpath login address is being changed from %(old)s to %(new)s (you asked "
            "for it). It changes only when that address confirms and you, logged in, accept; "
            "until then all mail keeps coming here."
        )
        if by == "self"
        else _(
            "Your growpath login address is being changed from %(old)s to %(new)s (an "
            "administrator asked for it). It changes only when that address confirms and you, "
            "logged in, accept; until then all mail keeps coming here."
        )
    )
    tell(
        uow,
        user.email,
        ctx.now,
        f"email-change-asked:{link.id}",
        _("Your growpath login address is being changed"),
        changing % {"old": user.email, "new": new_email} + f"\n\n{_(NOT_YOU)}\n",
    )
    uow.audit.record(
        ctx.now,
        ctx.actor_user_id,
        "email_change.request",
        "user",
        str(user.id),
        ctx.source_address,
        detail={"by": by, "request": link.id},
    )


def _refuse_taken(uow: UnitOfWork, email: str, user: UserRow) -> None:
    other_account = uow.users.by_email(email)
    other_person = uow.people.by_email(email)
    if (other_account is not None and other_account.id != user.id) or (
        other_person is not None and other_person.id != user.person_id
    ):
        raise Conflict(N_("%(email)s already belongs to someone else in growpath"), email=email)
