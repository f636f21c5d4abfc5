"""The one place that wires settings, database, clock and mailer together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from sqlalchemy import Engine

from growpath.adapters.clock import Clock, SystemClock
from growpath.adapters.crypto import NoteCipher, decode_key, kek_from_settings
from growpath.adapters.database import create_database_engine
from growpath.adapters.mailer import FolderMailer, Mailer, SmtpMailer
from growpath.adapters.unit_of_work import UnitOfWork, session_factory
from growpath.settings import Settings


@dataclass
class Growpath:
    """Everything a use case needs from the outside world."""

    settings: Settings
    engine: Engine
    clock: Clock
    mailer: Mailer
    cipher: NoteCipher
    uow_factory: Callable[[], UnitOfWork] = field(repr=False)

    def uow(self) -> UnitOfWork:
        """Return a fresh unit of work."""
        return self.uow_factory()

    def with_clock(self, clock: Clock) -> Growpath:
        """Return the same collaborators on another clock (the demo replays past weeks)."""
        return replace(self, clock=clock)


def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    mailer: Mailer | None = None,
    engine: Engine | None = None,
) -> Growpath:
    """Build the application's collaborators; tests pass their own clock or mailer."""
    settings = settings or Settings()
    engine = engine or create_database_engine(
        settings.database_url, settings.database_pool_size, settings.database_max_overflow
    )
    if mailer is None:
        mailer = (
            SmtpMailer(settings.smtp_host, settings.smtp_port)
            if settings.mail_backend == "smtp"
            else FolderMailer(settings.mail_dir)
        )
    return Growpath(
        settings=settings,
        engine=engine,
        clock=clock or SystemClock(),
        mailer=mailer,
        cipher=NoteCipher(
            kek_from_settings(settings.notes_key, settings.secret_key),
            [decode_key(k) for k in settings.previous_note_keys()],
        ),
        uow_factory=partial(UnitOfWork, session_factory(engine)),
    )
