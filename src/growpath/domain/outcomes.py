"""Retention and promotion of a program's participants against a matched comparison group.

An observational comparison, not proof of cause. Participants are compared with people who
took part in no program, matched exactly on department, seniority level and tenure band at the
program's start (the index date); the comparison group's rates are reweighted to the
participants' mix of those strata. Proportions get Wilson score intervals (the comparison's
with its effective sample size under the weights), their difference Newcombe's hybrid score
interval.

What is published is protected like every report: a group under k people is suppressed, a
comparison stratum under k people matches no one, a rate within one person of 0% or 100% reads
as a band, and the counts behind the figures move only when at least k people changed
(`releasable`), so two reports around one leave or one promotion read the same.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

PARTICIPANTS = "participants"
COMPARISON = "comparison"
GROUPS = (PARTICIPANTS, COMPARISON)
HORIZONS = (6, 12)
MONTHS = 12
CONFIDENCE = 0.95
Z_95 = 1.959963984540054
# Tenure at the index date, in months: the band a person falls in.
TENURE_BANDS = ((0, "under 1 year"), (12, "1–3 years"), (36, "3–5 years"), (60, "5 years or more"))
NOT_RECORDED = "not recorded"
# One person counts in one stratum of one group: its size, a leave month, a promotion month.
# Moved to another stratum or group, they change at most twice that.
MOST_ONE_PERSON_MOVES = 6
BAND_STEP = 5.0
# The default cost of replacing a leaver, as a share of their annual salary: the median of 30
# case studies reviewed by Boushey and Glynn (2012), "There Are Significant Business Costs to
# Replacing Employees", Center for American Progress. Their range is wide (16% for lower-paid
# roles up to 213% for executives); organisations should put in their own figure.
DEFAULT_TURNOVER_SHARE = 0.21
TURNOVER_SOURCE = (
    "Boushey & Glynn (2012), There Are Significant Business Costs to Replacing Employees, "
    "Center for American Progress: a median of 21% of annual salary over 30 case studies "
    "(16% for lower-paid roles, up to 213% for executives)"
)
DEFAULT_SALARY = 100_000


def add_months(day: date, months: int) -> date:
    """Return the same day of the month `months` later, clamped to the month's last day."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Person:
    """What the comparison needs of one person: never shown, only tallied."""

    participant: bool
    department: str
    hire_date: date | None
    leave_date: date | None
    current_level: int | None
    # (day seen, level), oldest first: what the people imports saw.
    levels: tuple[tuple[date, int], ...] = ()


def level_on(person: Person, day: date) -> int | None:
    """Return a person's level on a day: the last seen by then, else the first seen at all."""
    seen = [level for seen_on, level in person.levels if seen_on <= day]
    if seen:
        return seen[-1]
    return person.levels[0][1] if person.levels else person.current_level


def tenure_band(hire_date: date | None, day: date) -> str:
    """Return the tenure band of someone hired on hire_date, on day."""
    if hire_date is None:
        return NOT_RECORDED
    months = (day.year - hire_date.year) * 12 + day.month - hire_date.month
    months -= day.day < hire_date.day
    return [label for start, label in TENURE_BANDS if months >= start][-1]


Stratum = tuple[str, str, str]  # department, level, tenure band


@dataclass(frozen=True)
class StratumTally:
    """People of one stratum of one group; leavers and first promotions by month after index."""

    people: int
    left: tuple[int, ...] = (0,) * MONTHS
    promoted: tuple[int, ...] = (0,) * MONTHS

    def __add__(self, other: StratumTally) -> StratumTally:
        return StratumTally(
            self.people + other.people,
            tuple(a + b for a, b in zip(self.left, other.left, strict=True)),
            tuple(a + b for a, b in zip(self.promoted, other.promoted, strict=True)),
        )

    def stayed(self, months: int) -> int:
        """Return how many were still employed `months` months after the index date."""
        return self.people - sum(self.left[:months])

    def promoted_by(self, months: int) -> int:
        """Return how many were seen at a higher level within `months` months."""
        return sum(self.promoted[:months])


