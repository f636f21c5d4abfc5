"""Dates, times and numbers in each shipped language; English exactly as pages always wrote it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from growpath.entrypoints.web.numberfmt import number_text, percent_text, signed_text
from growpath.entrypoints.web.timefmt import day_text, when
from growpath.i18n import PSEUDO_LOCALE

# 09:00 UTC on Tuesday 6 January 2026: 10:00 in Berlin.
MOMENT = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
DAY = date(2026, 1, 6)


@pytest.mark.parametrize(
    ("locale", "moment", "day"),
    [
        ("en", "Tue 6 Jan 2026, 10:00 Europe/Berlin", "6 Jan 2026"),
        (PSEUDO_LOCALE, "Tue 6 Jan 2026, 10:00 Europe/Berlin", "6 Jan 2026"),
        ("de", "Di., 6. Jan. 2026, 10:00 Europe/Berlin", "6. Jan. 2026"),
        ("fr", "mar. 6 janv. 2026, 10:00 Europe/Berlin", "6 janv. 2026"),
        ("es", "mar, 6 ene 2026, 10:00 Europe/Berlin", "6 ene 2026"),
        ("pt_BR", "ter., 6 de jan. de 2026 10:00 Europe/Berlin", "6 de jan. de 2026"),
    ],
)
def test_a_moment_and_a_day_read_as_each_language_writes_them(
    locale: str, moment: str, day: str
) -> None:
    assert when(MOMENT, "Europe/Berlin", locale) == moment
    assert day_text(DAY, locale) == day


def test_without_a_zone_the_moment_is_in_utc_whatever_the_language() -> None:
    assert when(MOMENT, "") == "Tue 6 Jan 2026, 09:00 UTC"
    assert when(MOMENT, "Not/AZone", "de") == "Di., 6. Jan. 2026, 09:00 UTC"


def test_english_numbers_read_as_the_old_format_strings_wrote_them() -> None:
    assert number_text(0.853, 2) == "0.85"
    assert number_text(7.25, 1) == "7.2"  # rounded half to even, as "%.1f" rounds
    assert [number_text(value) for value in (2, 0.5, 1.25)] == ["2", "0.5", "1.25"]
    assert [signed_text(value) for value in (3, -2, 0)] == ["+3", "-2", "0"]
    assert [percent_text(value) for value in (0.42, 1, 0)] == ["42%", "100%", "0%"]
    assert number_text(0.5, None, PSEUDO_LOCALE) == "0.5"


def test_numbers_and_percentages_follow_the_language() -> None:
    assert [number_text(1234.5, 2, locale) for locale in ("en", "de", "es", "pt_BR")] == [
        "1,234.50",
        "1.234,50",
        "1.234,50",
        "1.234,50",
    ]
    assert number_text(1234.5, 2, "fr") == "1\u202f234,50"
    assert [percent_text(0.42, 0, locale) for locale in ("de", "fr", "pt_BR")] == [
        "42\u00a0%",
        "42\u00a0%",
        "42%",
    ]
    assert percent_text(0.333, 1, "de") == "33,3\u00a0%"
    assert signed_text(-1234, "de") == "-1.234"
