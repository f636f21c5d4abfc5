"""The development-theme taxonomy: how services find and store themes, without committing."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from growpath.adapters.orm import DevelopmentThemeRow, SessionThemeRow


class ThemeRepository:
    """The development themes a session can be tagged with."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def keys(self) -> set[str]:
        """Return the key of every theme."""
        return set(self.session.scalars(select(DevelopmentThemeRow.key)))

    def listing(self) -> Sequence[Row[str, str, str]]:
        """Return every theme's key, name and description, by name."""
        return self.session.execute(
            select(
                DevelopmentThemeRow.key, DevelopmentThemeRow.name, DevelopmentThemeRow.description
            ).order_by(DevelopmentThemeRow.name)
        ).all()

    def count(self) -> int:
        """Return how many themes the taxonomy has."""
        return self.session.scalar(select(func.count(DevelopmentThemeRow.id))) or 0

    def keys_of_session(self, session_id: int) -> list[str]:
        """Return the keys of the themes a session was tagged with."""
        return list(
            self.session.scalars(
                select(DevelopmentThemeRow.key)
                .join(SessionThemeRow, SessionThemeRow.theme_id == DevelopmentThemeRow.id)
                .where(SessionThemeRow.session_id == session_id)
            )
        )

    def add(self, theme: DevelopmentThemeRow) -> None:
        """Store a new theme."""
        self.session.add(theme)