# group -> stratum -> tally
Tallies = Mapping[str, Mapping[Stratum, StratumTally]]


def _month_of(event: date, index: date) -> int | None:
    # The month after the index date an event fell in: 0 for (index, index + 1 month].
    for month in range(MONTHS):
        if add_months(index, month) < event <= add_months(index, month + 1):
            return month
    return None


def _one(person: Person, index: date, as_of: date) -> tuple[Stratum, StratumTally] | None:
    if person.hire_date is not None and person.hire_date > index:
        return None
    if person.leave_date is not None and person.leave_date <= index:
        return None
    start_level = level_on(person, index)
    stratum = (
        person.department or NOT_RECORDED,
        NOT_RECORDED if start_level is None else str(start_level),
        tenure_band(person.hire_date, index),
    )
    left = [0] * MONTHS
    if person.leave_date is not None and person.leave_date <= as_of:
        month = _month_of(person.leave_date, index)
        if month is not None:
            left[month] = 1
    promoted = [0] * MONTHS
    if start_level is not None:
        rises = [
            seen_on
            for seen_on, level in person.levels
            if index < seen_on <= as_of and level > start_level
        ]
        month = _month_of(min(rises), index) if rises else None
        if month is not None:
            promoted[month] = 1
    return stratum, StratumTally(1, tuple(left), tuple(promoted))


def tally(
    people: Iterable[Person], index: date, as_of: date
) -> dict[str, dict[Stratum, StratumTally]]:
    """Tally everyone employed on the index date into their group's stratum, events by as_of."""
    tallies: dict[str, dict[Stratum, StratumTally]] = {group: {} for group in GROUPS}
    for person in people:
        one = _one(person, index, as_of)
        if one is None:
            continue
        stratum, counts = one
        group = tallies[PARTICIPANTS if person.participant else COMPARISON]
        group[stratum] = group[stratum] + counts if stratum in group else counts
    return tallies


def movement(before: Tallies, after: Tallies) -> int:
    """Return how far two tallies lie apart, counting every size and event count changed."""
    total = 0
    for group in GROUPS:
        old, new = before.get(group, {}), after.get(group, {})
        for stratum in set(old) | set(new):
            a = old.get(stratum, StratumTally(0))
            b = new.get(stratum, StratumTally(0))
            total += abs(a.people - b.people)
            total += sum(abs(x - y) for x, y in zip(a.left, b.left, strict=True))
            total += sum(abs(x - y) for x, y in zip(a.promoted, b.promoted, strict=True))
    return total


def releasable(before: Tallies | None, after: Tallies, k: int) -> bool:
    """Whether fresh tallies may replace the published ones: nothing published yet, nothing
    changed, or so much that at least k people must have changed."""
    if before is None:
        return True
    moved = movement(before, after)
    return moved == 0 or math.ceil(moved / MOST_ONE_PERSON_MOVES) >= k


def wilson(successes: float, n: float, z: float = Z_95) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion (n may be an effective size)."""
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(
    p1: float, interval1: tuple[float, float], p2: float, interval2: tuple[float, float]
) -> tuple[float, float]:
    """Return Newcombe's hybrid score interval for p1 − p2 from the two groups' intervals."""
    (l1, u1), (l2, u2) = interval1, interval2
    d = p1 - p2
    return (
        d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
        d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    )


@dataclass(frozen=True)
class Estimate:
    """A group's rate: the point, its interval, its (effective) size, and one person's weight."""

    rate: float
    interval: tuple[float, float]
    size: float
    one_person: float


def _estimate(successes: Sequence[int], sizes: Sequence[int], weights: Sequence[float]) -> Estimate:
    rate = sum(w * s / n for w, s, n in zip(weights, successes, sizes, strict=True))
    effective = 1.0 / sum(w * w / n for w, n in zip(weights, sizes, strict=True))
    one = max(w / n for w, n in zip(weights, sizes, strict=True))
    return Estimate(rate, wilson(rate * effective, effective), effective, one)


@dataclass(frozen=True)
class Matched:
    """The strata both groups share and their sizes; participants without a match apart."""

    strata: tuple[Stratum, ...]
    participants: int
    comparison: int
    unmatched: int


def matched(tallies: Tallies, k: int) -> Matched:
    """Match participants' strata to comparison strata of at least k people."""
    ours, theirs = tallies[PARTICIPANTS], tallies[COMPARISON]
    strata = tuple(sorted(s for s in ours if theirs.get(s, StratumTally(0)).people >= k))
    inside = sum(ours[s].people for s in strata)
    return Matched(
        strata,
        inside,
        sum(theirs[s].people for s in strata),
        sum(t.people for t in ours.values()) - inside,
    )


