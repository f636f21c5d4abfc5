"""How pages say times and dates, and how the profile form's rows are read."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from jinja2 import Environment

from growpath.domain.errors import Problem
from growpath.entrypoints.web.form_fields import field_label, form_date, form_int
from growpath.entrypoints.web.profile_form import (
    language_choices,
    languages_from_choices,
    skill_rows,
    skills_from_rows,
    time_zone_datalist,
    time_zones,
)
from growpath.entrypoints.web.timefmt import day_text, register, when
from growpath.i18n import translations

MOMENT = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)


def test_a_moment_is_said_in_the_readers_zone_with_the_zone_named() -> None:
    assert when(MOMENT, "Europe/Berlin") == "Tue 6 Jan 2026, 10:00 Europe/Berlin"
    assert when(MOMENT, "Europe/Lisbon") == "Tue 6 Jan 2026, 09:00 Europe/Lisbon"
    assert when(MOMENT, "America/Los_Angeles") == "Tue 6 Jan 2026, 01:00 America/Los_Angeles"


def test_no_zone_or_an_unknown_one_reads_as_utc_and_says_so() -> None:
    assert when(MOMENT, "") == "Tue 6 Jan 2026, 09:00 UTC"
    assert when(MOMENT, "Mars/Base") == "Tue 6 Jan 2026, 09:00 UTC"


def test_a_day_reads_the_same_everywhere() -> None:
    assert day_text(date(2026, 1, 6)) == "6 Jan 2026"
    assert day_text(date(2026, 11, 30)) == "30 Nov 2026"


def test_without_a_viewer_templates_show_utc_in_a_time_element() -> None:
    environment = Environment(autoescape=True)
    register(environment)
    late = datetime(2026, 1, 6, 23, 30, tzinfo=UTC)
    shown = environment.from_string("{{ moment(at) }} | {{ day(at) }}").render(at=late)
    assert shown == (
        '<time datetime="2026-01-06T23:30:00+00:00">Tue 6 Jan 2026, 23:30 UTC</time> | '
        '<time datetime="2026-01-06">6 Jan 2026</time>'
    )


def test_skill_rows_become_name_to_level_as_stored() -> None:
    problems: list[Problem] = []
    skills = skills_from_rows(["Python", " public speaking ", ""], ["4", "2", ""], problems)
    assert problems == []
    assert skills == {"python": 4, "public speaking": 2}


def test_each_bad_skill_row_is_named_by_its_number() -> None:
    problems: list[Problem] = []
    skills = skills_from_rows(["go", "rust", "", "go", "sql"], ["3", "9", "2", "1", ""], problems)
    assert [(p.reason, p.field) for p in problems] == [
        ("must be 1–5", "level_of_skill_2"),
        ("is missing: name it or clear its level", "skill_3"),
        ("repeats skill 1", "skill_4"),
        ("is missing: choose 1–5", "level_of_skill_5"),
    ]
    # Marked for translation, so a page in another language says them in it.
    assert all(p.template for p in problems)
    assert skills == {"go": 3}


def test_the_form_shows_ones_skills_then_spare_rows() -> None:
    assert skill_rows({"python": 3}, spare=2) == [("python", "3"), ("", ""), ("", "")]


def test_languages_are_offered_by_name_and_a_spoken_unlisted_one_is_kept() -> None:
    choices = dict(language_choices(["en", "gsw"]))
    assert choices["de"] == "German (de)" and choices["gsw"] == "gsw (gsw)"
    problems: list[Problem] = []
    assert languages_from_choices(["en", "gsw", "en"], ["gsw"], problems) == ["en", "gsw"]
    assert problems == []
    assert languages_from_choices(["xx"], [], problems) == []
    assert [(p.reason, p.field, p.template) for p in problems] == [
        ("xx: not a language on the list", "languages", "%(codes)s: not a language on the list")
    ]


def test_time_zones_are_places_by_region_and_utc() -> None:
    zones = time_zones()
    assert zones[0] == "UTC"
    assert "Europe/Berlin" in zones and "Asia/Kolkata" in zones
    assert not any(zone.startswith(("Etc/", "US/")) for zone in zones)
    assert zones.index("Africa/Abidjan") < zones.index("Europe/Berlin")


def test_the_time_zone_list_offers_every_zone_once_in_order() -> None:
    datalist = str(time_zone_datalist())
    assert datalist.startswith('<datalist id="time-zones"><option value="UTC"></option>')
    assert datalist.endswith("</option></datalist>")
    assert re.findall(r'<option value="([^"]+)"></option>', datalist) == list(time_zones())


def test_a_forms_dates_numbers_and_rows_are_refused_in_the_pages_language() -> None:
    problems: list[Problem] = []
    form_date("tomorrow", "due_on", problems)
    form_int("5x", "capacity", problems)
    german = translations("de").gettext
    assert [p.translated(german) for p in problems] == [
        "muss ein Datum wie 2026-02-01 sein",
        "muss eine ganze Zahl sein",
    ]
    assert field_label("skill_2", german) == "Fähigkeit 2"
    assert field_label("level_of_skill_12", german) == "Stufe der Fähigkeit 12"
    assert field_label("skill_2") == "Skill 2"
