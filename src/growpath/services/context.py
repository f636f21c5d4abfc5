"""Who a use case acts for, and the collaborators it runs with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Actor, Role
from growpath.domain.errors import PermissionDenied

# The command line runs on the server with the operator's full authority.
OPERATOR = Actor(
    user_id=0, email="operator@localhost", person_id=None, roles=frozenset({Role.ORG_ADMIN})
)


@dataclass(frozen=True)
class Context:
    """A request's actor, origin and the application it runs in."""

    app: Growpath
    actor: Actor
    source_address: str = ""

    @property
    def now(self) -> datetime:
        """The current time from the injected clock."""
        return self.app.clock.now()

    @property
    def actor_user_id(self) -> int | None:
        """The acting account's id, or None for the operator at the command line."""
        return self.actor.user_id or None

    def uow(self) -> UnitOfWork:
        """Return a fresh unit of work."""
        return self.app.uow()

    def require_admin(self, doing: str) -> None:
        """Refuse unless the actor administers programs or the organisation."""
        if not self.actor.is_admin:
            raise PermissionDenied(f"only an administrator may {doing}")

    def require_org_admin(self, doing: str) -> None:
        """Refuse unless the actor administers the organisation."""
        if not self.actor.is_org_admin:
            raise PermissionDenied(f"only an organisation administrator may {doing}")


def operator_context(app: Growpath) -> Context:
    """Return a context for the command-line operator."""
    return Context(app=app, actor=OPERATOR, source_address="cli")
