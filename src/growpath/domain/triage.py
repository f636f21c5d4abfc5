"""Triage: a short questionnaire that points a person to coaching, mentoring or both."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from growpath.domain.catalogue import load
from growpath.domain.errors import InvalidInput, Problem
from growpath.i18n import N_, SOURCE_LOCALE


@dataclass(frozen=True)
class TriageResult:
    """The recommendation, the scores behind it and the reasons in plain words."""

    recommendation: str  # coaching | mentoring | both
    coaching_score: int
    mentoring_score: int
    reasons: tuple[str, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The program kinds that fit the recommendation."""
        return (
            ("coaching", "mentoring") if self.recommendation == "both" else (self.recommendation,)
        )


def questionnaire(locale: str = SOURCE_LOCALE) -> dict[str, Any]:
    """Return the shipped questionnaire (questions, choices and scoring), in a locale."""
    data: dict[str, Any] = load("triage", locale)
    return data


def assess(answers: Mapping[str, str], data: Mapping[str, Any] | None = None) -> TriageResult:
    """Score a person's answers; every question must be answered with one of its choices."""
    data = data or questionnaire()
    problems: list[Problem] = []
    coaching = mentoring = 0
    reasons: list[str] = []
    known = {q["key"] for q in data["questions"]}
    for extra in sorted(set(answers) - known):
        problems.append(Problem(N_("is not a question of the questionnaire"), extra))
    for question in data["questions"]:
        answer = answers.get(question["key"])
        choices = {c["key"]: c for c in question["choices"]}
        if answer is None or answer == "":
            problems.append(Problem(N_("needs an answer"), question["key"]))
            continue
        if answer not in choices:
            problems.append(
                Problem.of(
                    N_("must be one of %(choices)s"), question["key"], choices=", ".join(choices)
                )
            )
            continue
        choice = choices[answer]
        coaching += int(choice["coaching"])
        mentoring += int(choice["mentoring"])
        if choice["reason"]:
            reasons.append(choice["reason"])
    if problems:
        raise InvalidInput(problems)
    margin = int(data.get("both_margin", 2))
    if abs(coaching - mentoring) <= margin and min(coaching, mentoring) > 0:
        recommendation = "both"
    else:
        recommendation = "coaching" if coaching > mentoring else "mentoring"
    return TriageResult(recommendation, coaching, mentoring, tuple(reasons))
