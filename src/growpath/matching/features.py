"""Turn people into per-factor feature blocks whose products give the factor values.

Every factor value is a dot product of a mentee row and a mentor row of one segment. One
side of a segment is stored sparse (a padded list of columns and values), the other dense,
so that a pair's value is summed in one fixed order whatever batch it is computed in: the
same pair always gets the bit-identical score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from growpath.matching.model import MatchConfig, MatchingInputError, Mentee, Mentor
from growpath.matching.text import text_vectors

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]
Category = TypeVar("Category", int, str, float)

# Offsets of IANA zones are read at one fixed instant so that a run is reproducible.
TIMEZONE_INSTANT = datetime(2025, 1, 15, 12, tzinfo=UTC)
WORKING_HOURS = 8.0
REQUIRED_LANGUAGE = "required_language"


@dataclass(frozen=True)
class Segment:
    """One factor (or the required-language check) as a sparse side times a dense side."""

    factor: str
    weight: float
    mentee_sparse: bool
    cols: NDArray[np.int32]
    vals: FloatArray
    dense: FloatArray

    def values(self, mentee_idx: IndexArray, mentor_idx: IndexArray) -> FloatArray:
        """Return the unweighted factor value of each (mentee, mentor) index pair."""
        sparse_idx, dense_idx = (
            (mentee_idx, mentor_idx) if self.mentee_sparse else (mentor_idx, mentee_idx)
        )
        cols = self.cols[sparse_idx]
        vals = self.vals[sparse_idx]
        # A flat take is several times faster than 2-D fancy indexing.
        width = self.dense.shape[1]
        gathered: FloatArray = np.take(self.dense.reshape(-1), dense_idx[:, None] * width + cols)
        total = vals[:, 0] * gathered[:, 0]
        for t in range(1, cols.shape[1]):
            total = total + vals[:, t] * gathered[:, t]
        return total

    def blocks_of_mentees(self, mentee_idx: IndexArray) -> FloatArray:
        """Return the dense unweighted mentee-side rows of a mentee-sparse segment."""
        out = np.zeros((len(mentee_idx), self.dense.shape[1]))
        cols, vals = self.cols[mentee_idx], self.vals[mentee_idx]
        np.add.at(out, (np.arange(len(mentee_idx))[:, None], cols), vals)
        return out

    def write(
        self, mentee_out: NDArray[np.float32], mentor_out: NDArray[np.float32], weight: float
    ) -> None:
        """Write the dense weighted mentee block and the mentor block into column slices."""
        sparse_out, dense_out = (
            (mentee_out, mentor_out) if self.mentee_sparse else (mentor_out, mentee_out)
        )
        nonzero = self.vals != 0
        rows = np.broadcast_to(np.arange(self.cols.shape[0])[:, None], self.cols.shape)
        sparse_out[rows[nonzero], self.cols[nonzero]] = self.vals[nonzero]
        dense_out[:] = self.dense
        mentee_out *= np.float32(weight)


@dataclass(frozen=True)
class Features:
    """All factor segments of one run plus the required-language check."""

    factors: tuple[Segment, ...]
    language_check: Segment
    n_mentees: int
    n_mentors: int

    def dense_blocks(
        self, forbidden_weight: float
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """Return float32 (mentee matrix, mentor matrix) whose product is the weighted score.

        The required-language check enters with ``forbidden_weight`` so that a violating
        pair scores far below zero in the same product.
        """
        segments = (*self.factors, self.language_check)
        widths = [s.dense.shape[1] for s in segments]
        edges = np.concatenate([[0], np.cumsum(widths)])
        mentee_out = np.zeros((self.n_mentees, edges[-1]), dtype=np.float32)
        mentor_out = np.zeros((self.n_mentors, edges[-1]), dtype=np.float32)
        for segment, start, stop in zip(segments, edges[:-1], edges[1:], strict=True):
            weight = forbidden_weight if segment is self.language_check else segment.weight
            segment.write(mentee_out[:, start:stop], mentor_out[:, start:stop], weight)
        # A column that is zero on either side adds nothing to any product; dropping it
        # narrows the product (e.g. wishes no mentor lists as a focus area).
        used = (mentee_out != 0).any(axis=0) & (mentor_out != 0).any(axis=0)
        if used.all():
            return mentee_out, mentor_out
        if not used.any():
            used[0] = True  # keep one column so that the product still has its shape
        return np.ascontiguousarray(mentee_out[:, used]), np.ascontiguousarray(mentor_out[:, used])


def build_features(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], config: MatchConfig
) -> Features:
    """Compute every factor's segment for these mentees and mentors under this config."""
    weights = dict(config.weights.items())
    goals_csr, bios_csr = text_vectors(
        [m.goals for m in mentees], [m.bio for m in mentors], config.text_backend
    )
    languages = _vocabulary(
        [m.languages for m in mentees],
        [m.languages for m in mentors],
        [(m.required_language,) if m.required_language else () for m in mentees],
    )
    desired = [tuple(m.desired_skills) for m in mentees]
    level_table = _level_table(config.format)
    department_table = _department_table(config.department_preference)
    builders: dict[str, Callable[[], Segment]] = {
        "skills": lambda: _skills(mentees, mentors, weights["skills"]),
        "text": lambda: _segment("text", weights["text"], True, goals_csr, bios_csr.toarray()),
        "seniority": lambda: _categorical(
            "seniority",
            weights["seniority"],
            [m.level for m in mentees],
            [m.level for m in mentors],
            level_table,
        ),
        "department": lambda: _categorical(
            "department",
            weights["department"],
            [m.department for m in mentees],
            [m.department for m in mentors],
            department_table,
        ),
        "job_family": lambda: _categorical(
            "job_family",
            weights["job_family"],
            [m.job_family for m in mentees],
            [m.job_family for m in mentors],
            lambda a, b: float(bool(a) and a == b),
        ),
        "timezone": lambda: _categorical(
            "timezone",
            weights["timezone"],
            [_utc_offset(m.timezone, m.id) for m in mentees],
            [_utc_offset(m.timezone, m.id) for m in mentors],
            _overlap,
        ),
        "language": lambda: _segment(
            "language",
            weights["language"],
            True,
            _multi_hot([m.languages for m in mentees], languages, "share"),
            _multi_hot([m.languages for m in mentors], languages, None).toarray(),
        ),
        "style": lambda: _categorical(
            "style",
            weights["style"],
            [m.communication_style or "" for m in mentees],
            [m.communication_style or "" for m in mentors],
            _style,
        ),
        "interests": lambda: _cosine(
            "interests",
            weights["interests"],
            [m.interests for m in mentees],
            [m.interests for m in mentors],
        ),
        "focus": lambda: _focus(desired, [m.focus_areas for m in mentors], weights["focus"]),
    }
    factors = tuple(builders[name]() for name in weights)
    speaks = _multi_hot([m.languages for m in mentors], languages, None).toarray()
    required = _multi_hot(
        [(m.required_language,) if m.required_language else () for m in mentees], languages, None
    )
    language_check = _segment(REQUIRED_LANGUAGE, 1.0, True, -required, 1.0 - speaks)
    return Features(factors, language_check, len(mentees), len(mentors))


