"""Aggregate reporting rules: what each figure means, the k-threshold, complementary suppression.

Every figure of a report is computed from a *tally*: the number of distinct people it
aggregates and additive sums over them (matched people, days to a first meeting, goals met …).
Tallies of the rows of a breakdown add up to the tally of the whole program, so an attacker who
sees the total and all but one row can difference out the missing row. Suppression therefore
works per measure over the whole line: every row aggregating fewer than k people is hidden
(primary suppression), and further rows are hidden until the hidden rows together aggregate at
least k people and number at least two (complementary suppression), so what can be differenced
out is only the sum of two or more hidden rows, itself over k or more people.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from growpath.domain.programs import KINDS

MIN_GROUP_FLOOR = 3
DEFAULT_MIN_GROUP = 5
# The support a participant gets across their programs: coaching, mentoring, or both.
BOTH = "both"
SUPPORTS = (*KINDS, BOTH)
# What a write touched of the facts reports are built from, so only those are recomputed:
# the rows of one enrolment, person, program, engagement or session, or all of them.
ALL_FACTS = "all"
FACT_KEYS = ("enrolment", "person", "program", "engagement", "session", ALL_FACTS)

# The additive sums behind each measure, besides its number of people.
MEASURES: dict[str, tuple[str, ...]] = {
    "participation": ("matched", "active"),
    "acceptance": ("accepted",),
    "first_meeting": ("days",),
    "cadence": ("kept",),
    "stalled": ("idle_14", "idle_30", "idle_90"),
    "goals": ("met", "decided"),
    "satisfaction": ("score", "promoters", "detractors"),
    "growth": ("change", "change_squared"),
}


@dataclass(frozen=True)
class Tally:
    """Distinct people aggregated and additive sums over them."""

    people: int
    sums: Mapping[str, float] = field(default_factory=dict)

    def __add__(self, other: Tally) -> Tally:
        keys = set(self.sums) | set(other.sums)
        return Tally(
            self.people + other.people,
            {k: self.sums.get(k, 0.0) + other.sums.get(k, 0.0) for k in sorted(keys)},
        )

    def __getitem__(self, key: str) -> float:
        return float(self.sums.get(key, 0.0))


def _share(key: str) -> Callable[[Tally], float]:
    return lambda t: 100.0 * t[key] / t.people


def _mean(key: str) -> Callable[[Tally], float]:
    return lambda t: t[key] / t.people


def _goal_attainment(t: Tally) -> float:
    return 100.0 * t["met"] / t["decided"] if t["decided"] else 0.0


def _net_promoter(t: Tally) -> float:
    return 100.0 * (t["promoters"] - t["detractors"]) / t.people


@dataclass(frozen=True)
class Figure:
    """One column of a report: its measure, unit and how it follows from a tally."""

    key: str
    label: str
    measure: str
    unit: str
    compute: Callable[[Tally], float]

    def of(self, tally: Tally) -> float:
        """Return the figure's value for a tally over at least one person."""
        return round(self.compute(tally), 2)


BREAKDOWN_FIGURES: tuple[Figure, ...] = (
    Figure("enrolled", "Enrolled", "participation", "people", lambda t: float(t.people)),
    Figure("matched", "Matched", "participation", "people", lambda t: t["matched"]),
    Figure("active", "Active", "participation", "people", lambda t: t["active"]),
    Figure("match_rate", "Match rate", "participation", "%", _share("matched")),
    Figure("acceptance_rate", "Acceptance rate", "acceptance", "%", _share("accepted")),
    Figure(
        "days_to_first_meeting",
        "Days from match to first meeting",
        "first_meeting",
        "days",
        _mean("days"),
    ),
    Figure("cadence_kept", "Cadence kept", "cadence", "%", _share("kept")),
    Figure("stalled_14", "No session for 14+ days", "stalled", "%", _share("idle_14")),
    Figure("stalled_30", "No session for 30+ days", "stalled", "%", _share("idle_30")),
    Figure("stalled_90", "No session for 90+ days", "stalled", "%", _share("idle_90")),
    Figure("goal_attainment", "Goals met", "goals", "%", _goal_attainment),
    Figure("satisfaction", "Satisfaction (1–5)", "satisfaction", "score", _mean("score")),
    Figure("nps", "Net promoter score", "satisfaction", "NPS", _net_promoter),
    Figure("growth", "Competency growth", "growth", "levels", _mean("change")),
)
FIGURES_BY_KEY = {f.key: f for f in BREAKDOWN_FIGURES}