def estimates(
    tallies: Tallies, match: Matched, measure: str, months: int
) -> tuple[Estimate, Estimate]:
    """Estimate a rate ("retention" or "promotion") at `months` for both groups."""
    ours, theirs = tallies[PARTICIPANTS], tallies[COMPARISON]
    weights = [ours[s].people / match.participants for s in match.strata]

    def counts(t: StratumTally) -> int:
        return t.stayed(months) if measure == "retention" else t.promoted_by(months)

    participants = _estimate(
        [sum(counts(ours[s]) for s in match.strata)], [match.participants], [1.0]
    )
    comparison = _estimate(
        [counts(theirs[s]) for s in match.strata],
        [theirs[s].people for s in match.strata],
        weights,
    )
    return participants, comparison


@dataclass(frozen=True)
class Published:
    """A published rate in percent: a value, or a band near 0% or 100%; its interval."""

    value: float | None
    band: tuple[float, float] | None
    low: float
    high: float


def _percent(x: float) -> float:
    return round(100.0 * x, 1) + 0.0


def publish_rate(estimate: Estimate) -> Published:
    """Publish a rate, as a band when one person's outcome would move it off 0% or 100%.

    A band's interval covers every rate the band holds, so it cannot tell them apart either.
    """
    one = estimate.one_person
    top, bottom = 1.0 - one, one
    if estimate.rate >= top - 1e-12:
        edge = math.floor(round(100 * top / BAND_STEP, 6)) * BAND_STEP
        low = wilson(top * estimate.size, estimate.size)[0]
        return Published(None, (edge, 100.0), math.floor(1000 * low) / 10, 100.0)
    if estimate.rate <= bottom + 1e-12:
        edge = math.ceil(round(100 * bottom / BAND_STEP, 6)) * BAND_STEP
        high = wilson(bottom * estimate.size, estimate.size)[1]
        return Published(None, (0.0, edge), 0.0, math.ceil(1000 * high) / 10)
    low, high = estimate.interval
    return Published(_percent(estimate.rate), None, _percent(low), _percent(high))


@dataclass(frozen=True)
class Difference:
    """Participants' rate minus the comparison's, in percentage points, with its interval."""

    value: float | None
    low: float
    high: float


def publish_difference(ours: Published, theirs: Published) -> Difference:
    """Publish the difference; a banded rate leaves only the interval (from the bands' ones)."""

    def point(p: Published) -> float:
        if p.value is not None:
            return p.value
        assert p.band is not None  # noqa: S101 - a rate is a value or a band
        return (p.band[0] + p.band[1]) / 2

    low, high = newcombe(
        point(ours) / 100,
        (ours.low / 100, ours.high / 100),
        point(theirs) / 100,
        (theirs.low / 100, theirs.high / 100),
    )
    value = (
        None if ours.value is None or theirs.value is None else round(ours.value - theirs.value, 1)
    )
    return Difference(value, math.floor(1000 * low) / 10, math.ceil(1000 * high) / 10)


