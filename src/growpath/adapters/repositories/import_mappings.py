"""The organisation's saved mapping of HRIS columns to growpath fields (one at most)."""

from __future__ import annotations

from sqlalchemy import select

from growpath.adapters.orm import ImportMappingRow
from growpath.adapters.repositories.base import Repository


class ImportMappingRepository(Repository[ImportMappingRow]):
    """The saved column mapping."""

    row_type = ImportMappingRow

    def saved(self) -> ImportMappingRow | None:
        """Return the saved mapping, if an admin saved one."""
        return self.db.scalar(select(ImportMappingRow).order_by(ImportMappingRow.id).limit(1))
