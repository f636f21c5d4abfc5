"""Measure the certified optimiser and its baselines, each in a fresh process, and print a table.

Every measurement runs in its own spawned process so that its peak memory (ru_maxrss) is its
own; the population is generated there first and is part of that peak, not of the time.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import multiprocessing
import os
import queue as queue_module
import resource
import statistics
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
# Sizes whose runs take well under a second are measured this many times (fresh processes,
# the two sides interleaved) and reported by their medians: one run is mostly noise there.
SMALL_REPEATS = 7
SMALL_SIZE = 1_000_000  # pairs

Result = dict[str, Any]


def _ours(n_mentees: int, n_mentors: int, mode: str) -> Result:
    from growpath.matching import assign
    from growpath.matching.synthetic import population

    mentees, mentors, config = population(n_mentees, n_mentors)
    config = dataclasses.replace(config, mode=mode, count_blocking_pairs=False)  # type: ignore[arg-type]
    started, cpu = time.perf_counter(), time.process_time()
    result = assign(mentees, mentors, config)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    stats = result.stats
    return {
        "seconds": seconds,
        "cpu": cpu,
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
    started, cpu = time.perf_counter(), time.process_time()
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
    return _timed_total(started, cpu, pair_scores(problem, rows, cols))


def _greedy(n_mentees: int, n_mentors: int) -> Result:
    from growpath.matching.scoring import FastScorer, pair_scores, prepare
    from growpath.matching.synthetic import population

    mentees, mentors, config = population(n_mentees, n_mentors)
    started, cpu = time.perf_counter(), time.process_time()
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
    return _timed_total(started, cpu, pair_scores(problem, pairs[:, 0], pairs[:, 1]))


def _timed_total(started: float, cpu: float, exact: np.ndarray[Any, Any]) -> Result:
    """Return a baseline's wall and CPU seconds since the start, its total and pair count."""
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "total": math.fsum(exact[np.isfinite(exact)]),
        "matched": len(exact),
    }


def _hospital_resident(
    n_mentees: int, n_mentors: int, stable_pairs: set[tuple[str, str]]
) -> Result:
    """Time HospitalResident on the full preference lists; count both results' blocking pairs."""
    from matching.games import HospitalResident

    sys.setrecursionlimit(1_000_000)  # the package deep-copies its players recursively
    # A mentor every mentee is forbidden from (the org's root) has an empty preference
    # list, which the package reports as a warning per player; that is expected here.
    warnings.simplefilter("ignore")
    mentees, mentors, ranks = _ranks(n_mentees, n_mentors)
    resident_prefs = {
        mentees[e].id: [mentors[m].id for m in ranks.order_rows[e].tolist() if ranks.allowed[e, m]]
        for e in range(n_mentees)
    }
    hospital_prefs = {
        mentors[m].id: [
            mentees[e].id for e in ranks.order_cols[:, m].tolist() if ranks.allowed[e, m]
        ]
        for m in range(n_mentors)
    }
    capacities = {m.id: m.capacity for m in mentors}
    started, cpu = time.perf_counter(), time.process_time()
    if _PROGRESS is not None:
        _PROGRESS.put({"progress": "timing", "cpu": cpu})
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
    created, created_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"HospitalResident {n_mentees}x{n_mentors}: game built (copy and input checks) in "
        f"{created:.0f} s wall, {created_cpu:.0f} s CPU; solving",
        file=sys.stderr,
        flush=True,
    )
    solution = game.solve(optimal="resident")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    pairs = {(r.name, h.name) for h, residents in solution.items() for r in residents}
    del game, solution, resident_prefs, hospital_prefs
    return {
        "seconds": seconds,
        "cpu": cpu,
        "build_s": created,
        "build_cpu": created_cpu,
        "pairs": pairs,
        "matched": len(pairs),
        "blocking": ranks.blocking(pairs, mentees, mentors),
        "stable_blocking": ranks.blocking(stable_pairs, mentees, mentors),
    }


def _stable_blocking(n_mentees: int, n_mentors: int, pairs: set[tuple[str, str]]) -> Result:
    """Count the blocking pairs of a matching over all pairs (exact dense scores)."""
    mentees, mentors, ranks = _ranks(n_mentees, n_mentors)
    return {"blocking": ranks.blocking(pairs, mentees, mentors)}


def _ranks(n_mentees: int, n_mentors: int) -> tuple[list[Any], list[Any], _Ranks]:
    from growpath.matching import score_matrix
    from growpath.matching.synthetic import population

    mentees, mentors, config = population(n_mentees, n_mentors)
    scores = score_matrix(mentees, mentors, config)
    allowed = np.isfinite(scores)
    order_rows = np.argsort(-scores, axis=1, kind="stable")
    order_cols = np.argsort(-scores, axis=0, kind="stable")
    return mentees, mentors, _Ranks(order_rows, order_cols, allowed)


