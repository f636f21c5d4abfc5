"""Lessons from mentors: what a published lesson holds, the rules it obeys, how it is ranked.

A lesson is published by choice for the whole organisation to read, so it is not sealed; it
is written by a mentor or coach about their own experience and never carries a pair's content
(nothing of an engagement is copied into it: suggestions match by theme keys only).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.text import paragraphs, single_line
from growpath.i18n import N_

TITLE_MAX = 120
STORY_MIN, STORY_MAX = 40, 4000
DIFFERENTLY_MAX = 2000
THEMES_MAX = 4
HIDE_REASON_MAX = 500


class LessonStatus(StrEnum):
    """Whether everyone reads a lesson, or a program admin hid it (its author still sees it)."""

    PUBLISHED = "published"
    HIDDEN = "hidden"


PUBLISHED, HIDDEN = LessonStatus.PUBLISHED, LessonStatus.HIDDEN


@dataclass(frozen=True)
class LessonDraft:
    """A lesson as its author wrote it, checked and trimmed."""

    title: str
    story: str
    differently: str
    themes: tuple[str, ...]


def _length(value: str, field: str, low: int, high: int, problems: list[Problem]) -> None:
    if len(value) < low:
        problems.append(
            Problem(N_("is required"), field)
            if low == 1
            else Problem.of(N_("needs at least %(least)s characters"), field, least=low)
        )
    elif len(value) > high:
        problems.append(
            Problem.of(
                N_("must be at most %(most)s characters (it has %(length)s)"),
                field,
                most=high,
                length=len(value),
            )
        )


def check_lesson(
    title: str,
    story: str,
    differently: str,
    themes: Sequence[str],
    known_themes: Collection[str],
) -> LessonDraft:
    """Return the lesson trimmed, or raise InvalidInput naming every field that breaks a rule."""
    problems: list[Problem] = []
    title, story, differently = title.strip(), story.strip(), differently.strip()
    _length(title, "title", 1, TITLE_MAX, problems)
    single_line(title, "title", problems)
    _length(story, "story", STORY_MIN, STORY_MAX, problems)
    paragraphs(story, "story", problems)
    _length(differently, "differently", 1, DIFFERENTLY_MAX, problems)
    paragraphs(differently, "differently", problems)
    chosen = tuple(dict.fromkeys(t.strip() for t in themes if t.strip()))
    unknown = [t for t in chosen if t not in known_themes]
    if not chosen:
        problems.append(Problem(N_("choose at least one theme from the catalogue"), "themes"))
    elif unknown:
        problems.append(
            Problem.of(
                N_("not in the theme catalogue: %(themes)s"),
                "themes",
                themes=", ".join(sorted(unknown)),
            )
        )
    elif len(chosen) > THEMES_MAX:
        problems.append(Problem.of(N_("choose at most %(most)s themes"), "themes", most=THEMES_MAX))
    if problems:
        raise InvalidInput(problems)
    return LessonDraft(title, story, differently, chosen)


def check_hide_reason(reason: str) -> str:
    """Return the trimmed reason a lesson is hidden, or raise InvalidInput naming the field."""
    problems: list[Problem] = []
    reason = reason.strip()
    _length(reason, "reason", 1, HIDE_REASON_MAX, problems)
    paragraphs(reason, "reason", problems)
    if problems:
        raise InvalidInput(problems)
    return reason


def by_theme_overlap(
    pair_themes: Collection[str], lessons: Sequence[tuple[int, Collection[str]]], limit: int
) -> list[int]:
    """Return the ids of the lessons sharing most themes with the pair, best first.

    Ties go to the newer lesson (the higher id); lessons sharing no theme are left out.
    """
    wanted = set(pair_themes)
    scored = [(len(wanted & set(themes)), lesson_id) for lesson_id, themes in lessons]
    ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], -s[1]))
    return [lesson_id for _, lesson_id in ranked[:limit]]