@dataclass(frozen=True)
class Suppression:
    """Which cells of one additive line are hidden, and whether its total is too."""

    cells: frozenset[int]
    total: bool


def suppress(people: Sequence[int], k: int) -> Suppression:
    """Choose the cells of one additive line (rows summing to a total) to hide.

    Hidden: every cell over fewer than k people, then the smallest others until the hidden
    cells number at least two and together aggregate at least k people. When the total itself
    is under k, everything is hidden.
    """
    if sum(people) < k:
        return Suppression(frozenset(range(len(people))), True)
    hidden = {i for i, n in enumerate(people) if n < k}
    candidates = sorted((i for i in range(len(people)) if i not in hidden), key=lambda i: people[i])
    for i in candidates:
        if not hidden or (len(hidden) >= 2 and sum(people[j] for j in hidden) >= k):
            break
        hidden.add(i)
    return Suppression(frozenset(hidden), False)


@dataclass(frozen=True)
class Cell:
    """A published value and the people behind it; both None when suppressed.

    A value near a bound of its scale is published as a band instead (value None, band
    (from, to)): "everyone accepted" would tell each member's answer.
    """

    value: float | None
    people: int | None
    band: tuple[float, float] | None = None

    @property
    def suppressed(self) -> bool:
        """Whether the cell is withheld."""
        return self.value is None and self.band is None


SUPPRESSED = Cell(None, None)


@dataclass(frozen=True)
class Row:
    """One group of a table (a department, a level …), its cells by figure key, and when its
    published figures last moved on (None where not known, e.g. competencies and themes)."""

    label: str
    cells: Mapping[str, Cell]
    as_of: datetime | None = None


@dataclass(frozen=True)
class Table:
    """A protected table: rows, an optional total, and the figures that are its columns."""

    key: str
    title: str
    dimension: str
    figures: tuple[Figure, ...]
    rows: tuple[Row, ...]
    total: Row | None


def protect_breakdown(
    key: str,
    title: str,
    dimension: str,
    rows: Sequence[tuple[str, Mapping[str, Tally]]],
    k: int,
    figures: Sequence[Figure] = BREAKDOWN_FIGURES,
) -> Table:
    """Turn the tallies of a partition of the people into a table safe to publish."""
    totals = {
        m: sum((r[m] for _, r in rows if m in r), Tally(0)) for m in {f.measure for f in figures}
    }
    hidden_rows: dict[str, frozenset[int]] = {}
    hidden_total: set[str] = set()
    for measure in totals:
        line = suppress([r[measure].people if measure in r else 0 for _, r in rows], k)
        hidden_rows[measure] = line.cells
        if line.total:
            hidden_total.add(measure)

    def row(label: str, tallies: Mapping[str, Tally], hidden: set[str]) -> Row:
        cells = {
            f.key: SUPPRESSED
            if f.measure in hidden
            else Cell(f.of(tallies[f.measure]), tallies[f.measure].people)
            for f in figures
        }
        return Row(label, cells)

    published = [
        row(label, tallies, {m for m, cells in hidden_rows.items() if i in cells})
        for i, (label, tallies) in enumerate(rows)
    ]
    return Table(
        key, title, dimension, tuple(figures), tuple(published), row("All", totals, hidden_total)
    )


def t_quantile(confidence: float, degrees_of_freedom: int) -> float:
    """Return the two-sided Student t quantile for a confidence level."""
    # Imported here, as settings import this module; scipy.special rather than scipy.stats,
    # whose import took over a second and made a process's first report that much slower.
    from scipy.special import stdtrit  # noqa: PLC0415

    return float(stdtrit(degrees_of_freedom, 0.5 + confidence / 2))


def mean_interval(tally: Tally, confidence: float = 0.95) -> tuple[float, float, float]:
    """Return the mean change and its confidence interval from (change, change_squared)."""
    n = tally.people
    mean = tally["change"] / n
    variance = max(tally["change_squared"] - n * mean * mean, 0.0) / (n - 1) if n > 1 else 0.0
    half = t_quantile(confidence, max(n - 1, 1)) * math.sqrt(variance / n)
    return round(mean, 2), round(mean - half, 2), round(mean + half, 2)


GROWTH_FIGURES: tuple[Figure, ...] = (
    Figure("people", "People rated", "growth", "people", lambda t: float(t.people)),
    Figure("mean_change", "Mean change", "growth", "levels", lambda t: mean_interval(t)[0]),
    Figure("ci_low", "95% CI low", "growth", "levels", lambda t: mean_interval(t)[1]),
    Figure("ci_high", "95% CI high", "growth", "levels", lambda t: mean_interval(t)[2]),
)
THEME_FIGURES: tuple[Figure, ...] = (
    Figure("people", "People", "themes", "people", lambda t: float(t.people)),
)


