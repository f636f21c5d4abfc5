"""Every foreign key is the leading column of an index (a migration creates them)."""

from __future__ import annotations

from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint

from growpath.adapters.orm import Base


def test_every_foreign_key_has_an_index() -> None:
    # A join or a cascading delete through a foreign key without an index reads the whole table.
    unindexed = []
    for table in Base.metadata.sorted_tables:
        leading = {index.columns[0].name for index in table.indexes if index.columns}
        for constraint in table.constraints:
            columns = list(getattr(constraint, "columns", []))
            if columns and isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint):
                leading.add(columns[0].name)
        unindexed += [
            f"{table.name}.{key.parent.name}"
            for key in table.foreign_keys
            if key.parent.name not in leading
        ]
    assert unindexed == []
