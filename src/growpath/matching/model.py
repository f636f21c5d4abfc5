"""Plain value types of the matching library: people, configuration and results."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal, Protocol

Format = Literal["traditional", "peer", "reverse", "group", "flash", "coaching"]
Mode = Literal["optimal", "max_matched", "stable"]
DepartmentPreference = Literal["same", "other", "none"]
TextBackend = Literal["tfidf", "embeddings"]

FORMATS: tuple[str, ...] = ("traditional", "peer", "reverse", "group", "flash", "coaching")
MODES: tuple[str, ...] = ("optimal", "max_matched", "stable")


class MatchingInputError(ValueError):
    """The people or the configuration given to the optimiser are invalid."""


@dataclass(frozen=True)
class Mentee:
    """A person asking for a mentor or coach, with what they want to grow."""

    id: str
    department: str = ""
    manager_id: str | None = None
    level: int = 0
    job_family: str = ""
    desired_skills: Mapping[str, int] = field(default_factory=dict)
    goals: str = ""
    languages: tuple[str, ...] = ()
    required_language: str | None = None
    timezone: float | str = 0.0
    communication_style: str | None = None
    interests: tuple[str, ...] = ()
    eligible: bool = True
    ranked_mentor_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mentor:
    """A mentor or coach offering expertise for a number of mentees."""

    id: str
    department: str = ""
    manager_id: str | None = None
    level: int = 0
    job_family: str = ""
    skills: Mapping[str, int] = field(default_factory=dict)
    bio: str = ""
    languages: tuple[str, ...] = ()
    timezone: float | str = 0.0
    communication_style: str | None = None
    interests: tuple[str, ...] = ()
    capacity: int = 1
    focus_areas: tuple[str, ...] = ()
    eligible: bool = True


@dataclass(frozen=True)
class Weights:
    """Weight of each scoring factor; every factor is scored between 0 and 1."""

    skills: float = 3.0
    text: float = 2.0
    seniority: float = 1.5
    department: float = 0.5
    job_family: float = 0.5
    timezone: float = 1.0
    language: float = 1.0
    style: float = 0.5
    interests: float = 0.5
    focus: float = 1.0

    def items(self) -> tuple[tuple[str, float], ...]:
        """Return (factor, weight) in the fixed factor order."""
        return tuple((f.name, float(getattr(self, f.name))) for f in fields(self))


@dataclass(frozen=True)
class MatchConfig:
    """A program's matching rules: format, weights, hard constraints and solve mode."""

    format: Format = "traditional"
    weights: Weights = field(default_factory=Weights)
    department_preference: DepartmentPreference = "none"
    min_score: float = 0.0
    exclusions: frozenset[tuple[str, str]] = frozenset()
    previous_pairs: frozenset[tuple[str, str]] = frozenset()
    forbid_previous_pairs: bool = True
    fixed_pairs: frozenset[tuple[str, str]] = frozenset()
    mode: Mode = "optimal"
    group_size: int = 4
    text_backend: TextBackend = "tfidf"
    reporting_lines: Mapping[str, str | None] = field(default_factory=dict)
    count_blocking_pairs: bool = True


@dataclass(frozen=True)
class Contribution:
    """One factor's part of a pair score: value in [0, 1] times weight gives points."""

    factor: str
    value: float
    weight: float
    points: float


@dataclass(frozen=True)
class Explanation:
    """Why a pair scores what it does, and which hard constraints it passed."""

    contributions: tuple[Contribution, ...]
    constraints_checked: tuple[str, ...]


class ExplanationSource(Protocol):
    """Explanations of a batch of pairs, made all at once when the first one is read."""

    def explanations(self) -> Sequence[Explanation]:
        """Return the explanation of every pair of the batch, in batch order."""
        ...


@dataclass(frozen=True)
class LazyExplanation:
    """Where a pair's explanation comes from: its position in a batch."""

    source: ExplanationSource
    index: int


