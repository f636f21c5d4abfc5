"""Seal confidential text under a fresh data key stored beside it, ready to crypto-shred."""

from __future__ import annotations

from growpath.adapters.crypto import DecryptionFailed, Sealed
from growpath.adapters.orm import DataKeyRow
from growpath.adapters.sealed_text import SealedTextUnavailable, unavailable
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.services.context import Context

__all__ = ["SealedTextUnavailable", "open_text", "seal_staged", "seal_text"]


def seal_text(
    uow: UnitOfWork, ctx: Context, text: str, context: str, owner_person_id: int | None
) -> tuple[int, Sealed]:
    """Encrypt text, store its wrapped data key, and return the key's id and the sealed text."""
    key, sealed = seal_staged(ctx, text, context, owner_person_id)
    uow.data_keys.add(key)
    return key.id, sealed


def seal_staged(
    ctx: Context, text: str, context: str, owner_person_id: int | None
) -> tuple[DataKeyRow, Sealed]:
    """Encrypt text and return its wrapped data key, not yet stored, and the sealed text: for
    a row that refers to the key itself and is staged with it."""
    sealed = ctx.app.cipher.seal(text, context)
    key = DataKeyRow(
        kek_id=sealed.kek_id,
        wrapped_key=sealed.wrapped_key,
        owner_person_id=owner_person_id,
        created_at=ctx.now,
    )
    return key, sealed


def open_text(ctx: Context, sealed: Sealed, context: str) -> str:
    """Decrypt sealed text; a record this server cannot open is refused with what to do."""
    try:
        return ctx.app.cipher.open(sealed, context)
    except DecryptionFailed as exc:
        raise unavailable(sealed.kek_id) from exc