def _segment(
    factor: str, weight: float, mentee_sparse: bool, side: sparse.csr_matrix, dense: FloatArray
) -> Segment:
    csr = sparse.csr_matrix(side)
    csr.sort_indices()
    counts = np.diff(csr.indptr)
    width = max(1, int(counts.max(initial=0)))
    rows = np.repeat(np.arange(csr.shape[0]), counts)
    slots = np.arange(csr.nnz) - np.repeat(csr.indptr[:-1], counts)
    cols = np.zeros((csr.shape[0], width), dtype=np.int32)
    vals = np.zeros((csr.shape[0], width))
    cols[rows, slots] = csr.indices
    vals[rows, slots] = csr.data
    if dense.shape[1] == 0:
        dense = np.zeros((dense.shape[0], 1))
    return Segment(factor, weight, mentee_sparse, cols, vals, np.ascontiguousarray(dense))


def _vocabulary(*groups: Sequence[Sequence[str]]) -> dict[str, int]:
    names = sorted({name for group in groups for names in group for name in names})
    return {name: i for i, name in enumerate(names)}


def _multi_hot(
    lists: Sequence[Sequence[str]], vocabulary: dict[str, int], norm: str | None
) -> sparse.csr_matrix:
    lengths = np.fromiter((len(names) for names in lists), dtype=np.int64, count=len(lists))
    cols = np.fromiter((vocabulary[name] for names in lists for name in names), dtype=np.int64)
    rows = np.repeat(np.arange(len(lists)), lengths)
    matrix = sparse.csr_matrix(
        (np.ones(len(cols)), (rows, cols)), shape=(len(lists), max(1, len(vocabulary)))
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0  # a name listed twice still counts once
    counts = np.diff(matrix.indptr).astype(np.float64)
    if norm is not None:
        per_row = np.divide(1.0, counts, out=np.zeros_like(counts), where=counts > 0)
        if norm == "l2":
            per_row = np.sqrt(per_row)
        matrix.data *= np.repeat(per_row, np.diff(matrix.indptr))
    return matrix


def _skills(mentees: Sequence[Mentee], mentors: Sequence[Mentor], weight: float) -> Segment:
    # Coverage of what the mentee wants, each wish weighted by the level they aim for,
    # against how strong the mentor is in it (level / 5).
    vocabulary = _vocabulary(
        [tuple(m.desired_skills) for m in mentees], [tuple(m.skills) for m in mentors]
    )
    wishes = _levels_matrix([m.desired_skills for m in mentees], vocabulary)
    totals = np.asarray(wishes.sum(axis=1)).ravel()
    shares = sparse.diags(np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0))
    strengths = _levels_matrix([m.skills for m in mentors], vocabulary).toarray() / 5.0
    return _segment("skills", weight, True, shares @ wishes, strengths)


