"""Envelope encryption of notes."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from growpath.adapters.crypto import DecryptionFailed, NoteCipher, kek_from_settings


def test_a_sealed_note_opens_with_its_context_and_hides_its_text() -> None:
    cipher = NoteCipher(os.urandom(32))
    sealed = cipher.seal("the mentee fears the reorg", "note:1")
    assert b"reorg" not in sealed.ciphertext + sealed.wrapped_key
    assert cipher.open(sealed, "note:1") == "the mentee fears the reorg"


def test_a_note_moved_to_another_record_or_tampered_with_does_not_open() -> None:
    cipher = NoteCipher(os.urandom(32))
    sealed = cipher.seal("private", "note:1")
    with pytest.raises(DecryptionFailed):
        cipher.open(sealed, "note:2")
    flipped = bytes([sealed.ciphertext[0] ^ 1]) + sealed.ciphertext[1:]
    with pytest.raises(DecryptionFailed):
        cipher.open(replace(sealed, ciphertext=flipped), "note:1")


def test_another_master_key_cannot_open_a_note() -> None:
    sealed = NoteCipher(os.urandom(32)).seal("private", "note:1")
    with pytest.raises(DecryptionFailed):
        NoteCipher(os.urandom(32)).open(sealed, "note:1")


def test_the_derived_master_key_is_stable_for_one_secret() -> None:
    assert kek_from_settings(None, "s" * 40) == kek_from_settings(None, "s" * 40)
    assert kek_from_settings(None, "s" * 40) != kek_from_settings(None, "t" * 40)


def test_a_rewrapped_record_opens_with_the_new_key_alone() -> None:
    old, new = os.urandom(32), os.urandom(32)
    sealed = NoteCipher(old).seal("private", "note:1")
    rotating = NoteCipher(new, previous=[old])
    assert rotating.open(sealed, "note:1") == "private"  # readable during rotation
    rewrapped = replace(
        sealed,
        kek_id=rotating.kek_id,
        wrapped_key=rotating.rewrap(sealed.kek_id, sealed.wrapped_key),
    )
    assert NoteCipher(new).open(rewrapped, "note:1") == "private"
    with pytest.raises(DecryptionFailed, match="not configured"):
        NoteCipher(new).open(sealed, "note:1")
