"""Rules an HRIS record must satisfy, without a database."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from growpath.domain.errors import Problem
from growpath.domain.people import (
    PersonProfile,
    find_manager_cycles,
    parse_skills,
    plain_email,
    profile_from_fields,
    reporting_chain_problems,
    split_list,
)
from tests.factories import person_row


def test_a_complete_record_becomes_a_profile() -> None:
    profile = profile_from_fields(person_row(1, email="  Ada@Example.COM "), line=2)
    assert isinstance(profile, PersonProfile)
    assert profile.email == "ada@example.com"
    assert profile.skills == {"python": 3, "sql": 2}
    assert profile.languages == ("en", "de")
    assert profile.seniority_level == 2


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("email", "", "is missing"),
        ("email", "not-an-email", "not a valid e-mail"),
        ("name", "  ", "is missing"),
        ("seniority_level", "eleven", "not a whole number"),
        ("seniority_level", "11", "outside 1–10"),
        ("skills", "python:9", "outside 1–5"),
        ("skills", "python", "must look like name:level"),
        ("skills", "python:3;Python:4", "listed twice"),
        ("timezone", "Mars/Olympus", "not an IANA time zone"),
        ("manager_email", "boss@", "not a valid e-mail"),
    ],
)
def test_a_bad_field_is_named_with_its_reason(field: str, value: str, reason: str) -> None:
    outcome = profile_from_fields(person_row(1, **{field: value}), line=7)
    assert isinstance(outcome, list)
    assert any(p.field == field and p.line == 7 and reason in p.reason for p in outcome), outcome


def test_every_problem_of_a_record_is_reported_at_once() -> None:
    outcome = profile_from_fields(person_row(1, email="x", seniority_level="0", timezone="Nowhere"))
    assert isinstance(outcome, list)
    assert {p.field for p in outcome} == {"email", "seniority_level", "timezone"}


def test_an_unknown_column_is_refused() -> None:
    outcome = profile_from_fields({**person_row(1), "salary": "1"})
    assert isinstance(outcome, list)
    assert outcome[0].field == "salary"


@given(st.lists(st.text(alphabet="abc ;", max_size=6), max_size=6))
def test_split_list_never_yields_blank_or_repeated_items(items: list[str]) -> None:
    result = split_list(";".join(items))
    assert all(item and item == item.strip() for item in result)
    assert len(result) == len(set(result))


@given(
    st.dictionaries(
        st.text(alphabet="abcxyz", min_size=1, max_size=5), st.integers(1, 5), max_size=6
    )
)
def test_skills_round_trip_through_their_text_form(skills: dict[str, int]) -> None:
    text = ";".join(f"{name}:{level}" for name, level in skills.items())
    assert parse_skills(text) == skills


def test_a_reporting_cycle_is_found_with_everyone_in_it() -> None:
    cycles = find_manager_cycles({"a": "b", "b": "c", "c": "a", "d": "a", "e": None})
    assert [sorted(c) for c in cycles] == [["a", "b", "c"]]


@given(st.lists(st.integers(0, 9), min_size=1, max_size=10))
def test_reporting_lines_pointing_only_upwards_never_form_a_cycle(managers: list[int]) -> None:
    # Person i reports to someone with a smaller number, so the lines form a forest.
    manager_of = {str(i): (str(m % i) if i else None) for i, m in enumerate(managers)}
    assert find_manager_cycles(manager_of) == []


def test_an_unknown_manager_names_the_row() -> None:
    profile = profile_from_fields(person_row(1, manager_email="ghost@example.com"))
    assert isinstance(profile, PersonProfile)
    problems = reporting_chain_problems({profile.email: (4, profile)}, {})
    assert problems == [
        Problem(
            "manager 'ghost@example.com' is neither in the file nor already known",
            "manager_email",
            4,
        )
    ]


@settings(max_examples=300)
@given(
    st.from_regex(
        r"[a-zA-Z0-9_+.-]{1,70}@[a-zA-Z0-9.-]{1,70}\.(com|de|io|test|local|x|arpa|museum)",
        fullmatch=True,
    )
)
def test_the_fast_path_for_plain_addresses_agrees_with_email_validator(address: str) -> None:
    plain = plain_email(address)
    try:
        expected: str | None = validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        expected = None
    if plain is not None:
        assert expected is not None and plain == expected.lower()
