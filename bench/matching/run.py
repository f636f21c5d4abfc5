"""Measure the certified optimiser and its baselines, each in a fresh process, and print a table.

Every measurement runs in its own spawned process so that its peak memory (ru_maxrss) is its
own; the population is generated there first and is part of that peak, not of the time.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import multiprocessing
import resource
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

SIZES = {
    "1k": (1_000, 100),
    "10k": (10_000, 1_000),
    "20k": (20_000, 2_000),
    "100k": (100_000, 10_000),
}
DENSE_LIMIT = 2.0e8  # capacity-expanded cells the dense scipy baseline may allocate
GREEDY_DEPTH = 32  # best mentors per mentee that the greedy baseline considers

Result = dict[str, Any]


def _ours(n_mentees: int, n_mentors: int, mode: str) -> Result:
    from growpath.matching import assign
    from growpath.matching.synthetic import population

    mentees, mentors, config = population(n_mentees, n_mentors)
    config = dataclasses.replace(config, mode=mode, count_blocking_pairs=False)  # type: ignore[arg-type]
    started = time.perf_counter()
    result = assign(mentees, mentors, config)
    seconds = time.perf_counter() - started
    stats = result.stats
    return {
        "seconds": seconds,
        "scoring": stats.scoring_s,
        "candidates": stats.candidates_s,
        "solve": stats.solve_s,
        "certify": stats.certify_s,
        "solves": stats.solves,
        "total": result.total_score,
        "matched": len(result.pairs),
        "pairs": {(p.mentee_id, p.mentor_id) for p in result.pairs}
        if n_mentees <= 20_000
        else None,
    }


def _dense_scipy(n_mentees: int, n_mentors: int) -> Result:
    from scipy.optimize import linear_sum_assignment

    from growpath.matching.scoring import FastScorer, pair_scores, prepare
    from growpath.matching.synthetic import population

    mentees, mentors, config = population(n_mentees, n_mentors)
    started = time.perf_counter()
    problem = prepare(mentees, mentors, config)
    scores = FastScorer(problem).rows(np.arange(n_mentees, dtype=np.int64))
    seats = np.repeat(np.arange(n_mentors), [m.capacity for m in mentors])
    expanded = scores[:, seats]
    del scores
    allowed = np.isfinite(expanded) & (expanded > 0)
    expanded[~allowed] = 0.0
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    keep = allowed[rows, cols]
    rows, cols = rows[keep].astype(np.int64), seats[cols[keep]].astype(np.int64)
    exact = pair_scores(problem, rows, cols)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "total": math.fsum(exact[np.isfinite(exact)]), "matched": len(rows)}


def _greedy(n_mentees: int, n_mentors: int) -> Result:
    from growpath.matching.scoring import FastScorer, pair_scores, prepare
    from growpath.matching.synthetic import population

    mentees, mentors, config = population(n_mentees, n_mentors)
    started = time.perf_counter()
    problem = prepare(mentees, mentors, config)
    scorer = FastScorer(problem)
    depth = min(GREEDY_DEPTH, n_mentors)
    found_e, found_m, found_s = [], [], []
    for start in range(0, n_mentees, scorer.rows_per_block):
        rows = np.arange(start, min(n_mentees, start + scorer.rows_per_block), dtype=np.int64)
        block = scorer.rows(rows)
        best = np.argpartition(block, -depth, axis=1)[:, -depth:]
        found_e.append(np.repeat(rows, depth))
        found_m.append(best.ravel())
        found_s.append(np.take_along_axis(block, best, axis=1).ravel())
    score = np.concatenate(found_s)
    mentee, mentor = np.concatenate(found_e), np.concatenate(found_m)
    left = np.array([m.capacity for m in mentors])
    taken = np.zeros(n_mentees, dtype=bool)
    chosen = []
    for i in np.argsort(-score, kind="stable").tolist():
        e, m = int(mentee[i]), int(mentor[i])
        if score[i] <= config.min_score or not np.isfinite(score[i]):
            break
        if not taken[e] and left[m] > 0:
            taken[e] = True
            left[m] -= 1
            chosen.append((e, m))
    pairs = np.array(chosen, dtype=np.int64).reshape(-1, 2)
    exact = pair_scores(problem, pairs[:, 0], pairs[:, 1])
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "total": math.fsum(exact[np.isfinite(exact)]),
        "matched": len(pairs),
    }


def _hospital_resident(n_mentees: int, n_mentors: int) -> Result:
    from matching.games import HospitalResident

    from growpath.matching import score_matrix
    from growpath.matching.synthetic import population

    mentees, mentors, config = population(n_mentees, n_mentors)
    sys.setrecursionlimit(1_000_000)  # the package recurses once per player it checks
    # A mentor every mentee is forbidden from (the org's root) has an empty preference
    # list, which the package reports as a warning per player; that is expected here.
    warnings.simplefilter("ignore")
    scores = score_matrix(mentees, mentors, config)
    allowed = np.isfinite(scores)
    order_rows = np.argsort(-scores, axis=1, kind="stable")
    order_cols = np.argsort(-scores, axis=0, kind="stable")
    resident_prefs = {
        mentees[e].id: [mentors[m].id for m in order_rows[e].tolist() if allowed[e, m]]
        for e in range(n_mentees)
    }
    hospital_prefs = {
        mentors[m].id: [mentees[e].id for e in order_cols[:, m].tolist() if allowed[e, m]]
        for m in range(n_mentors)
    }
    capacities = {m.id: m.capacity for m in mentors}
    started = time.perf_counter()
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
    solution = game.solve(optimal="resident")
    seconds = time.perf_counter() - started
    pairs = {(r.name, h.name) for h, residents in solution.items() for r in residents}
    return {"seconds": seconds, "pairs": pairs, "matched": len(pairs)}


def _measure(queue: Any, target: Callable[..., Result], args: tuple[Any, ...]) -> None:
    result = target(*args)
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(result)


def measure(target: Callable[..., Result], *args: Any) -> Result:
    """Run one measurement in a fresh process and return its result with peak memory."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measure, args=(queue, target, args))
    process.start()
    result: Result = queue.get()
    process.join()
    return result


