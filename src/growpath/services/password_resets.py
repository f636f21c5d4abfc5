"""Forgot password: a single-use, short-lived link e-mailed to the account's login address.

Asking answers the same whether or not the address has an account, and is throttled per
address asked for and per place asking, so it neither lists accounts nor floods a mailbox.
"""

from __future__ import annotations

from datetime import timedelta

from growpath.domain.accounts import Actor
from growpath.domain.emailed_links import LIFETIMES, DeadLink, LinkPurpose
from growpath.domain.errors import TooManyAttempts
from growpath.domain.people import normalise_email
from growpath.i18n import N_
from growpath.services.accounts import (
    acting_as,
    checked_password,
    refuse_deprovisioned,
    start_over_with_password,
)
from growpath.services.context import Collaborators
from growpath.services.emailed_links import issue_link, link_url, live_link, mail_link
from growpath.services.mail_language import mail_translator
from growpath.services.sign_in_methods import require_password_resets

RESETS_PER_ACCOUNT = 3  # links per account within RESET_WINDOW; more asks send nothing
RESET_WINDOW = timedelta(hours=1)
ASKS_PER_ADDRESS = 20  # asks from one place within RESET_WINDOW before it is refused
REQUEST = "password_reset.request"


def request_reset(app: Collaborators, email: str, source_address: str = "") -> None:
    """E-mail a reset link if the address has an account; say nothing either way."""
    require_password_resets(app.settings)
    now = app.clock.now()
    with app.uow() as uow:
        if (
            source_address
            and uow.audit.count_since(REQUEST, source_address, now - RESET_WINDOW)
            >= ASKS_PER_ADDRESS
        ):
            raise TooManyAttempts(N_("too many reset requests from your address; wait an hour"))
        try:
            email = normalise_email(email)
        except ValueError:
            email = ""
        user = uow.users.by_email(email) if email else None
        sent = False
        if (
            user is not None
            and user.is_active
            and not (user.person_id is not None and uow.scim.is_deprovisioned(user.person_id))
            and uow.emailed_links.count_since(
                LinkPurpose.PASSWORD_RESET, now - RESET_WINDOW, email=email
            )
            < RESETS_PER_ACCOUNT
        ):
            uow.emailed_links.revoke_pending(LinkPurpose.PASSWORD_RESET, now, user_id=user.id)
            link, token = issue_link(uow, LinkPurpose.PASSWORD_RESET, email, now, user_id=user.id)
            minutes = int(LIFETIMES[LinkPurpose.PASSWORD_RESET].total_seconds() // 60)
            _ = mail_translator(uow, app.settings, email)
            mail_link(
                uow,
                link,
                now,
                subject=_("Choose a new growpath password"),
                body=(
                    _(
                        "Someone (we hope you) asked to reset the password of your growpath "
                        "account (%(email)s).",
                        email=email,
                    )
                    + "\n\n"
                    + _(
                        "Open this link within %(minutes)s minutes to choose a new password; "
                        "it works once:",
                        minutes=minutes,
                    )
                    + f"\n{link_url(app, LinkPurpose.PASSWORD_RESET, token)}\n\n"
                    + _("If you did not ask, ignore this e-mail: your password stays as it is.")
                    + "\n"
                ),
            )
            sent = True
        uow.audit.record(
            now,
            None,
            REQUEST,
            "user",
            str(user.id) if user is not None else "",
            source_address,
            detail={"sent": sent},
        )
        uow.commit()


def reset_email(app: Collaborators, token: str) -> str:
    """Return the login a working reset link is for, for its page."""
    require_password_resets(app.settings)
    with app.uow() as uow:
        link = live_link(uow, token, LinkPurpose.PASSWORD_RESET, app.clock.now())
        user = uow.users.get(link.user_id) if link.user_id is not None else None
        if user is not None and user.email == link.email:
            refuse_deprovisioned(uow, user.person_id, "reset the password", user.email)
        return link.email


def reset_password(
    app: Collaborators, token: str, new_password: str, source_address: str = ""
) -> Actor:
    """Set the password chosen through a reset link; the link, sessions and tokens end."""
    require_password_resets(app.settings)
    new_password = checked_password(new_password, "new_password")
    now = app.clock.now()
    with app.uow() as uow:
        link = live_link(uow, token, LinkPurpose.PASSWORD_RESET, now)
        user = uow.users.get(link.user_id) if link.user_id is not None else None
        # A login that moved since the link was sent is not this link's to reset.
        if user is None or user.email != link.email:
            raise DeadLink()
        # Said to the link's holder, the account's owner: why their reset stopped working.
        refuse_deprovisioned(uow, user.person_id, "reset the password", user.email)
        if not user.is_active:
            raise DeadLink()
        start_over_with_password(uow, user, new_password, now)
        link.used_at = now
        user.last_login_at = now
        uow.audit.record(
            now, user.id, "password_reset.complete", "user", str(user.id), source_address
        )
        actor = acting_as(uow, user)
        uow.commit()
        return actor