def protect_independent(
    key: str,
    title: str,
    dimension: str,
    rows: Sequence[tuple[str, Tally]],
    figures: Sequence[Figure],
    k: int,
) -> Table:
    """Protect rows that publish no total (competencies, themes): each stands or falls alone."""
    return Table(
        key,
        title,
        dimension,
        tuple(figures),
        tuple(
            Row(
                label,
                {
                    f.key: SUPPRESSED if tally.people < k else Cell(f.of(tally), tally.people)
                    for f in figures
                },
            )
            for label, tally in rows
        ),
        None,
    )


@dataclass(frozen=True)
class Scale:
    """A figure's bounds, how far one person's answer moves it (over one person), its band step."""

    low: float | None
    high: float | None
    one_person: float
    step: float


PERCENT = Scale(0.0, 100.0, 100.0, 5.0)
SCALES: dict[str, Scale] = {
    **dict.fromkeys(
        (
            "match_rate",
            "acceptance_rate",
            "cadence_kept",
            "stalled_14",
            "stalled_30",
            "stalled_90",
            "goal_attainment",
            "practising_weekly",
            "share_of_former_mentees",
            "pay_it_forward_rate",
        ),
        PERCENT,
    ),
    # A report's answer to "asked or told?" after a manager's coaching conversation.
    "asked_or_told": Scale(1.0, 5.0, 1.0, 0.1),
    "nps": Scale(-100.0, 100.0, 100.0, 5.0),
    "satisfaction": Scale(1.0, 5.0, 1.0, 0.1),
    # The mean of a custom scale question's answers (growpath.domain.question_reports).
    "answer_mean": Scale(1.0, 5.0, 1.0, 0.1),
    "days_to_first_meeting": Scale(0.0, None, 1.0, 1.0),
    "growth": Scale(-4.0, 4.0, 1.0, 0.1),
    "mean_change": Scale(-4.0, 4.0, 1.0, 0.1),
}
# Counts of the cell's own people: bounded by none and all of them.
COUNTS = ("matched", "active", "guiding")
# Figures that follow another's band: an interval around a mean at a bound is that bound.
FOLLOWS = {"ci_low": "mean_change", "ci_high": "mean_change"}


def band_of(key: str, value: float, people: int) -> tuple[float, float] | None:
    """Return the band to publish instead of a value this near a bound (None: not near one).

    A band reaches from the bound to where one person's different answer would put the
    figure, rounded outward to the scale's step, so it always holds the bound and at least one
    value where somebody differs; every value inside it reads the same.
    """
    if key in COUNTS:
        if value >= people - 1:
            return (float(people - 1), float(people))
        return (0.0, 1.0) if value <= 1 else None
    scale = SCALES.get(key)
    if scale is None:
        return None
    shift = scale.one_person / people
    if scale.high is not None:
        edge = round(math.floor(round((scale.high - shift) / scale.step, 6)) * scale.step, 2)
        if value >= edge:
            return (edge, scale.high)
    if scale.low is not None:
        edge = round(math.ceil(round((scale.low + shift) / scale.step, 6)) * scale.step, 2)
        if value <= edge:
            return (scale.low, edge)
    return None


def with_bands(table: Table) -> Table:
    """Publish every value of the table that sits near a bound of its scale as a band."""

    def banded(row: Row) -> Row:
        cells = dict(row.cells)
        for key, cell in row.cells.items():
            if cell.value is not None and cell.people and key not in FOLLOWS:
                band = band_of(key, cell.value, cell.people)
                if band is not None:
                    cells[key] = Cell(None, cell.people, band)
        for key, leader in FOLLOWS.items():
            if key in cells and leader in cells and cells[leader].band is not None:
                cells[key] = Cell(None, cells[key].people, cells[leader].band)
        return Row(row.label, cells, row.as_of)

    return replace(
        table,
        rows=tuple(banded(row) for row in table.rows),
        total=banded(table.total) if table.total else None,
    )


def band_text(key: str, band: tuple[float, float]) -> str:
    """Return a band as it reads: "≥ 90" from a figure's top, "≤ 10" from its bottom."""
    scale = SCALES.get(FOLLOWS.get(key, key))
    low = 0.0 if key in COUNTS else (scale.low if scale else None)
    start, end = band
    return f"≤ {end:g}" if start == low else f"≥ {start:g}"
