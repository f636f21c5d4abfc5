"""Mailers: a folder of .eml files for development, SMTP (with TLS and AUTH) for production.

The SMTP mailer is Python's own smtplib and ssl: synchronous like the outbox job that calls it,
no further dependency, and ssl.create_default_context() verifies the relay's certificate and
host name against the system's CA store (or the CA file set for a private relay).

A failed send raises one of three errors, because the outbox treats them differently:
``RelayRefusedSetup`` (the relay refuses us, whatever the message: wrong password, no TLS,
untrusted certificate) stops the whole pass without spending any message's retries;
``MessageRejected`` (a 5xx for this message) fails that message for good; any other
``OSError`` (connection refused, timeout, a 4xx) is transient and retried later.
"""

from __future__ import annotations

import smtplib
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Literal, Protocol

Security = Literal["starttls", "tls", "none"]


class Mailer(Protocol):
    """Something that delivers one e-mail or raises."""

    def send(self, message: EmailMessage) -> None:
        """Deliver message."""
        ...


class RelayRefusedSetup(Exception):
    """The relay refuses our configuration, so it would refuse every message alike."""


class MessageRejected(Exception):
    """The relay refused this message for good (a 5xx reply)."""


class FolderMailer:
    """Writes each e-mail as an .eml file, so nothing leaves the machine."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        """Write message to the folder under a name derived from its Message-ID."""
        self.folder.mkdir(parents=True, exist_ok=True)
        message_id = str(message.get("Message-ID", "")).strip("<>") or str(id(message))
        safe = "".join(c if c.isalnum() or c in "-_.@" else "_" for c in message_id)
        (self.folder / f"{safe}.eml").write_bytes(bytes(message))


@dataclass(frozen=True, repr=False)
class SmtpLogin:
    """An SMTP AUTH user name and password; the repr hides the password from any log."""

    username: str
    password: str

    def __repr__(self) -> str:
        return f"SmtpLogin(username={self.username!r}, password='**********')"


def hang_up(mailer: Mailer) -> None:
    """End the mailer's open connection to the relay, if it keeps one."""
    if isinstance(mailer, SmtpMailer):
        mailer.close()


def tls_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """Return a client TLS context that verifies the certificate and the host name."""
    try:
        # Verification and host name checks are on in the default context; a CA file replaces
        # the system store, so a private relay's CA is trusted and nothing else is.
        return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"GROWPATH_SMTP_CA_FILE {ca_file} holds no usable certificate") from exc


class SmtpMailer:
    """Sends through an SMTP relay, over STARTTLS, implicit TLS or (on this machine) clear.

    One connection (one TLS handshake, one login) carries a whole pass over the outbox:
    relays such as Gmail throttle accounts that log in for every message.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        security: Security = "starttls",
        login: SmtpLogin | None = None,
        context: ssl.SSLContext | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.security, self.login = security, login
        self.context = context or tls_context()
        self._smtp: smtplib.SMTP | None = None
        self._lock = threading.Lock()  # the scheduler thread and a command may share one mailer

    def send(self, message: EmailMessage) -> None:
        """Send message through the relay; raise RelayRefusedSetup, MessageRejected or OSError."""
        with self._lock:
            smtp = self._open_session()
            try:
                self._transmit(smtp, message)
            except MessageRejected:
                raise  # smtplib reset the transaction: the connection serves the next message
            except BaseException:
                self._drop()
                raise

    def close(self) -> None:
        """End the open connection, if any, with QUIT."""
        with self._lock:
            if self._smtp is not None:
                try:
                    self._smtp.quit()
                except (smtplib.SMTPException, OSError):
                    pass  # the relay hung up first: nothing left to end
                self._drop()

    def _open_session(self) -> smtplib.SMTP:
        """Return the open connection if the relay still answers, else a new one."""
        if self._smtp is not None:
            try:
                # NOOP proves the connection alive before a message is trusted to it, so a
                # relay that dropped an idle connection never leaves a message half sent.
                if self._smtp.noop()[0] == 250:
                    return self._smtp
            except (smtplib.SMTPException, OSError):
                pass
            self._drop()
        self._smtp = self._connected()
        return self._smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    @staticmethod
    def _transmit(smtp: smtplib.SMTP, message: EmailMessage) -> None:
        try:
            smtp.send_message(message)
        except smtplib.SMTPSenderRefused as exc:
            # MAIL FROM refused: a relay that wants AUTH (530) or forbids our sender refuses
            # every message alike, and nothing was sent.
            if exc.smtp_code >= 500:
                raise RelayRefusedSetup(
                    f"the relay refuses the sender {exc.sender}: {_reply(exc)}"
                ) from exc
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if codes and all(code >= 500 for code in codes):
                raise MessageRejected(_refusals(exc)) from exc
            raise OSError(_refusals(exc)) from exc
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code >= 500:
                raise MessageRejected(_reply(exc)) from exc
            raise

    def _connected(self) -> smtplib.SMTP:
        """Return an open, secured and logged-in connection to the relay."""
        try:
            smtp = self._opened()
        except ssl.SSLError as exc:
            raise _untrusted(self.host, self.port, exc) from exc
        try:
            self._secure_and_log_in(smtp)
        except ssl.SSLError as exc:
            smtp.close()
            raise _untrusted(self.host, self.port, exc) from exc
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _opened(self) -> smtplib.SMTP:
        if self.security == "tls":
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self.context
            )
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    def _secure_and_log_in(self, smtp: smtplib.SMTP) -> None:
        smtp.ehlo()
        if self.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise RelayRefusedSetup(
                    f"{self.host}:{self.port} does not offer STARTTLS; use its TLS port with "
                    "GROWPATH_SMTP_SECURITY=tls, or none for a relay on this machine"
                )
            smtp.starttls(context=self.context)
            smtp.ehlo()
        if self.login is None:
            return
        try:
            smtp.login(self.login.username, self.login.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise RelayRefusedSetup(
                f"the relay refused the login of {self.login.username}: {_reply(exc)}; "
                "check GROWPATH_SMTP_USERNAME and GROWPATH_SMTP_PASSWORD"
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise RelayRefusedSetup(
                f"{self.host}:{self.port} offers no AUTH on this connection; check "
                "GROWPATH_SMTP_SECURITY and the port"
            ) from exc


def _untrusted(host: str, port: int, exc: ssl.SSLError) -> RelayRefusedSetup:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return RelayRefusedSetup(
            f"the certificate of {host} is not trusted: {exc.verify_message}; "
            "set GROWPATH_SMTP_CA_FILE for a private relay"
        )
    # A handshake that fails outright (TLS spoken to a clear port, or the reverse) fails alike
    # for every message.
    return RelayRefusedSetup(
        f"no TLS session with {host}:{port} ({exc.reason or exc}); check "
        "GROWPATH_SMTP_SECURITY and GROWPATH_SMTP_PORT"
    )


def _reply(exc: smtplib.SMTPResponseException) -> str:
    error = exc.smtp_error
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return f"{exc.smtp_code} {text}".strip()


def _refusals(exc: smtplib.SMTPRecipientsRefused) -> str:
    return "; ".join(
        f"{code} {reply.decode('utf-8', 'replace')}" for code, reply in exc.recipients.values()
    )