class _Ranks:
    """Both sides' strict preferences as ranks (higher score first, ties to the lower index)."""

    def __init__(
        self,
        order_rows: np.ndarray[Any, Any],
        order_cols: np.ndarray[Any, Any],
        allowed: np.ndarray[Any, Any],
    ) -> None:
        n_mentees, n_mentors = allowed.shape
        self.allowed = allowed
        self.order_rows = order_rows
        self.order_cols = order_cols
        self.row_rank = np.empty((n_mentees, n_mentors), dtype=np.int32)
        np.put_along_axis(
            self.row_rank, order_rows, np.arange(n_mentors, dtype=np.int32)[None, :], axis=1
        )
        self.col_rank = np.empty((n_mentees, n_mentors), dtype=np.int32)
        np.put_along_axis(
            self.col_rank, order_cols, np.arange(n_mentees, dtype=np.int32)[:, None], axis=0
        )

    def blocking(self, pairs: set[tuple[str, str]], mentees: list[Any], mentors: list[Any]) -> int:
        """Count allowed pairs whose mentee and mentor both prefer each other to what they hold."""
        n_mentees, n_mentors = self.allowed.shape
        mentee_of = {m.id: i for i, m in enumerate(mentees)}
        mentor_of = {m.id: i for i, m in enumerate(mentors)}
        match = np.full(n_mentees, -1, dtype=np.int64)
        for mentee_id, mentor_id in pairs:
            match[mentee_of[mentee_id]] = mentor_of[mentor_id]
        matched = np.flatnonzero(match >= 0)
        # Unmatched mentees take any allowed mentor; mentors with an open seat take anyone.
        held = np.full(n_mentees, n_mentors, dtype=np.int64)
        held[matched] = self.row_rank[matched, match[matched]]
        worst = np.full(n_mentors, -1, dtype=np.int64)
        np.maximum.at(worst, match[matched], self.col_rank[matched, match[matched]])
        load = np.bincount(match[matched], minlength=n_mentors)
        capacity = np.array([m.capacity for m in mentors])
        bar = np.where(load >= capacity, worst, n_mentees)
        blocking = 0
        for start in range(0, n_mentees, 1024):
            rows = slice(start, start + 1024)
            blocking += int(
                (
                    self.allowed[rows]
                    & (self.row_rank[rows] < held[rows, None])
                    & (self.col_rank[rows] < bar[None, :])
                ).sum()
            )
        return blocking


# Set in a measuring process when its parent wants to know when the timed part starts.
_PROGRESS: Any = None
PROGRESS_ENV = "GROWPATH_BENCH_PROGRESS"


def _measure(queue: Any, target: Callable[..., Result], args: tuple[Any, ...]) -> None:
    global _PROGRESS  # noqa: PLW0603 - one measurement per process
    if os.environ.get(PROGRESS_ENV):
        _PROGRESS = queue
    result = target(*args)
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(result)


def measure(target: Callable[..., Result], *args: Any, limit: float | None = None) -> Result:
    """Run one measurement in a fresh process and return its result with peak memory.

    With a ``limit`` (wall seconds of its timed part), a measurement still running then is
    stopped and returned as ``{"stopped": True, "seconds": ..., "cpu": ...}``: the wall and
    CPU seconds its timed part had taken so far.
    """
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    os.environ[PROGRESS_ENV] = "1" if limit is not None else ""
    process = context.Process(target=_measure, args=(queue, target, args))
    process.start()
    timing: tuple[float, float] | None = None
    while True:
        try:
            result: Result = queue.get(timeout=2.0)
        except queue_module.Empty:
            if not process.is_alive():
                raise RuntimeError(f"{target.__name__} ended without a result") from None
            if timing is not None and limit is not None:
                wall = time.perf_counter() - timing[0]
                if wall > limit:
                    cpu = _cpu_seconds(process.pid) - timing[1]
                    process.kill()
                    process.join()
                    return {"stopped": True, "seconds": wall, "cpu": cpu}
            continue
        if "progress" in result:
            timing = (time.perf_counter(), float(result["cpu"]))
            continue
        break
    process.join()
    return result


