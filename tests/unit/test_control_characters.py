"""Attack 9: control characters in single-line fields are refused where the text comes in."""

from __future__ import annotations

from datetime import date

import pytest

from growpath.domain.enrolment import enrolment_details
from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.goals import goal_spec
from growpath.domain.people import PersonProfile, profile_from_fields
from growpath.domain.programs import program_spec
from growpath.domain.sessions import session_location
from growpath.domain.text import single_line
from tests.factories import person_row

# What an attacker puts in a name to add a mail header, or to break a CSV row or a log line.
CONTROLS = ["\r\n", "\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028"]


@pytest.mark.parametrize("control", CONTROLS)
def test_single_line_names_the_field_and_the_character(control: str) -> None:
    problems: list[Problem] = []
    assert single_line(f"Ada{control}Bcc: eve@example.com", "name", problems, 4) is not None
    assert [(p.field, p.line) for p in problems] == [("name", 4)]
    assert f"U+{ord(control[0]):04X}" in problems[0].reason


def test_single_line_leaves_ordinary_text_alone() -> None:
    problems: list[Problem] = []
    single_line("Zoë O'Brien-Łukasz, 日本 — “quoted” =1+1 @x", "name", problems)
    assert problems == []


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Ada{c}Bcc: eve@example.com"),
        ("title", "Engineer{c}Lead"),
        ("department", "Sales{c}X"),
        ("job_family", "Eng{c}X"),
        ("interests", "chess{c}go;running"),
        ("languages", "en{c}de"),
        ("skills", "py{c}thon:3"),
    ],
)
def test_a_header_injection_in_an_hris_field_is_refused_naming_field_and_row(
    field: str, value: str, control: str
) -> None:
    outcome = profile_from_fields(person_row(1, **{field: value.format(c=control)}), line=9)
    assert isinstance(outcome, list), outcome
    assert any(p.field == field and p.line == 9 and "single line" in p.reason for p in outcome)


def test_a_bio_keeps_its_line_breaks() -> None:
    outcome = profile_from_fields(person_row(1, bio="I coach.\r\n\tAsk me about Go."))
    assert isinstance(outcome, PersonProfile)
    assert outcome.bio == "I coach.\r\n\tAsk me about Go."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "Leaders\r\nBcc: eve@example.com"}, "name"),
        ({"name": "Leaders\tprogram"}, "name"),
        ({"track": "first\nline"}, "track"),
        ({"eligibility": {"departments": ["Sales\nX"]}}, "eligibility.departments"),
    ],
)
def test_a_control_character_in_a_program_is_refused(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        program_spec({"name": "Leaders", "kind": "mentoring", **changes})
    assert field in {p.field for p in refused.value.problems}


def test_a_line_break_in_a_goal_title_is_refused() -> None:
    fields = {
        "title": "Speak up\r\nBcc: eve@example.com",
        "measure": "talks given",
        "target_value": 3,
        "due_on": date(2026, 6, 1),
    }
    with pytest.raises(InvalidInput) as refused:
        goal_spec(fields, (), date(2026, 1, 5), None)
    assert [p.field for p in refused.value.problems] == ["title"]


def test_a_line_break_in_an_enrolment_item_is_refused() -> None:
    fields = {"capacity": 2, "expertise": ["Go\r\nBcc: eve@example.com"]}
    with pytest.raises(InvalidInput) as refused:
        enrolment_details("mentor", fields, ())
    assert [p.field for p in refused.value.problems] == ["expertise"]


def test_a_line_break_in_a_session_location_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        session_location("Room 4\r\nATTENDEE:mailto:eve@example.com")
    assert [p.field for p in refused.value.problems] == ["location"]
    assert session_location("  Room 4  ") == "Room 4"
