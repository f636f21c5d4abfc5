"""Key rotation: re-wrap every data key under the current master key, online."""

from __future__ import annotations

from collections.abc import Callable

from growpath.i18n import N_
from growpath.services.context import Context

BATCH = 500


def rotate_data_keys(ctx: Context, on_progress: Callable[[int], None] | None = None) -> int:
    """Re-wrap data keys and re-seal texts sealed under earlier master keys; return how many
    keys and rows were done.

    Records stay readable throughout: the running app holds the old keys on its ring until the
    operator removes them after this finishes. Each batch commits on its own, so an
    interrupted rotation resumes where it stopped.
    """
    ctx.require_org_admin(N_("only an organisation administrator may rotate encryption keys"))
    cipher = ctx.app.cipher
    done = 0
    while True:
        with ctx.uow() as uow:
            batch = uow.data_keys.wrapped_under_other_masters(cipher.kek_id, BATCH)
            for row in batch:
                row.wrapped_key = cipher.rewrap(row.kek_id, row.wrapped_key or b"")
                row.kek_id = cipher.kek_id
            # Texts sealed in their own column carry their data key with them: sealed again.
            resealed = uow.data_keys.reseal_texts_not_under(cipher.kek_id, BATCH)
            if not batch and not resealed:
                break
            uow.audit.record(
                ctx.now,
                ctx.actor_user_id,
                "keys.rotate",
                "data_keys",
                "",
                ctx.source_address,
                detail={"rewrapped": len(batch), "resealed_rows": resealed},
            )
            uow.commit()
        done += len(batch) + resealed
        if on_progress:
            on_progress(done)
    return done
