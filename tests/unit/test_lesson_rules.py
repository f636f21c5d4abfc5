"""Lesson rules without a database: what a lesson must hold, why it is hidden, how it ranks."""

from __future__ import annotations

import pytest

from growpath.domain.errors import InvalidInput
from growpath.domain.lessons import (
    STORY_MIN,
    THEMES_MAX,
    TITLE_MAX,
    by_theme_overlap,
    check_hide_reason,
    check_lesson,
)

THEMES = {"feedback", "delegation", "conflict", "influence", "communication"}
STORY = "A story long enough to be a lesson: what happened, and what I learned from it."


def _problems(**overrides: object) -> dict[str | None, str]:
    fields: dict[str, object] = {
        "title": "Ask first",
        "story": STORY,
        "differently": "Ask before advising.",
        "themes": ["feedback"],
        **overrides,
    }
    with pytest.raises(InvalidInput) as refused:
        check_lesson(
            str(fields["title"]),
            str(fields["story"]),
            str(fields["differently"]),
            list(fields["themes"]),  # type: ignore[call-overload]
            THEMES,
        )
    return {p.field: p.reason for p in refused.value.problems}


def test_a_lesson_is_trimmed_and_its_themes_kept_once_in_order() -> None:
    draft = check_lesson(
        "  Ask first ", f" {STORY} ", " Ask. ", ["feedback", " conflict", "feedback"], THEMES
    )
    assert (draft.title, draft.story, draft.differently) == ("Ask first", STORY, "Ask.")
    assert draft.themes == ("feedback", "conflict")


def test_every_broken_field_is_named_at_once() -> None:
    problems = _problems(title=" ", story="short", differently="", themes=[])
    assert problems == {
        "title": "is required",
        "story": f"needs at least {STORY_MIN} characters",
        "differently": "is required",
        "themes": "choose at least one theme from the catalogue",
    }


def test_a_title_is_one_line_and_not_too_long() -> None:
    assert "control characters" in _problems(title="Ask\r\nfirst")["title"]
    assert f"at most {TITLE_MAX}" in _problems(title="x" * (TITLE_MAX + 1))["title"]


def test_themes_come_from_the_catalogue_and_are_few() -> None:
    assert _problems(themes=["feedback", "astrology"]) == {
        "themes": "not in the theme catalogue: astrology"
    }
    too_many = sorted(THEMES)[: THEMES_MAX + 1]
    assert _problems(themes=too_many) == {"themes": f"choose at most {THEMES_MAX} themes"}


def test_a_nul_character_is_refused_in_the_story() -> None:
    assert "NUL" in _problems(story=STORY + "\x00")["story"]


def test_a_lesson_is_hidden_only_with_a_reason() -> None:
    assert check_hide_reason("  Names a colleague. ") == "Names a colleague."
    with pytest.raises(InvalidInput) as refused:
        check_hide_reason("   ")
    assert refused.value.problems[0].field == "reason"


def test_lessons_rank_by_shared_themes_then_newest_and_none_without_one() -> None:
    lessons = [
        (1, ["feedback"]),
        (2, ["feedback", "conflict"]),
        (3, ["influence"]),
        (4, ["conflict"]),
    ]
    assert by_theme_overlap(["feedback", "conflict"], lessons, 3) == [2, 4, 1]
    assert by_theme_overlap(["delegation"], lessons, 3) == []
