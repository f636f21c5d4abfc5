"""A column type that seals what participants write, so the database never holds it in clear.

Every value is sealed on its way into the database under a fresh data key, wrapped by the
master key of the engine's app (the notes key), and opened on its way out; repositories,
queries and services read and write plain strings as before. A value stores as
`gp1:<master key id>:<base64 of wrapped key, nonce, ciphertext>`: text, so a column keeps its
type on both databases, and the master key id stays readable, so a rotation finds what an
earlier key sealed without opening it. The column's name is bound in as associated data: a
sealed value copied into another column does not open. The empty string stays empty: it says
nothing, and defaults need no key.
"""

from __future__ import annotations

import base64
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from growpath.adapters.crypto import NONCE_BYTES, DecryptionFailed, NoteCipher, Sealed
from growpath.domain.errors import Conflict

PREFIX = "gp1:"
# A wrapped data key: its own nonce, the 32-byte key, and the 16-byte tag of AES-GCM.
WRAPPED_KEY_BYTES = NONCE_BYTES + 32 + 16

_CIPHERS: weakref.WeakKeyDictionary[Dialect, Callable[[], NoteCipher]] = weakref.WeakKeyDictionary()


class SealedTextUnavailable(Conflict):
    """A record was sealed under a master key this server is not given."""


def unavailable(kek_id: str) -> SealedTextUnavailable:
    """Return the refusal for text sealed under a master key this server lacks."""
    # Not the reader's fault, and nothing to hide from them: the operator has a key to add.
    return SealedTextUnavailable(
        f"this text was sealed under master key {kek_id}, which this server is not "
        "configured with; an operator adds that notes key to GROWPATH_NOTES_PREVIOUS_KEYS "
        "to read it again"
    )


def seal_with(engine: Engine, cipher: Callable[[], NoteCipher]) -> None:
    """Make sealed columns of engine use the cipher that cipher() returns at each use."""
    _CIPHERS[engine.dialect] = cipher


def cipher_of(dialect: Dialect) -> NoteCipher | None:
    """Return the cipher sealed columns use on this dialect's engine, or None if it has none."""
    cipher = _CIPHERS.get(dialect)
    return cipher() if cipher is not None else None


def seal_value(cipher: NoteCipher, plain: str, column: str) -> str:
    """Return plain sealed for the column (a 'table.column' name) as stored text."""
    if plain == "":
        return ""
    sealed = cipher.seal(plain, column)
    blob = sealed.wrapped_key + sealed.nonce + sealed.ciphertext
    return f"{PREFIX}{sealed.kek_id}:{base64.b64encode(blob).decode()}"


def open_value(cipher: NoteCipher, stored: str, column: str) -> str:
    """Return the plain text of a stored value of the column, or raise SealedTextUnavailable."""
    if stored == "":
        return ""
    prefix, _, rest = stored.partition(PREFIX)
    kek_id, _, encoded = rest.partition(":")
    if prefix or not encoded:
        raise SealedTextUnavailable(f"a value of {column} is not sealed; run `growpath db upgrade`")
    blob = base64.b64decode(encoded)
    sealed = Sealed(
        kek_id,
        blob[:WRAPPED_KEY_BYTES],
        blob[WRAPPED_KEY_BYTES : WRAPPED_KEY_BYTES + NONCE_BYTES],
        blob[WRAPPED_KEY_BYTES + NONCE_BYTES :],
    )
    try:
        return cipher.open(sealed, column)
    except DecryptionFailed as exc:
        raise unavailable(kek_id) from exc


def master_key_of(stored: str) -> str | None:
    """Return the id of the master key a stored value was sealed under (None when empty)."""
    return stored.removeprefix(PREFIX).partition(":")[0] if stored else None


class SealedText(TypeDecorator[str]):
    """Text sealed at rest with the notes key; named 'table.column' for its associated data."""

    impl = Text
    cache_ok = True

    def __init__(self, column: str) -> None:
        super().__init__()
        self.column = column

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        """Seal a value on its way into the database."""
        if value is None:
            return None
        return seal_value(_required_cipher(dialect), value, self.column)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        """Open a value on its way out of the database."""
        if value is None:
            return None
        return open_value(_required_cipher(dialect), str(value), self.column)

    def copy(self, **kw: Any) -> SealedText:
        """Return a copy that seals for the same column."""
        return SealedText(self.column)


def _required_cipher(dialect: Dialect) -> NoteCipher:
    cipher = cipher_of(dialect)
    if cipher is None:
        # A programming error, not a user's: every engine the app uses is bound in bootstrap.
        raise RuntimeError("this engine has no notes key; build it through growpath.bootstrap")
    return cipher
