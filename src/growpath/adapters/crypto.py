"""Envelope encryption of confidential text: AES-256-GCM data keys wrapped by one master key."""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12


class DecryptionFailed(Exception):
    """A record could not be decrypted: wrong key, shredded key or tampered data."""


@dataclass(frozen=True)
class Sealed:
    """An encrypted record and its wrapped data key."""

    kek_id: str
    wrapped_key: bytes
    nonce: bytes
    ciphertext: bytes


def kek_from_settings(notes_key: str | None, secret_key: str) -> bytes:
    """Return the 32-byte key-encryption key: GROWPATH_NOTES_KEY, else derived from the secret."""
    if notes_key:
        key = base64.urlsafe_b64decode(notes_key.encode())
        if len(key) != 32:
            raise ValueError("GROWPATH_NOTES_KEY must be 32 bytes, base64-encoded")
        return key
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"growpath notes key-encryption key"
    ).derive(secret_key.encode())


class NoteCipher:
    """Seals and opens confidential records with a fresh data key per record."""

    def __init__(self, kek: bytes) -> None:
        self._kek = AESGCM(kek)
        self.kek_id = hashlib.sha256(kek).hexdigest()[:16]

    def seal(self, plaintext: str, context: str) -> Sealed:
        """Encrypt plaintext; context (e.g. "note:12") is bound in as associated data."""
        data_key = AESGCM.generate_key(bit_length=256)
        wrap_nonce = os.urandom(NONCE_BYTES)
        wrapped = wrap_nonce + self._kek.encrypt(wrap_nonce, data_key, self.kek_id.encode())
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = AESGCM(data_key).encrypt(nonce, plaintext.encode(), context.encode())
        return Sealed(self.kek_id, wrapped, nonce, ciphertext)

    def open(self, sealed: Sealed, context: str) -> str:
        """Decrypt a sealed record, or raise DecryptionFailed."""
        if sealed.kek_id != self.kek_id:
            raise DecryptionFailed(f"record was sealed with key {sealed.kek_id}, not {self.kek_id}")
        try:
            wrap_nonce, wrapped = sealed.wrapped_key[:NONCE_BYTES], sealed.wrapped_key[NONCE_BYTES:]
            data_key = self._kek.decrypt(wrap_nonce, wrapped, self.kek_id.encode())
            plain = AESGCM(data_key).decrypt(sealed.nonce, sealed.ciphertext, context.encode())
        except (InvalidTag, ValueError) as exc:
            raise DecryptionFailed("the record is damaged or its key is gone") from exc
        return plain.decode()
