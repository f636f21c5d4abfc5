"""An HRIS file read into records of growpath's fields, by a preset, a mapping or our names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from growpath.adapters.hris_files import NOT_AN_OBJECT, TOO_MANY_CELLS, read_hris_file
from growpath.domain.errors import InvalidInput
from growpath.domain.hris_columns import ColumnPlan, plan_columns

Records = list[tuple[int, dict[str, Any]]]


@dataclass(frozen=True)
class ImportFile:
    """An HRIS file read into growpath's fields, with the columns it ignored."""

    records: Records
    plan: ColumnPlan
    read_as: str

    @property
    def warnings(self) -> tuple[str, ...]:
        """One warning listing every column no field reads, if any."""
        if not self.plan.ignored:
            return ()
        count = len(self.plan.ignored)
        return (
            f"ignored {count} column{'' if count == 1 else 's'} that no growpath field reads: "
            + ", ".join(self.plan.ignored),
        )


def read_records(
    content: bytes,
    filename: str,
    preset: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ImportFile:
    """Read an HRIS file into records of growpath fields, or raise InvalidInput saying why."""
    hris = read_hris_file(content, filename)
    plan = plan_columns(hris.headers, preset, mapping)
    if isinstance(plan, list):
        raise InvalidInput(plan)
    return ImportFile(
        [(line, _fields(record, plan)) for line, record in hris.records], plan, hris.form
    )


def _fields(record: dict[str, Any], plan: ColumnPlan) -> dict[str, Any]:
    if TOO_MANY_CELLS in record or NOT_AN_OBJECT in record:
        return record
    fields = {field: record.get(header) for field, header in plan.columns.items()}
    first, last = fields.pop("first_name", None), fields.pop("last_name", None)
    if not cell_text(fields.get("name")) and (first or last):
        fields["name"] = " ".join(part for part in (cell_text(first), cell_text(last)) if part)
    return fields


def cell_text(value: object) -> str:
    """Return a cell as stripped text; an empty cell is ""."""
    return "" if value is None else str(value).strip()