def _levels_matrix(
    levels: Sequence[Mapping[str, int]], vocabulary: dict[str, int]
) -> sparse.csr_matrix:
    counts = np.fromiter((len(mapping) for mapping in levels), np.int64, count=len(levels))
    total = int(counts.sum())
    names = (name for mapping in levels for name in mapping)
    cols = np.fromiter(map(vocabulary.__getitem__, names), np.int64, count=total)
    vals = np.fromiter(
        (level for mapping in levels for level in mapping.values()), np.float64, count=total
    )
    rows = np.repeat(np.arange(len(levels)), counts)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(levels), max(1, len(vocabulary))))


def _cosine(
    factor: str,
    weight: float,
    mentee_lists: Sequence[Sequence[str]],
    mentor_lists: Sequence[Sequence[str]],
) -> Segment:
    vocabulary = _vocabulary(mentee_lists, mentor_lists)
    return _segment(
        factor,
        weight,
        True,
        _multi_hot(mentee_lists, vocabulary, "l2"),
        _multi_hot(mentor_lists, vocabulary, "l2").toarray(),
    )


def _focus(
    desired: Sequence[Sequence[str]], focus_areas: Sequence[Sequence[str]], weight: float
) -> Segment:
    # Share of the mentee's wishes that are among the coach's declared focus areas.
    vocabulary = _vocabulary(desired, focus_areas)
    return _segment(
        "focus",
        weight,
        True,
        _multi_hot(desired, vocabulary, "share"),
        _multi_hot(focus_areas, vocabulary, None).toarray(),
    )


def _categorical(
    factor: str,
    weight: float,
    mentee_values: Sequence[Category],
    mentor_values: Sequence[Category],
    table: Callable[[Category, Category], float],
) -> Segment:
    categories = sorted(set(mentee_values) | set(mentor_values))
    index = {value: i for i, value in enumerate(categories)}
    lookup = np.array([[table(a, b) for b in categories] for a in categories])
    mentee_codes = np.array([index[v] for v in mentee_values], dtype=np.int64)
    mentor_codes = np.array([index[v] for v in mentor_values], dtype=np.int64)
    one_hot = sparse.csr_matrix(
        (np.ones(len(mentor_codes)), (np.arange(len(mentor_codes)), mentor_codes)),
        shape=(len(mentor_codes), len(categories)),
    )
    return _segment(
        factor, weight, False, one_hot, lookup[mentee_codes].reshape(len(mentee_codes), -1)
    )


def _level_table(program_format: str) -> Callable[[int, int], float]:
    def table(mentee_level: int, mentor_level: int) -> float:
        gap = mentor_level - mentee_level
        if program_format == "coaching":
            return 0.0  # coaching ignores level; the coach's focus areas count instead
        if program_format == "peer":
            return {0: 1.0, 1: 1.0, 2: 0.5}.get(abs(gap), 0.0)
        if program_format == "reverse":
            return 1.0 if gap <= -1 else 0.5 if gap == 0 else 0.0
        return 1.0 if 1 <= gap <= 3 else 0.5 if gap in (0, 4) else 0.0

    return table


def _department_table(preference: str) -> Callable[[str, str], float]:
    def table(mentee_department: str, mentor_department: str) -> float:
        if preference == "none":
            return 0.0
        same = mentee_department == mentor_department
        return float(same if preference == "same" else not same)

    return table


def _overlap(mentee_offset: float, mentor_offset: float) -> float:
    distance = abs(mentee_offset - mentor_offset) % 24.0
    distance = min(distance, 24.0 - distance)
    return max(0.0, WORKING_HOURS - distance) / WORKING_HOURS


def _style(mentee_style: str, mentor_style: str) -> float:
    if not mentee_style or not mentor_style:
        return 0.5
    return float(mentee_style == mentor_style)


def _utc_offset(timezone: float | str, person_id: str) -> float:
    if isinstance(timezone, int | float):
        offset = float(timezone)
    else:
        try:
            delta = ZoneInfo(timezone).utcoffset(TIMEZONE_INSTANT)
        except (ZoneInfoNotFoundError, ValueError) as unknown:
            raise MatchingInputError(
                f"person {person_id!r} has unknown time zone {timezone!r}"
            ) from unknown
        offset = 0.0 if delta is None else delta.total_seconds() / 3600.0
    if not -14.0 <= offset <= 14.0:
        raise MatchingInputError(f"person {person_id!r} has UTC offset {offset!r} outside ±14 h")
    return offset