def _cpu_seconds(pid: int | None) -> float:
    """Return the CPU seconds (user + system) a running process has used so far (Linux)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
        help="also time matching's HospitalResident at these sizes (default 20k; hours at 20k)",
    )
    parser.add_argument(
        "--hospital-resident-limit",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop HospitalResident after this many wall seconds and print what it took so far",
    )
    options = parser.parse_args(argv)
    header = (
        f"{'size':>12} {'ours s':>7} {'cpu s':>6} {'score':>6} {'cand':>6} {'solve':>6} "
        f"{'cert':>6} {'#sol':>4} {'peak MiB':>8} {'total score':>13} {'matched':>7} | "
        f"{'dense s':>7} {'cpu s':>6} {'t/dense':>7} {'cpu/dns':>7} {'rel diff':>9} | "
        f"{'greedy s':>8} {'sc/greedy':>9} | {'stable s':>8} {'cpu s':>6} {'sc/stable':>9}"
    )
    hospital_sizes = set(filter(None, options.hospital_resident.split(",")))
    if hospital_sizes:
        header += (
            f" | {'HR s':>7} {'cpu s':>7} {'HR/stable':>9} {'cpu':>7} {'same':>5} {'blocking':>8}"
        )
    print(header)
    print("-" * len(header))
    for name in options.sizes.split(","):
        n_mentees, n_mentors = SIZES[name]
        repeats = SMALL_REPEATS if n_mentees * n_mentors <= SMALL_SIZE else 1
        runs: dict[str, list[Result]] = {"ours": [], "dense": [], "greedy": [], "stable": []}
        for _ in range(repeats):
            runs["ours"].append(measure(_ours, n_mentees, n_mentors, "optimal"))
            if n_mentees * 3 * n_mentors <= DENSE_LIMIT:
                runs["dense"].append(measure(_dense_scipy, n_mentees, n_mentors))
            runs["greedy"].append(measure(_greedy, n_mentees, n_mentors))
            runs["stable"].append(measure(_ours, n_mentees, n_mentors, "stable"))
        ours, greedy, stable = (
            _median(runs["ours"]),
            _median(runs["greedy"]),
            _median(runs["stable"]),
        )
        dense = _median(runs["dense"]) if runs["dense"] else None
        dense_cols = (
            f"{dense['seconds']:7.2f} {dense['cpu']:6.2f} "
            f"{ours['seconds'] / dense['seconds']:7.3f} {ours['cpu'] / dense['cpu']:7.3f} "
            f"{(ours['total'] - dense['total']) / dense['total']:9.1e}"
            if dense
            else f"{'-':>7} {'-':>6} {'-':>7} {'-':>7} {'-':>9}"
        )
        row = (
            f"{n_mentees:>7}x{n_mentors:<4} {ours['seconds']:7.2f} {ours['cpu']:6.2f} "
            f"{ours['scoring']:6.2f} {ours['candidates']:6.2f} {ours['solve']:6.2f} "
            f"{ours['certify']:6.2f} {ours['solves']:4d} {ours['peak_mib']:8.0f} "
            f"{ours['total']:13.3f} {ours['matched']:7d} | {dense_cols} | "
            f"{greedy['seconds']:8.2f} {ours['total'] / greedy['total']:9.4f} | "
            f"{stable['seconds']:8.2f} {stable['cpu']:6.2f} {ours['total'] / stable['total']:9.4f}"
        )
        if hospital_sizes:
            row += " | " + _hospital_cols(
                name in hospital_sizes,
                (n_mentees, n_mentors),
                stable,
                options.hospital_resident_limit,
            )
        print(row, flush=True)
    print(
        f"Sizes up to {SMALL_SIZE:,} pairs: medians of {SMALL_REPEATS} runs per side. "
        "ours s / cpu s: assign() end to end (validation, features, scoring, candidates, "
        "solves, certificate, explanations), wall and CPU (process_time) seconds; t/dense, "
        "cpu/dns: our wall / CPU time over dense scipy's; rel diff: (ours - dense) / dense "
        "total; sc/x: our total / x's total; HR/stable, cpu: HospitalResident time / stable-"
        "mode time, wall and CPU (>: stopped unfinished at the limit, so a lower bound); same: "
        "identical pairs; blocking: blocking pairs of HospitalResident's result / of the "
        "stable mode's, over all pairs."
    )


def _median(results: list[Result]) -> Result:
    """Return the first result with the median of each time and of the peak memory."""
    timed = ("seconds", "cpu", "scoring", "candidates", "solve", "certify", "peak_mib")
    return {
        **results[0],
        **{k: statistics.median(r[k] for r in results) for k in timed if k in results[0]},
    }


def _hospital_cols(run: bool, size: tuple[int, int], stable: Result, limit: float | None) -> str:
    if not run:
        return f"{'-':>7} {'-':>7} {'-':>9} {'-':>7} {'-':>5} {'-':>8}"
    hospital = measure(_hospital_resident, *size, stable["pairs"], limit=limit)
    if hospital.get("stopped"):
        # Stopped unfinished: its times so far are lower bounds; check the stable mode alone.
        ours = measure(_stable_blocking, *size, stable["pairs"])
        return (
            f"{'>' + format(hospital['seconds'], '.0f'):>7} "
            f"{'>' + format(hospital['cpu'], '.0f'):>7} "
            f"{'>' + format(hospital['seconds'] / stable['seconds'], '.0f'):>9} "
            f"{'>' + format(hospital['cpu'] / stable['cpu'], '.0f'):>7} "
            f"{'-':>5} {'?/' + str(ours['blocking']):>8}"
        )
    blocking = f"{hospital['blocking']}/{hospital['stable_blocking']}"
    return (
        f"{hospital['seconds']:7.1f} {hospital['cpu']:7.1f} "
        f"{hospital['seconds'] / stable['seconds']:9.1f} {hospital['cpu'] / stable['cpu']:7.1f} "
        f"{str(hospital['pairs'] == stable['pairs']):>5} {blocking:>8}"
    )
