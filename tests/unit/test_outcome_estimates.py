"""The outcome comparison: intervals that cover a known effect, and its protections."""

from __future__ import annotations

import random
from datetime import date, timedelta

from growpath.domain.outcomes import (
    COMPARISON,
    PARTICIPANTS,
    Estimate,
    Person,
    StratumTally,
    TurnoverAssumption,
    add_months,
    compare,
    level_on,
    newcombe,
    publish_rate,
    releasable,
    tallies_from_json,
    tallies_to_json,
    tally,
    tenure_band,
    turnover_avoided,
    wilson,
)

INDEX = date(2025, 1, 1)
AS_OF = date(2026, 3, 1)
DEPARTMENTS = ("Platform", "Data", "Sales")
# Baseline 12-month retention differs by stratum, and participants crowd the strata that keep
# people best: a comparison that ignored the strata would overstate the program's effect.
BASELINE = {"Platform": 0.84, "Data": 0.78, "Sales": 0.70}
SHARE_OF_PARTICIPANTS = {"Platform": 0.6, "Data": 0.3, "Sales": 0.1}
EFFECT = 0.10


def _person(rng: random.Random, participant: bool, department: str, level: int) -> Person:
    hired = INDEX - timedelta(days=rng.choice((200, 700)))
    stays = rng.random() < BASELINE[department] + (EFFECT if participant else 0.0)
    left = None if stays else INDEX + timedelta(days=rng.randint(1, 364))
    return Person(participant, department, hired, left, level, ((hired, level),))


def population(seed: int, participants: int = 200, comparison: int = 800) -> list[Person]:
    """Participants and others of known retention: participants' is 10 points higher."""
    rng = random.Random(seed)
    people = []
    for _ in range(participants):
        department = rng.choices(DEPARTMENTS, [SHARE_OF_PARTICIPANTS[d] for d in DEPARTMENTS])[0]
        people.append(_person(rng, True, department, rng.choice((2, 3))))
    for _ in range(comparison):
        people.append(_person(rng, False, rng.choice(DEPARTMENTS), rng.choice((2, 3))))
    return people


def _twelve_month_retention(seed: int):  # type: ignore[no-untyped-def]
    comparison = compare(tally(population(seed), INDEX, AS_OF), INDEX, AS_OF, 5)
    return next(o for o in comparison.outcomes if o.measure == "retention" and o.months == 12)


def test_the_retention_difference_interval_covers_the_true_effect_at_about_its_nominal_rate() -> (
    None
):
    seeds = range(120)
    covered = 0
    for seed in seeds:
        d = _twelve_month_retention(seed).difference
        covered += d.low <= 100 * EFFECT <= d.high
    # 95% intervals: over 120 seeded populations between 88% and 99.5% cover the truth.
    assert 0.88 <= covered / len(seeds) <= 0.995


def test_reweighting_to_the_participants_strata_removes_the_bias_a_raw_comparison_has() -> None:
    estimates = [_twelve_month_retention(seed).difference.value for seed in range(40)]
    mean = sum(e for e in estimates if e is not None) / len(estimates)
    assert abs(mean - 100 * EFFECT) < 2.0


def test_wilson_interval_matches_a_published_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17: 857–872, table I: 81/263 → 0.2553 to 0.3662.
    low, high = wilson(81, 263)
    assert round(low, 4) == 0.2553 and round(high, 4) == 0.3662


def test_newcombe_difference_matches_a_published_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17: 873–890, example (a): 56/70 − 48/80
    # → 0.0524 to 0.3339 by the hybrid score method (10).
    p1, p2 = 56 / 70, 48 / 80
    low, high = newcombe(p1, wilson(56, 70), p2, wilson(48, 80))
    assert round(low, 4) == 0.0524 and round(high, 4) == 0.3339


