"""The one place that wires settings, database, clock and mailer together."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from growpath.adapters.clock import Clock, SystemClock
from growpath.adapters.crypto import NoteCipher, decode_key, kek_from_settings
from growpath.adapters.database import create_database_engine
from growpath.adapters.local_secret import load_or_create_secret
from growpath.adapters.mailer import FolderMailer, Mailer, SmtpLogin, SmtpMailer, tls_context
from growpath.adapters.saml_provider import ServiceProvider
from growpath.adapters.sealed_text import seal_with
from growpath.adapters.unit_of_work import RequestUnitOfWork, UnitOfWork, session_factory
from growpath.settings import DEVELOPMENT_SECRET_KEY, Settings


@dataclass
class Growpath:
    """Everything a use case needs from the outside world."""

    settings: Settings
    engine: Engine
    clock: Clock
    mailer: Mailer
    cipher: NoteCipher
    sessions: sessionmaker[Session] = field(repr=False)
    saml: ServiceProvider = field(repr=False)

    def uow(self) -> UnitOfWork:
        """Return a fresh unit of work."""
        return UnitOfWork(self.sessions)

    def request_uow(self) -> RequestUnitOfWork:
        """Return a request's unit of work: its login lookup opens it, its first use case
        goes on in it."""
        return RequestUnitOfWork(self.sessions)

    def with_clock(self, clock: Clock) -> Growpath:
        """Return the same collaborators on another clock (the demo replays past weeks)."""
        return replace(self, clock=clock)


def settings_from_environment(folder: Path | None = None) -> Settings:
    """Read the settings; in development without GROWPATH_SECRET_KEY, use (and on first run
    create) a random secret in the working folder instead of the published development one."""
    settings = Settings()
    if (
        settings.environment == "development"
        and "secret_key" not in settings.model_fields_set
        and settings.secret_key == DEVELOPMENT_SECRET_KEY
    ):
        secret = load_or_create_secret(folder or Path.cwd())
        settings = settings.model_copy(update={"secret_key": secret})
    return settings


def smtp_mailer(settings: Settings) -> SmtpMailer:
    """Return the SMTP mailer the settings describe; a CA file that loads nothing is refused."""
    password = settings.smtp_password
    return SmtpMailer(
        settings.smtp_host,
        settings.smtp_port_or_default(),
        security=settings.smtp_security,
        login=SmtpLogin(settings.smtp_username, password.get_secret_value())
        if settings.smtp_username and password is not None
        else None,
        context=tls_context(settings.smtp_ca_file),
    )


def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    mailer: Mailer | None = None,
    engine: Engine | None = None,
) -> Growpath:
    """Build the application's collaborators; tests pass their own clock or mailer."""
    settings = settings or settings_from_environment()
    engine = engine or create_database_engine(
        settings.database_url, settings.database_pool_size, settings.database_max_overflow
    )
    if mailer is None:
        mailer = (
            smtp_mailer(settings)
            if settings.mail_backend == "smtp"
            else FolderMailer(settings.mail_dir)
        )
    growpath = Growpath(
        settings=settings,
        engine=engine,
        clock=clock or SystemClock(),
        mailer=mailer,
        cipher=NoteCipher(
            kek_from_settings(settings.notes_key, settings.secret_key),
            [decode_key(k) for k in settings.previous_note_keys()],
        ),
        sessions=session_factory(engine),
        # Reads the provider's metadata (and makes a key pair in the working folder, outside
        # production, when none is set) at the first SAML sign-in, not at start.
        saml=ServiceProvider(settings, Path.cwd()),
    )
    # Looked up at each use, so that a key swapped on the app (tests, rotation) applies at once.
    seal_with(engine, lambda: growpath.cipher)
    return growpath
