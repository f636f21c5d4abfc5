"""HRIS values and columns as exports write them: lenient where exact, refused where not."""

from __future__ import annotations

from datetime import date

import pytest

from growpath.adapters.hris_files import read_hris_file
from growpath.domain.errors import InvalidInput
from growpath.domain.hris_columns import ColumnPlan, mapping_problems, plan_columns
from growpath.domain.hris_values import calendar_date, flag, name_key, time_zone, whole_number
from growpath.domain.manager_references import Colleague, ManagerDirectory
from growpath.i18n import translations


@pytest.mark.parametrize(("raw", "level"), [("3", 3), ("3.0", 3), (" 7.00 ", 7), (4.0, 4), (2, 2)])
def test_a_whole_number_written_as_a_decimal_is_read_exactly(raw: object, level: int) -> None:
    assert whole_number(raw, "seniority level") == level


@pytest.mark.parametrize("raw", ["3.5", "three", "", "3,0", 2.5, True])
def test_a_number_that_is_not_whole_is_refused_naming_it(raw: object) -> None:
    with pytest.raises(ValueError, match="is not a whole number"):
        whole_number(raw, "seniority level")


@pytest.mark.parametrize(
    ("raw", "zone"),
    [
        ("europe/berlin", "Europe/Berlin"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("utc", "UTC"),
        ("", "UTC"),
        ("GMT+01:00 Central European Time (Berlin)", "Europe/Berlin"),
        ("GMT-05:00 Eastern Time (New York)", "America/New_York"),
        ("GMT-08:00 Pacific Time (Los Angeles)", "America/Los_Angeles"),
        ("(UTC+01:00) Amsterdam", "Europe/Amsterdam"),
    ],
)
def test_time_zones_are_read_case_insensitively_and_from_workdays_labels(
    raw: str, zone: str
) -> None:
    assert time_zone(raw) == zone


@pytest.mark.parametrize(
    "raw", ["Mars/Olympus", "GMT+01:00 Central European Time (Atlantis)", "Berlin", "CET+1"]
)
def test_an_unknown_time_zone_is_refused_naming_the_value(raw: str) -> None:
    with pytest.raises(ValueError, match="is not an IANA time zone") as refused:
        time_zone(raw)
    assert raw in str(refused.value)


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2021-03-04", date(2021, 3, 4)),
        ("04.03.2021", date(2021, 3, 4)),
        ("03/15/2021", date(2021, 3, 15)),
        ("15/03/2021", date(2021, 3, 15)),
        ("2021-03-04T00:00:00", date(2021, 3, 4)),
        (date(2021, 3, 4), date(2021, 3, 4)),
        ("", None),
    ],
)
def test_dates_are_read_in_the_forms_hris_exports_write(raw: object, day: date | None) -> None:
    assert calendar_date(raw, "hire date") == day


def test_a_date_that_could_be_two_days_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="could be 3/4 or 4/3"):
        calendar_date("03/04/2021", "hire date")
    with pytest.raises(ValueError, match="not a date on the calendar"):
        calendar_date("2021-02-30", "hire date")


@pytest.mark.parametrize(
    ("raw", "value"),
    [("true", True), ("No", False), ("external", True), ("Contingent Worker", True), ("", False)],
)
def test_flags_read_yes_no_and_employment_types(raw: str, value: bool) -> None:
    assert flag(raw, "is_external") is value


def test_a_flag_that_is_neither_yes_nor_no_is_refused() -> None:
    with pytest.raises(ValueError, match="neither yes nor no"):
        flag("maybe", "is_external")


def test_last_comma_first_and_first_last_name_the_same_person() -> None:
    assert name_key("Hopper, Grace") == name_key("grace  HOPPER") == "grace hopper"


def _directory() -> ManagerDirectory:
    return ManagerDirectory.of(
        [
            Colleague("grace@example.com", "Grace Hopper", "1001"),
            Colleague("ada.a@example.com", "Ada Lovelace", "1002"),
            Colleague("ada.b@example.com", "Ada Lovelace", "1003"),
        ]
    )


