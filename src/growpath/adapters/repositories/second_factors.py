"""Two-step login: how services find and store authenticator secrets and recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from growpath.adapters.orm import RecoveryCodeRow, TotpCredentialRow


class SecondFactorRepository:
    """Authenticator secrets and recovery codes of accounts."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def totp_of(self, user_id: int) -> TotpCredentialRow | None:
        """Return the account's authenticator secret, confirmed or waiting for its first code."""
        return self.session.scalar(
            select(TotpCredentialRow).where(TotpCredentialRow.user_id == user_id)
        )

    def is_on(self, user_id: int) -> bool:
        """Whether the account has a confirmed authenticator."""
        return bool(
            self.session.scalar(
                select(TotpCredentialRow.id).where(
                    TotpCredentialRow.user_id == user_id,
                    TotpCredentialRow.confirmed_at.is_not(None),
                )
            )
        )

    def add_totp(self, credential: TotpCredentialRow) -> None:
        """Store a new authenticator secret."""
        self.session.add(credential)
        self.session.flush()

    def accept_step(self, credential_id: int, step: int) -> bool:
        """Record a code's time step as used, unless it or a later one already was; return
        whether it was recorded (one statement, so two requests cannot both use one code)."""
        accepted = self.session.execute(
            update(TotpCredentialRow)
            .where(
                TotpCredentialRow.id == credential_id,
                or_(
                    TotpCredentialRow.last_used_step.is_(None),
                    TotpCredentialRow.last_used_step < step,
                ),
            )
            .values(last_used_step=step)
            .execution_options(synchronize_session=False)
        )
        return int(accepted.rowcount) == 1  # type: ignore[attr-defined]

    def remove_all(self, user_id: int) -> None:
        """Forget the account's authenticator secret and every recovery code."""
        self.session.execute(delete(TotpCredentialRow).where(TotpCredentialRow.user_id == user_id))
        self.session.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.user_id == user_id))

    def replace_recovery_codes(self, user_id: int, digests: list[str], now: datetime) -> None:
        """Replace every recovery code of the account (used or not) by new ones."""
        self.session.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.user_id == user_id))
        self.session.add_all(
            RecoveryCodeRow(user_id=user_id, code_digest=digest, created_at=now)
            for digest in digests
        )

    def use_recovery_code(self, user_id: int, digest: str, now: datetime) -> bool:
        """Mark an unused recovery code of the account as used; return whether one was."""
        used = self.session.execute(
            update(RecoveryCodeRow)
            .where(
                RecoveryCodeRow.user_id == user_id,
                RecoveryCodeRow.code_digest == digest,
                RecoveryCodeRow.used_at.is_(None),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(used.rowcount) == 1  # type: ignore[attr-defined]

    def unused_recovery_codes(self, user_id: int) -> int:
        """Return how many recovery codes of the account are still unused."""
        return (
            self.session.scalar(
                select(func.count(RecoveryCodeRow.id)).where(
                    RecoveryCodeRow.user_id == user_id, RecoveryCodeRow.used_at.is_(None)
                )
            )
            or 0
        )