@dataclass(frozen=True)
class Outcome:
    """One measure at one horizon for both groups, and their difference."""

    measure: str
    months: int
    participants: Published
    comparison: Published
    difference: Difference


@dataclass(frozen=True)
class CurvePoint:
    """Retention of both groups a number of months after the index date."""

    months: int
    participants: Published
    comparison: Published


@dataclass(frozen=True)
class Comparison:
    """Everything published of one program's outcome comparison."""

    index_date: date
    as_of: date
    match: Matched
    outcomes: tuple[Outcome, ...]
    curve: tuple[CurvePoint, ...]
    # Horizons not reached yet by as_of: when each will be.
    pending: Mapping[int, date] = field(default_factory=dict)
    suppressed: bool = False


def compare(tallies: Tallies, index: date, as_of: date, k: int) -> Comparison:
    """Compare the groups from published tallies; everything is withheld if a group is under k."""
    match = matched(tallies, k)
    if match.participants < k or match.comparison < k:
        return Comparison(index, as_of, match, (), (), {}, suppressed=True)
    elapsed = [m for m in range(MONTHS + 1) if add_months(index, m) <= as_of]
    outcomes = []
    for measure in ("retention", "promotion"):
        for months in HORIZONS:
            if months not in elapsed:
                continue
            ours, theirs = (publish_rate(e) for e in estimates(tallies, match, measure, months))
            outcomes.append(
                Outcome(measure, months, ours, theirs, publish_difference(ours, theirs))
            )
    curve = tuple(
        CurvePoint(m, *(publish_rate(e) for e in estimates(tallies, match, "retention", m)))
        for m in elapsed
        if m > 0
    )
    pending = {m: add_months(index, m) for m in HORIZONS if m not in elapsed}
    return Comparison(index, as_of, match, tuple(outcomes), curve, pending)


@dataclass(frozen=True)
class TurnoverAssumption:
    """What one leaver costs: a share of an annual salary, both editable."""

    salary: float = DEFAULT_SALARY
    share: float = DEFAULT_TURNOVER_SHARE

    @property
    def cost_per_leaver(self) -> float:
        """Return the cost of replacing one leaver."""
        return self.salary * self.share


@dataclass(frozen=True)
class ReturnRange:
    """Turnover cost avoided at 12 months: a point (when published) and the interval's range."""

    participants: int
    cost_per_leaver: float
    value: float | None
    low: float
    high: float


def turnover_avoided(comparison: Comparison, assumption: TurnoverAssumption) -> ReturnRange | None:
    """Return leavers avoided × cost per leaver from the 12-month retention difference."""
    twelve = next(
        (o for o in comparison.outcomes if o.measure == "retention" and o.months == 12), None
    )
    if twelve is None:
        return None
    people = comparison.match.participants
    cost = assumption.cost_per_leaver

    def money(points: float) -> float:
        return round(points / 100 * people * cost, -2) + 0.0

    d = twelve.difference
    return ReturnRange(
        people, cost, None if d.value is None else money(d.value), money(d.low), money(d.high)
    )


def tallies_to_json(tallies: Tallies) -> list[list[object]]:
    """Return tallies as JSON-ready rows: group, department, level, band, people, left, promoted."""
    return [
        [group, *stratum, t.people, list(t.left), list(t.promoted)]
        for group in GROUPS
        for stratum, t in sorted(tallies.get(group, {}).items())
    ]


def tallies_from_json(rows: Sequence[Sequence[object]]) -> dict[str, dict[Stratum, StratumTally]]:
    """Read tallies back from `tallies_to_json` rows."""
    tallies: dict[str, dict[Stratum, StratumTally]] = {group: {} for group in GROUPS}
    for group, department, level, band, people, left, promoted in rows:
        assert isinstance(left, list) and isinstance(promoted, list)  # noqa: S101 - our JSON
        tallies[str(group)][(str(department), str(level), str(band))] = StratumTally(
            int(str(people)), tuple(int(x) for x in left), tuple(int(x) for x in promoted)
        )
    return tallies
