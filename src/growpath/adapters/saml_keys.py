"""The key pair growpath signs its SAML requests with, created on first use when none is set."""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

KEY_FILE = "growpath-saml-sp.key"
CERT_FILE = "growpath-saml-sp.crt"
# Identity providers pin the certificate from the metadata: a long life spares re-registering.
CERT_LIFETIME = timedelta(days=10 * 365)


def self_signed_pair(common_name: str) -> tuple[bytes, bytes]:
    """Return a new RSA private key and its self-signed certificate, both PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + CERT_LIFETIME)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def load_or_create_pair(folder: Path) -> tuple[Path, Path]:
    """Return the key and certificate files in folder, creating them (key 0600) when missing."""
    key_path, cert_path = folder / KEY_FILE, folder / CERT_FILE
    # Workers starting at once take turns, so that all of them publish the same certificate.
    with open(folder / f"{KEY_FILE}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (key_path.is_file() and cert_path.is_file()):
            key_pem, cert_pem = self_signed_pair("growpath SAML service provider")
            descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(key_pem)
            cert_path.write_bytes(cert_pem)
    return key_path, cert_path