def test_a_manager_is_found_by_employee_id_or_by_either_order_of_name() -> None:
    directory = _directory()
    assert directory.resolve("1001") == "grace@example.com"
    assert directory.resolve("Hopper, Grace") == "grace@example.com"
    assert directory.resolve("Grace Hopper") == "grace@example.com"


def test_an_ambiguous_manager_name_is_never_guessed_and_names_the_candidates() -> None:
    with pytest.raises(ValueError, match="ambiguous") as refused:
        _directory().resolve("Lovelace, Ada")
    assert "ada.a@example.com" in str(refused.value) and "ada.b@example.com" in str(refused.value)


def test_an_unknown_manager_name_suggests_close_candidates() -> None:
    with pytest.raises(ValueError, match="matches no one") as refused:
        _directory().resolve("Grace Hoper")
    assert "did you mean Grace Hopper <grace@example.com>" in str(refused.value)


def test_a_preset_finds_its_columns_and_lists_the_rest_as_ignored() -> None:
    headers = ["Employee #", "First Name", "Last Name", "Work Email", "Reports To", "Location"]
    plan = plan_columns(headers, "bamboohr")
    assert isinstance(plan, ColumnPlan)
    assert plan.columns["manager_email"] == "Reports To"
    assert plan.columns["employee_id"] == "Employee #"
    assert plan.ignored == ("Location",)
    assert plan.fields == {"email", "name", "employee_id", "manager_email"}


def test_workday_headers_with_underscores_match_the_preset() -> None:
    plan = plan_columns(["Employee_ID", "Worker", "Email_-_Primary_Work", "Time_Zone"], "workday")
    assert isinstance(plan, ColumnPlan)
    assert plan.columns == {
        "employee_id": "Employee_ID",
        "name": "Worker",
        "email": "Email_-_Primary_Work",
        "timezone": "Time_Zone",
    }


def test_a_file_without_an_email_column_is_refused_naming_what_was_looked_for() -> None:
    problems = plan_columns(["Name", "Title"], "personio")
    assert isinstance(problems, list)
    [problem] = problems
    assert problem.field == "email" and problem.line == 1
    assert "'Email'" in problem.reason and "found Name, Title" in problem.reason


def test_a_mapping_with_an_unknown_field_a_doubled_field_and_no_name_lists_every_problem() -> None:
    problems = mapping_problems({"Mail": "email", "Alt Mail": "email", "Pay": "salary"})
    assert [(p.reason, p.field, p.line) for p in problems] == [
        ("columns 'Mail' and 'Alt Mail' both map to email", "Alt Mail", None),
        (problems[1].reason, "Pay", None),
        ("the mapping has no column for name (or first_name and last_name)", "name", 1),
    ]
    assert problems[1].reason.startswith("'salary' is not a growpath field")


def test_a_mapping_refuses_column_names_that_are_not_one_short_line() -> None:
    problems = mapping_problems({"Mail": "email", "Name\r\nX": "name", "y" * 300: "title"})
    assert [p.reason for p in problems] == [
        "a column name is one line of at most 200 characters",
        "a column name is one line of at most 200 characters",
        "the mapping has no column for name (or first_name and last_name)",
    ]


@pytest.mark.parametrize(
    ("content", "filename", "german"),
    [
        (b"[not json", "people.json", "fehlerhaftes JSON: "),
        (b"\xff\xfe\x00", "people.csv", "die Datei beginnt als UTF-16 LE, ist es aber nicht ("),
        (b"not a zip", "people.xlsx", "die .xlsx-Datei kann nicht gelesen werden ("),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_in_the_readers_language(
    content: bytes, filename: str, german: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_hris_file(content, filename)
    (problem,) = refused.value.problems
    assert problem.translated(translations("de").gettext).startswith(german)