def main(argv: list[str] | None = None) -> None:
    """Parse options, run every size and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.matching")
    parser.add_argument("--sizes", default="1k,10k,20k,100k", help="comma list of 1k,10k,20k,100k")
    parser.add_argument(
        "--hospital-resident",
        nargs="?",
        const="20k",
        default="",
        metavar="SIZES",
        help="also time matching's HospitalResident at these sizes (default 20k; minutes)",
    )
    options = parser.parse_args(argv)
    header = (
        f"{'size':>11} {'ours s':>7} {'score':>6} {'cand':>6} {'solve':>6} {'cert':>6} "
        f"{'#sol':>4} {'peak MiB':>8} {'total score':>13} {'matched':>7} | "
        f"{'dense s':>7} {'t/dense':>7} {'rel diff':>9} | {'greedy s':>8} {'sc/greedy':>9} | "
        f"{'stable s':>8} {'sc/stable':>9} | {'HR s':>7} {'HR/stable':>9} {'same':>5}"
    )
    print(header)
    print("-" * len(header))
    hospital_sizes = set(filter(None, options.hospital_resident.split(",")))
    for name in options.sizes.split(","):
        n_mentees, n_mentors = SIZES[name]
        ours = measure(_ours, n_mentees, n_mentors, "optimal")
        dense = None
        if n_mentees * 3 * n_mentors <= DENSE_LIMIT:
            dense = measure(_dense_scipy, n_mentees, n_mentors)
        greedy = measure(_greedy, n_mentees, n_mentors)
        stable = measure(_ours, n_mentees, n_mentors, "stable")
        hospital = None
        if name in hospital_sizes:
            hospital = measure(_hospital_resident, n_mentees, n_mentors)
        dense_cols = (
            f"{dense['seconds']:7.2f} {ours['seconds'] / dense['seconds']:7.3f} "
            f"{(ours['total'] - dense['total']) / dense['total']:9.1e}"
            if dense
            else f"{'-':>7} {'-':>7} {'-':>9}"
        )
        hospital_cols = (
            f"{hospital['seconds']:7.1f} {hospital['seconds'] / stable['seconds']:9.1f} "
            f"{str(hospital['pairs'] == stable['pairs']):>5}"
            if hospital
            else f"{'-':>7} {'-':>9} {'-':>5}"
        )
        print(
            f"{n_mentees:>6}x{n_mentors:<4} {ours['seconds']:7.2f} {ours['scoring']:6.2f} "
            f"{ours['candidates']:6.2f} {ours['solve']:6.2f} {ours['certify']:6.2f} "
            f"{ours['solves']:4d} {ours['peak_mib']:8.0f} {ours['total']:13.3f} "
            f"{ours['matched']:7d} | {dense_cols} | {greedy['seconds']:8.2f} "
            f"{ours['total'] / greedy['total']:9.4f} | {stable['seconds']:8.2f} "
            f"{ours['total'] / stable['total']:9.4f} | {hospital_cols}",
            flush=True,
        )
    print(
        "ours s: assign() end to end (validation, features, scoring, candidates, solves, "
        "certificate, explanations); t/dense: our time / dense scipy time; rel diff: "
        "(ours - dense) / dense total; sc/x: our total / x's total; HR/stable: "
        "HospitalResident time / stable-mode time; same: identical pairs."
    )
