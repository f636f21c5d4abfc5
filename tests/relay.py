"""A real SMTP relay for tests: aiosmtpd requiring AUTH over STARTTLS (or implicit TLS), with a
certificate authority and server certificate made here, as a private relay would have."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.factories import free_port

RELAY_USER = "growpath@example.com"
RELAY_PASSWORD = "relay-password-8c1f"  # noqa: S105 - the test relay's own password


@dataclass(frozen=True)
class Certificates:
    """PEM files: the CA a private relay's certificate chains to, and the relay's own."""

    ca: Path
    server_cert: Path
    server_key: Path

    def server_context(self) -> ssl.SSLContext:
        """Return the relay's TLS context."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.server_cert, self.server_key)
        return context


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_certificates(folder: Path) -> Certificates:
    """Make a CA and a certificate for 127.0.0.1 and localhost signed by it."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("growpath test CA"))
        .issuer_name(_name("growpath test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(IPv4Address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    files = Certificates(folder / "ca.pem", folder / "relay.pem", folder / "relay.key")
    files.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.server_cert.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    files.server_key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


@dataclass
class Relay:
    """What the relay received, and how it answers: a recipient it rejects, DATA it defers."""

    port: int
    received: list[EmailMessage] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    tls_sessions: int = 0
    rejected_recipient: str = "nobody@example.com"
    deferrals_left: int = 0
    deferred: list[EmailMessage] = field(default_factory=list)

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        """Accept the relay's one user with its one password."""
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == RELAY_USER
            and data.password.decode() == RELAY_PASSWORD
        )
        if ok:
            self.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        """Reject one mailbox for good, accept the others."""
        if address == self.rejected_recipient:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        """Keep the message, or defer it ("try later") while deferrals are left."""
        message = message_from_bytes(envelope.content, _class=EmailMessage, policy=policy.default)
        if session.ssl is not None:
            self.tls_sessions += 1
        if self.deferrals_left:
            self.deferrals_left -= 1
            self.deferred.append(message)
            return "451 4.3.0 try again later"
        self.received.append(message)
        return "250 OK"


@contextmanager
def running_relay(
    certificates: Certificates, *, implicit_tls: bool = False, port: int | None = None
) -> Iterator[Relay]:
    """Run a relay (on a free port, or the one given) that requires AUTH, and TLS before it."""
    relay = Relay(port or free_port())
    context = certificates.server_context()
    tls: dict[str, Any] = (
        # aiosmtpd 1.4 counts only STARTTLS as TLS when it decides to offer AUTH; on the
        # implicit-TLS port every byte is already encrypted, so it may offer AUTH at once.
        {"ssl_context": context, "auth_require_tls": False}
        if implicit_tls
        else {"tls_context": context, "require_starttls": True}
    )
    controller = Controller(
        relay,
        hostname="127.0.0.1",
        port=relay.port,
        auth_required=True,
        authenticator=relay.authenticate,
        **tls,
    )
    controller.start()
    try:
        yield relay
    finally:
        controller.stop()
