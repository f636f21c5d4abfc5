"""An attacker who reads a published report and differences it to recover suppressed cells.

It knows every published cell's value and people count, every total, and that each breakdown
partitions the same people (so all breakdowns of one report share their total). For each figure
it writes one equation per table — the hidden cells sum to the total minus the published ones —
and solves the whole report's system: a hidden cell is recovered when the system pins it down.
It also checks what it can always learn, the residual: the hidden cells of a line taken together,
which must aggregate at least k people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Finding:
    """A hidden cell the attacker recovered, or a residual over fewer than k people."""

    table: str
    figure: str
    group: str
    how: str


def _recoverable(equations: list[dict[int, float]], unknowns: int) -> set[int]:
    if not unknowns or not equations:
        return set()
    matrix = np.zeros((len(equations), unknowns))
    for i, equation in enumerate(equations):
        for j, coefficient in equation.items():
            matrix[i, j] = coefficient
    rank = np.linalg.matrix_rank(matrix)
    pinned = set()
    for j in range(unknowns):
        probe = np.zeros((1, unknowns))
        probe[0, j] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, probe])) == rank:
            pinned.add(j)
    return pinned


def attack(report: dict[str, Any], k: int) -> list[Finding]:
    """Return every suppressed cell the report gives away (an empty list when it is safe)."""
    findings: list[Finding] = []
    tables = [t for t in report["tables"] if t["total"] is not None]
    figures = {c["key"] for t in tables for c in t["columns"]}
    for figure in sorted(figures):
        unknowns: list[tuple[str, str]] = []
        equations: list[dict[int, float]] = []
        for table in tables:
            if figure not in table["total"]["cells"]:
                continue  # another population's table (lineage counts former mentees)
            total = table["total"]["cells"][figure]
            hidden = [r for r in table["rows"] if r["cells"][figure].get("suppressed")]
            if total.get("suppressed"):
                continue  # nothing to difference against
            equation = {}
            for row in hidden:
                equation[len(unknowns)] = 1.0
                unknowns.append((table["key"], row["label"]))
            if equation:
                equations.append(equation)
                shown = sum(
                    r["cells"][figure]["people"]
                    for r in table["rows"]
                    if not r["cells"][figure].get("suppressed")
                )
                residual = total["people"] - shown
                if residual < k:
                    findings.append(
                        Finding(
                            table["key"],
                            figure,
                            "+".join(r["label"] for r in hidden),
                            f"the hidden cells together aggregate {residual} people",
                        )
                    )
        for j in sorted(_recoverable(equations, len(unknowns))):
            table_key, group = unknowns[j]
            findings.append(Finding(table_key, figure, group, "pinned down by differencing"))
    return findings


def suppressed_cells(report: dict[str, Any]) -> int:
    """Return how many cells of the report are suppressed."""
    return sum(
        1
        for table in report["tables"]
        for row in [*table["rows"], *([table["total"]] if table["total"] else [])]
        for cell in row["cells"].values()
        if cell.get("suppressed")
    )
