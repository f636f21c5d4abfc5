"""What a card of a possible pair says: initials, shared working hours, reasons in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from growpath.domain.languages import language_name
from growpath.domain.match_cards import PairFacts, initials, shared_working_hours, top_reasons
from growpath.i18n import Translator

WINTER, SUMMER = date(2026, 1, 14), date(2026, 7, 14)


BOTH = PairFacts(
    wanted=("python", "feedback"),
    offered={"python": 4, "go": 5, "feedback": 2},
    focus_areas=(),
    shared_languages=("English", "German"),
    shared_interests=("chess",),
    overlap_hours=6.0,
    shared_department=None,
    shared_job_family="Engineering",
)


def _scored(*factors: str) -> list[dict[str, object]]:
    """Contributions scoring less and less in the order given, and one that scored nothing."""
    made: list[dict[str, object]] = [
        {"factor": f, "value": 1.0, "weight": 1.0, "points": 10.0 - i}
        for i, f in enumerate(factors)
    ]
    return [*made, {"factor": "interests", "value": 0.0, "weight": 1.0, "points": 0.0}]


def test_initials_take_the_first_and_last_word_of_a_name() -> None:
    assert initials("Ada Lovelace") == "AL"
    assert initials("grace brewster murray hopper") == "GH"
    assert initials("Linus") == "L"
    assert initials("  ") == "?"


def test_working_days_in_one_zone_overlap_fully_and_across_the_atlantic_by_the_gap() -> None:
    assert shared_working_hours("Europe/Berlin", "Europe/Berlin", WINTER) == 8
    assert shared_working_hours("Europe/Berlin", "America/New_York", WINTER) == 2
    assert shared_working_hours("Europe/London", "Asia/Kolkata", WINTER) == 2.5


def test_working_hours_follow_each_zones_summer_time_on_the_day() -> None:
    # Europe and North America change clocks on different days: mid-March they are 5 h apart.
    assert shared_working_hours("Europe/London", "America/New_York", date(2026, 3, 10)) == 4
    assert shared_working_hours("Europe/London", "America/New_York", SUMMER) == 3


def test_working_days_far_apart_do_not_meet_and_neighbours_across_the_date_line_do() -> None:
    assert shared_working_hours("America/Los_Angeles", "Asia/Singapore", WINTER) == 0
    # Auckland (UTC+13 in January) works Wednesday while Honolulu (UTC-10) works Tuesday.
    assert shared_working_hours("Pacific/Auckland", "Pacific/Honolulu", WINTER) == 7
    assert shared_working_hours("Asia/Tokyo", "Australia/Sydney", WINTER) == 6


def test_an_unknown_zone_leaves_the_overlap_unknown() -> None:
    assert shared_working_hours("Mars/Olympus", "UTC", WINTER) is None


def test_the_strongest_reasons_come_first_in_words_for_the_participant() -> None:
    said = top_reasons(_scored("skills", "language", "timezone", "text"), BOTH, to_guide=False)
    assert said == (
        "Strong in Python (4/5), which you want to grow",
        "You both speak English and German",
        "Your working days overlap by 6 hours",
    )


def test_the_guide_reads_the_same_reasons_from_their_side() -> None:
    said = top_reasons(_scored("skills", "text", "job_family"), BOTH, to_guide=True)
    assert said == (
        "Wants to grow python, where you are strong (4/5)",
        "Their goals and your experience read alike",
        "You share the Engineering job family",
    )


def test_a_factor_that_scored_nothing_is_no_reason() -> None:
    assert top_reasons(_scored("seniority"), BOTH, to_guide=False) == (
        "A sensible gap in experience",
    )
    assert top_reasons([], BOTH, to_guide=False) == ()


def test_a_coachs_focus_names_what_the_coachee_wants_to_grow() -> None:
    facts = replace(BOTH, focus_areas=("feedback", "delegation"))
    assert top_reasons(_scored("focus"), facts, to_guide=False) == (
        "Coaches on feedback, which you want to grow",
    )


def test_the_reasons_read_in_the_language_of_the_translator_given() -> None:
    german = Translator("de")
    said = top_reasons(
        _scored("skills", "language", "timezone"), BOTH, to_guide=False, translate=german
    )
    assert said == (
        "Stark in Python (4/5), worin Sie wachsen möchten",
        "Sie sprechen beide English und German",
        "Ihre Arbeitstage überschneiden sich um 6 Stunden",
    )
    facts = replace(BOTH, focus_areas=("python", "feedback"))
    assert top_reasons(_scored("focus"), facts, to_guide=True, translate=german) == (
        "Möchte in python und feedback wachsen, einem Schwerpunkt Ihres Coachings",
    )


def test_languages_are_named_in_words_and_an_unknown_code_is_shown_as_it_is() -> None:
    assert [language_name(c) for c in ("en", "de", "pt-BR", "ZH", "xx")] == [
        "English",
        "German",
        "Portuguese",
        "Chinese",
        "XX",
    ]