class _Explained:
    """``Pair.explanation``: an Explanation, or made on first read from a LazyExplanation.

    Building tens of thousands of explanations costs more than the whole solve of a small
    problem, and most callers read few of them; reading any one builds its whole batch.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, pair: object, owner: Any = None) -> Explanation:
        if pair is None:
            raise AttributeError("explanation")  # tells dataclass there is no default
        value: Explanation | LazyExplanation = pair.__dict__[self.slot]
        if isinstance(value, LazyExplanation):
            made = value.source.explanations()[value.index]
            pair.__dict__[self.slot] = made
            return made
        return value

    def __set__(self, pair: object, value: Explanation | LazyExplanation) -> None:
        if not isinstance(value, Explanation | LazyExplanation):
            raise TypeError(f"explanation must be an Explanation, got {type(value).__name__}")
        pair.__dict__[self.slot] = value


@dataclass(frozen=True)
class Pair:
    """One mentee matched with one mentor, with the score and its explanation.

    The explanation may be given as a ``LazyExplanation``; it is then built on first read
    and is from then on an ordinary ``Explanation`` (equality, hashing and ``repr`` read it).
    """

    mentee_id: str
    mentor_id: str
    score: float
    explanation: _Explained = _Explained()
    fixed: bool = False

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the explanation itself, not the batch it would be built from."""
        return {**self.__dict__, "_explanation": self.explanation}


@dataclass(frozen=True)
class Group:
    """A mentoring group: one mentor and mentees with similar goals."""

    mentor_id: str
    mentee_ids: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class SolveStats:
    """Where the time went and how much work the certified solve needed."""

    scoring_s: float = 0.0
    candidates_s: float = 0.0
    solve_s: float = 0.0
    certify_s: float = 0.0
    candidate_pairs: int = 0
    solves: int = 0
    rows_rescored: int = 0


@dataclass(frozen=True)
class Assignment:
    """The result of a matching run."""

    pairs: tuple[Pair, ...]
    total_score: float
    unmatched: tuple[str, ...]
    mode: Mode
    certified: bool
    tolerance: float
    blocking_pairs: int | None = None
    groups: tuple[Group, ...] = ()
    stats: SolveStats = field(default_factory=SolveStats)


def check_ids(kind: str, ids: Iterable[str]) -> None:
    """Raise when an id is empty or appears twice among mentees or among mentors."""
    seen: set[str] = set()
    for person_id in ids:
        if not isinstance(person_id, str) or not person_id:
            raise MatchingInputError(f"{kind} id must be a non-empty string, got {person_id!r}")
        if person_id in seen:
            raise MatchingInputError(f"duplicate {kind} id {person_id!r}")
        seen.add(person_id)


def check_config(config: MatchConfig) -> None:
    """Raise when a weight, the format, the mode or the group size is invalid."""
    for name, weight in config.weights.items():
        if not math.isfinite(weight) or weight < 0:
            raise MatchingInputError(
                f"weight {name!r} must be a finite number >= 0, got {weight!r}"
            )
    if config.format not in FORMATS:
        raise MatchingInputError(f"unknown format {config.format!r}; use one of {FORMATS}")
    if config.mode not in MODES:
        raise MatchingInputError(f"unknown mode {config.mode!r}; use one of {MODES}")
    if config.department_preference not in ("same", "other", "none"):
        raise MatchingInputError(f"unknown department preference {config.department_preference!r}")
    if not math.isfinite(config.min_score):
        raise MatchingInputError(f"min_score must be finite, got {config.min_score!r}")
    if config.group_size < 1:
        raise MatchingInputError(f"group_size must be >= 1, got {config.group_size!r}")
    if config.text_backend not in ("tfidf", "embeddings"):
        raise MatchingInputError(f"unknown text backend {config.text_backend!r}")


def check_people(mentees: Mapping[str, Mentee], mentors: Mapping[str, Mentor]) -> None:
    """Raise when a mentor's capacity or a skill level is out of range."""
    for mentor in mentors.values():
        if not isinstance(mentor.capacity, int) or mentor.capacity < 0:
            raise MatchingInputError(
                f"mentor {mentor.id!r} has capacity {mentor.capacity!r}; it must be an int >= 0"
            )
        _check_levels(f"mentor {mentor.id!r} skills", mentor.skills)
    for mentee in mentees.values():
        _check_levels(f"mentee {mentee.id!r} desired_skills", mentee.desired_skills)


def _check_levels(where: str, levels: Mapping[str, int]) -> None:
    for name, level in levels.items():
        if not 1 <= level <= 5:
            raise MatchingInputError(f"{where}: level of {name!r} is {level!r}, not 1-5")
