"""An attacker who takes a report, changes one person (or waits for one), takes it again, subtracts.

It knows which one person changed between the two reports (it moved her to another level, or
read in the audit trail that a check-in was answered), so any published cell whose value moved
is that person's doing: a mean's sum (mean × people) before minus after is her part of it, a
rate's count likewise. It reads the published JSON only, as an administrator would; a cell
shown as a band or suppressed in either report gives it nothing to subtract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Figures whose value times people is an additive sum (means); rates are shares of 100.
MEANS = {"satisfaction", "days_to_first_meeting", "growth", "mean_change"}
RATES = {
    "match_rate",
    "acceptance_rate",
    "cadence_kept",
    "stalled_14",
    "stalled_30",
    "stalled_90",
}


@dataclass(frozen=True)
class Recovered:
    """A cell that moved between two reports, and the one person's part the move gives away."""

    table: str
    group: str
    figure: str
    part: float


def _cells(report: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    cells = {}
    for table in report["tables"]:
        for row in [*table["rows"], *([table["total"]] if table["total"] else [])]:
            for figure, cell in row["cells"].items():
                cells[(table["key"], row["label"], figure)] = cell
    return cells


def _sum(figure: str, cell: dict[str, Any]) -> float:
    if figure in MEANS:
        return float(cell["value"]) * int(cell["people"])
    if figure in RATES:
        return float(cell["value"]) * int(cell["people"]) / 100
    return float(cell["value"])


def difference(before: dict[str, Any], after: dict[str, Any]) -> list[Recovered]:
    """Return every cell published as a number in both reports whose value moved."""
    first, second = _cells(before), _cells(after)
    found = []
    for key in sorted(first.keys() & second.keys()):
        old, new = first[key], second[key]
        if "value" not in old or "value" not in new:
            continue
        if old["value"] != new["value"] or old["people"] != new["people"]:
            table, group, figure = key
            found.append(
                Recovered(table, group, figure, round(_sum(figure, old) - _sum(figure, new), 2))
            )
    return found


def recover(
    before: dict[str, Any], after: dict[str, Any], table: str, group: str, figure: str
) -> float | None:
    """Return the one person's part of a cell (sum before minus after), or None if hidden."""
    for found in difference(before, after):
        if (found.table, found.group, found.figure) == (table, group, figure):
            return abs(found.part)
    return None
