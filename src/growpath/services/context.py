"""Who a use case acts for, and the collaborators it runs with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from growpath.adapters.clock import Clock
from growpath.adapters.crypto import NoteCipher
from growpath.adapters.mailer import Mailer
from growpath.adapters.saml_provider import ServiceProvider
from growpath.adapters.unit_of_work import RequestUnitOfWork, UnitOfWork
from growpath.domain.accounts import Actor, Role
from growpath.domain.errors import PermissionDenied
from growpath.i18n import SOURCE_LOCALE
from growpath.settings import Settings

# The command line runs on the server with the operator's full authority.
OPERATOR = Actor(
    user_id=0, email="operator@localhost", person_id=None, roles=frozenset({Role.ORG_ADMIN})
)


class Collaborators(Protocol):
    """What a use case needs from the outside world; bootstrap.Growpath is the one in use.

    Services type against this, so none of them imports the composition root that builds it.
    """

    @property
    def settings(self) -> Settings:
        """The typed settings."""
        ...

    @property
    def clock(self) -> Clock:
        """The injected clock."""
        ...

    @property
    def mailer(self) -> Mailer:
        """Where e-mail goes."""
        ...

    @property
    def cipher(self) -> NoteCipher:
        """Encrypts and decrypts content at rest."""
        ...

    @property
    def saml(self) -> ServiceProvider:
        """growpath as a SAML service provider."""
        ...

    def uow(self) -> UnitOfWork:
        """Return a fresh unit of work."""
        ...

    def with_clock(self, clock: Clock) -> Collaborators:
        """Return the same collaborators on another clock (the demo replays past weeks)."""
        ...


def local_today(now: datetime, zone: str) -> date:
    """Return today's date in a person's time zone (UTC if the zone is unknown)."""
    try:
        tz: tzinfo = ZoneInfo(zone) if zone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        tz = UTC
    return now.astimezone(tz).date()


@dataclass(frozen=True)
class Context:
    """A request's actor, origin, the language it is answered in and the application it runs
    in."""

    app: Collaborators
    actor: Actor
    source_address: str = ""
    # Shipped content (modules, scenarios, guides) is read in this locale; English by default.
    locale: str = SOURCE_LOCALE
    # A web request's unit of work, still open from its login lookup: its first use case goes
    # on in it (adapters/unit_of_work.py). None at the command line and in jobs.
    request_uow: RequestUnitOfWork | None = field(default=None, repr=False, compare=False)

    @property
    def now(self) -> datetime:
        """The current time from the injected clock."""
        return self.app.clock.now()

    @property
    def today(self) -> date:
        """Today's date where the actor is: their profile's time zone, UTC without one."""
        # A date a person types ("measured today", "due tomorrow") is a date of their own
        # calendar: by UTC's, Auckland's mornings would be yesterday and Hawaii's evenings
        # tomorrow.
        return local_today(self.now, self.actor.time_zone or "")

    @property
    def actor_user_id(self) -> int | None:
        """The acting account's id, or None for the operator at the command line."""
        return self.actor.user_id or None

    def uow(self) -> UnitOfWork:
        """Return a unit of work: the request's own the first time, else a fresh one."""
        lent = self.request_uow.lend() if self.request_uow is not None else None
        return lent or self.app.uow()

    # Each refusal is a whole marked sentence (N_), "only an administrator may ...", so a
    # language puts the words of what was refused where its grammar wants them.
    def require_admin(self, refusal: str) -> None:
        """Refuse unless the actor administers programs or the organisation."""
        if not self.actor.is_admin:
            raise PermissionDenied(refusal)

    def require_program_admin(self, program_id: int, refusal: str) -> None:
        """Refuse unless the actor administers this program (or the whole organisation)."""
        if self.actor.administers(program_id):
            return
        if Role.PROGRAM_ADMIN in self.actor.roles:
            # A context can outlive the moment its actor was read (a script, the demo, a
            # test): a program granted since, such as one the actor just created, counts.
            with self.uow() as uow:
                if program_id in uow.program_admins.programs_of(self.actor.user_id):
                    return
        raise PermissionDenied(refusal)

    def require_org_admin(self, refusal: str, **values: object) -> None:
        """Refuse unless the actor administers the organisation."""
        if not self.actor.is_org_admin:
            raise PermissionDenied(refusal, **values)


def operator_context(app: Collaborators) -> Context:
    """Return a context for the command-line operator."""
    return Context(app=app, actor=OPERATOR, source_address="cli")