def test_a_rate_of_everyone_reads_as_a_band_whose_interval_also_holds_all_but_one() -> None:
    everyone = publish_rate(Estimate(1.0, wilson(20, 20), 20, 1 / 20))
    all_but_one = publish_rate(Estimate(19 / 20, wilson(19, 20), 20, 1 / 20))
    assert everyone.value is None and everyone.band == (95.0, 100.0)
    assert all_but_one == everyone
    nobody = publish_rate(Estimate(0.0, wilson(0, 20), 20, 1 / 20))
    assert nobody.band == (0.0, 5.0) and nobody == publish_rate(
        Estimate(1 / 20, wilson(1, 20), 20, 1 / 20)
    )


def test_one_changed_person_never_releases_new_tallies_and_k_do() -> None:
    before = tally(population(1), INDEX, AS_OF)
    stayer = next(s for s, t in before[PARTICIPANTS].items() if t.stayed(12) > 0)
    moved = {g: dict(strata) for g, strata in before.items()}
    t = moved[PARTICIPANTS][stayer]
    moved[PARTICIPANTS][stayer] = StratumTally(t.people, (t.left[0] + 1, *t.left[1:]), t.promoted)
    assert not releasable(before, moved, 5)
    many = {g: dict(strata) for g, strata in before.items()}
    # Ten newcomers who left and were promoted: each moved three counts, so at least five
    # people changed (a count may move by up to six for one person who changes stratum).
    held = many[COMPARISON][stayer]
    many[COMPARISON][stayer] = StratumTally(
        held.people + 10,
        tuple(x + (10 if i == 2 else 0) for i, x in enumerate(held.left)),
        tuple(x + (10 if i == 3 else 0) for i, x in enumerate(held.promoted)),
    )
    assert releasable(before, many, 5)
    assert releasable(before, before, 5) and releasable(None, before, 5)


def test_tallies_survive_their_json_form() -> None:
    tallies = tally(population(2), INDEX, AS_OF)
    assert tallies_from_json(tallies_to_json(tallies)) == tallies


def test_a_group_under_k_suppresses_the_whole_comparison() -> None:
    few = [p for p in population(3) if not p.participant][:200] + [
        p for p in population(3) if p.participant
    ][:4]
    assert compare(tally(few, INDEX, AS_OF), INDEX, AS_OF, 5).suppressed


def test_horizons_not_reached_wait_with_their_date() -> None:
    early = date(2025, 8, 15)
    comparison = compare(tally(population(4), INDEX, early), INDEX, early, 5)
    assert {o.months for o in comparison.outcomes} == {6}
    assert comparison.pending == {12: date(2026, 1, 1)}
    assert [p.months for p in comparison.curve] == [1, 2, 3, 4, 5, 6, 7]


def test_promotion_is_a_level_increase_seen_after_the_index_date() -> None:
    person = Person(
        True,
        "Data",
        date(2020, 1, 1),
        None,
        4,
        ((date(2020, 1, 1), 2), (date(2024, 6, 1), 3), (date(2025, 5, 2), 4)),
    )
    assert level_on(person, INDEX) == 3
    counted = tally([person], INDEX, AS_OF)[PARTICIPANTS][("Data", "3", "5 years or more")]
    assert counted.promoted_by(4) == 0 and counted.promoted_by(5) == 1
    assert tenure_band(date(2024, 1, 2), INDEX) == "under 1 year"
    assert tenure_band(None, INDEX) == "not recorded"
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_the_turnover_range_follows_the_difference_interval_and_may_be_negative() -> None:
    comparison = compare(tally(population(5), INDEX, AS_OF), INDEX, AS_OF, 5)
    money = turnover_avoided(comparison, TurnoverAssumption(salary=100_000, share=0.2))
    assert money is not None
    assert money.low <= (money.value or 0) <= money.high
    assert money.cost_per_leaver == 20_000
    worse = compare(
        tally(
            [
                Person(
                    not p.participant,
                    p.department,
                    p.hire_date,
                    p.leave_date,
                    p.current_level,
                    p.levels,
                )
                for p in population(5, 300, 300)
            ],
            INDEX,
            AS_OF,
        ),
        INDEX,
        AS_OF,
        5,
    )
    assert (r := turnover_avoided(worse, TurnoverAssumption())) is not None and r.low < 0
