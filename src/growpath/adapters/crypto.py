"""Envelope encryption of confidential text: AES-256-GCM data keys wrapped by one master key."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from growpath.settings import DEVELOPMENT_SECRET_KEY

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


def decode_key(encoded: str) -> bytes:
    """Decode a URL-safe base64 key of exactly 32 bytes, or raise ValueError."""
    key = base64.urlsafe_b64decode(encoded.strip().encode())
    if len(key) != 32:
        raise ValueError("a notes key must be 32 bytes, URL-safe base64-encoded")
    return key


def new_key() -> str:
    """Return a fresh random key, URL-safe base64-encoded."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def kek_from_settings(notes_key: str | None, secret_key: str) -> bytes:
    """Return the 32-byte key-encryption key: GROWPATH_NOTES_KEY, else derived from the secret.

    Refuses to derive it from the development secret: that one is published in the source.
    """
    if notes_key:
        return decode_key(notes_key)
    if secret_key == DEVELOPMENT_SECRET_KEY:
        raise ValueError(
            "the notes key would derive from the public development secret; set "
            "GROWPATH_NOTES_KEY, or a private GROWPATH_SECRET_KEY (or leave it unset in "
            "development, and growpath keeps a random one in growpath-secret.key)"
        )
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"growpath notes key-encryption key"
    ).derive(secret_key.encode())


def key_id(kek: bytes) -> str:
    """Return the public identifier of a key-encryption key."""
    return hashlib.sha256(kek).hexdigest()[:16]


class NoteCipher:
    """Seals records with the current master key; opens those of any key still on the ring."""

    def __init__(self, kek: bytes, previous: Sequence[bytes] = ()) -> None:
        self.kek_id = key_id(kek)
        self._ring = {key_id(k): AESGCM(k) for k in previous}
        self._ring[self.kek_id] = AESGCM(kek)

    def seal(self, plaintext: str, context: str) -> Sealed:
        """Encrypt plaintext; context (e.g. "note:12") is bound in as associated data."""
        data_key = AESGCM.generate_key(bit_length=256)
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = AESGCM(data_key).encrypt(nonce, plaintext.encode(), context.encode())
        return Sealed(self.kek_id, self._wrap(data_key), nonce, ciphertext)

    def open(self, sealed: Sealed, context: str) -> str:
        """Decrypt a sealed record, or raise DecryptionFailed."""
        data_key = self._unwrap(sealed.kek_id, sealed.wrapped_key)
        try:
            plain = AESGCM(data_key).decrypt(sealed.nonce, sealed.ciphertext, context.encode())
        except (InvalidTag, ValueError) as exc:
            raise DecryptionFailed("the record is damaged or its key is gone") from exc
        return plain.decode()

    def rewrap(self, kek_id: str, wrapped_key: bytes) -> bytes:
        """Re-wrap a data key under the current master key; the record itself is untouched."""
        return self._wrap(self._unwrap(kek_id, wrapped_key))

    def _wrap(self, data_key: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._ring[self.kek_id].encrypt(nonce, data_key, self.kek_id.encode())

    def _unwrap(self, kek_id: str, wrapped_key: bytes) -> bytes:
        kek = self._ring.get(kek_id)
        if kek is None:
            raise DecryptionFailed(f"record was sealed with key {kek_id}, which is not configured")
        try:
            return kek.decrypt(
                wrapped_key[:NONCE_BYTES], wrapped_key[NONCE_BYTES:], kek_id.encode()
            )
        except (InvalidTag, ValueError) as exc:
            raise DecryptionFailed("the record is damaged or its key is gone") from exc
