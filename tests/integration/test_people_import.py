"""People import on SQLite and PostgreSQL: atomic, every bad row named, re-import in place."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from growpath.adapters.orm import AuditEventRow, PersonRow, PersonSkillRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import InvalidInput, PermissionDenied
from growpath.services.context import Context
from growpath.services.people_import import export_people_csv, import_people
from tests.conftest import make_account
from tests.factories import csv_bytes, org_rows, person_row


def _count(app: Growpath, table: type[PersonRow] | type[PersonSkillRow]) -> int:
    with app.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(table)) or 0


def test_a_csv_of_an_organisation_is_imported_with_reporting_lines(
    app: Growpath, operator: Context
) -> None:
    result = import_people(operator, csv_bytes(org_rows(40)), "people.csv")
    assert (result.created, result.updated) == (40, 0)
    with app.uow() as uow:
        person = uow.people.by_email("person7@example.com")
        assert person is not None and person.manager is not None
        assert person.manager.email == "person2@example.com"
        assert {s.name: s.level for s in person.skills} == {"python": 3, "sql": 2}


def test_one_bad_row_among_many_writes_nothing_and_names_that_row(
    app: Growpath, operator: Context
) -> None:
    rows = org_rows(200)
    rows[120]["seniority_level"] = "99"
    with pytest.raises(InvalidInput) as refused:
        import_people(operator, csv_bytes(rows), "people.csv")
    # Line 1 is the header, so record 120 sits on line 122.
    assert [(p.line, p.field) for p in refused.value.problems] == [(122, "seniority_level")]
    assert _count(app, PersonRow) == 0
    assert _count(app, PersonSkillRow) == 0


def test_every_kind_of_bad_row_is_reported_together(app: Growpath, operator: Context) -> None:
    rows = org_rows(10)
    rows[3]["email"] = ""
    rows[4]["email"] = "not-an-email"
    rows[5]["email"] = rows[6]["email"]
    rows[7]["skills"] = "python:7"
    rows[8]["manager_email"] = "ghost@example.com"
    problems = sorted(_problems(operator, rows))
    assert [(line, field) for line, field, _ in problems] == [
        (5, "email"),
        (6, "email"),
        (8, "email"),
        (9, "skills"),
        (10, "manager_email"),
    ]
    assert problems[0][2] == "is missing"
    assert problems[1][2].startswith("'not-an-email' is not a valid e-mail address")
    assert problems[2][2] == "duplicate e-mail 'person6@example.com', first seen on line 7"
    assert problems[3][2] == "level of skill 'python' 7 is outside 1–5"
    assert _count(app, PersonRow) == 0


def test_an_unknown_manager_and_a_cycle_are_refused(app: Growpath, operator: Context) -> None:
    rows = [
        person_row(1, manager_email="person2@example.com"),
        person_row(2, manager_email="person3@example.com"),
        person_row(3, manager_email="person1@example.com"),
        person_row(4, manager_email="ghost@example.com"),
    ]
    problems = _problems(operator, rows)
    assert {line for line, _, _ in problems} == {2, 3, 4, 5}
    assert any("cycle" in reason for _, _, reason in problems)
    assert any("ghost@example.com" in reason for _, _, reason in problems)
    assert _count(app, PersonRow) == 0


def test_reimport_updates_people_in_place_by_email(app: Growpath, operator: Context) -> None:
    import_people(operator, csv_bytes(org_rows(30)), "people.csv")
    with app.uow() as uow:
        before = uow.people.ids_by_email()
    changed = org_rows(30)
    changed[5].update(title="Staff Engineer", skills="go:5", manager_email="person0@example.com")
    result = import_people(operator, csv_bytes(changed), "people.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 29)
    with app.uow() as uow:
        assert uow.people.ids_by_email() == before
        person = uow.people.by_email("person5@example.com")
        assert person is not None and person.manager is not None
        assert person.title == "Staff Engineer"
        assert person.manager.email == "person0@example.com"
        assert [(s.name, s.level) for s in person.skills] == [("go", 5)]


def test_a_reimport_may_refer_to_managers_already_known(app: Growpath, operator: Context) -> None:
    import_people(operator, csv_bytes(org_rows(5)), "people.csv")
    newcomer = [person_row(50, manager_email="person1@example.com")]
    assert import_people(operator, csv_bytes(newcomer), "new.csv").created == 1


def test_a_json_file_is_imported_with_lists_and_skill_mappings(
    app: Growpath, operator: Context
) -> None:
    people = [
        {
            "email": "a@example.com",
            "name": "A",
            "languages": ["en", "fr"],
            "skills": {"python": 4},
            "seniority_level": 3,
        },
        {"email": "b@example.com", "name": "B", "manager_email": "a@example.com"},
    ]
    import_people(operator, json.dumps(people).encode(), "people.json")
    with app.uow() as uow:
        a = uow.people.by_email("a@example.com")
        assert a is not None and a.languages == ["en", "fr"] and a.seniority_level == 3


def test_a_json_record_that_is_not_an_object_is_named_by_position(operator: Context) -> None:
    with pytest.raises(InvalidInput) as refused:
        import_people(operator, b'[{"email": "a@example.com", "name": "A"}, 42]', "p.json")
    assert refused.value.problems[0].line == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"name,title\nA,B\n", "header row has no column for email"),
        (b"\x81\x8d\x8f", "neither UTF-8, UTF-16 nor Windows-1252"),
        (b"\xff\xfe\x00", "starts as UTF-16 LE but is not"),
        (b"[not json", "malformed JSON"),
        (b"email,name\n", "holds no people"),
    ],
)
def test_a_malformed_file_is_refused_with_a_reason(
    operator: Context, content: bytes, reason: str
) -> None:
    with pytest.raises(InvalidInput, match=reason):
        import_people(operator, content, "people.csv")


def test_a_row_with_too_many_cells_is_named(operator: Context) -> None:
    content = b"email,name\na@example.com,A,surplus\n"
    with pytest.raises(InvalidInput) as refused:
        import_people(operator, content, "people.csv")
    assert refused.value.problems[0].line == 2


def test_export_reimports_to_the_same_people(app: Growpath, operator: Context) -> None:
    import_people(operator, csv_bytes(org_rows(25)), "people.csv")
    exported = export_people_csv(operator)
    result = import_people(operator, exported.encode(), "export.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 25)
    assert export_people_csv(operator) == exported


def test_a_participant_may_not_import_or_export(app: Growpath) -> None:
    participant = make_account(app, "someone@example.com", Role.PARTICIPANT)
    with pytest.raises(PermissionDenied):
        import_people(participant, csv_bytes(org_rows(2)), "people.csv")
    with pytest.raises(PermissionDenied):
        export_people_csv(participant)


def test_an_import_is_recorded_in_the_audit_trail(app: Growpath, operator: Context) -> None:
    import_people(operator, csv_bytes(org_rows(3)), "people.csv")
    with app.uow() as uow:
        event = uow.session.scalars(
            select(AuditEventRow).where(AuditEventRow.action == "people.import")
        ).one()
        assert event.detail == {
            "created": 3,
            "updated": 0,
            "unchanged": 0,
            "leavers_closed": 0,
            "file": "people.csv",
            "preset": "",
        }


def _problems(operator: Context, rows: list[dict[str, str]]) -> set[tuple[int, str, str]]:
    with pytest.raises(InvalidInput) as refused:
        import_people(operator, csv_bytes(rows), "people.csv")
    return {(p.line or 0, p.field or "", p.reason) for p in refused.value.problems}


def test_an_hris_file_with_a_line_break_in_a_name_is_refused_naming_its_row(
    app: Growpath, operator: Context
) -> None:
    rows = org_rows(5)
    rows[3]["name"] = "Eve\r\nBcc: eve@example.com"
    with pytest.raises(InvalidInput) as refused:
        import_people(operator, csv_bytes(rows), "people.csv")
    [problem] = refused.value.problems
    assert problem.field == "name" and problem.line is not None
    assert "single line" in problem.reason and "U+000D" in problem.reason
    assert _count(app, PersonRow) == 0


def test_a_formula_in_a_bio_or_interests_is_exported_inert_and_reimports_unchanged(
    app: Growpath, operator: Context
) -> None:
    rows = org_rows(3)
    rows[1]["bio"] = '=HYPERLINK("http://evil.example","click")'
    rows[1]["interests"] = "@SUM(1);chess"
    rows[2]["title"] = "-2+3"
    rows[2]["bio"] = "A line\r\nand a lone\rreturn."
    import_people(operator, csv_bytes(rows), "people.csv")
    exported = export_people_csv(operator)
    cells = [cell for row in csv.reader(io.StringIO(exported, newline="")) for cell in row]
    assert """'=HYPERLINK("http://evil.example","click")""" in cells
    assert "'@SUM(1);chess" in cells and "'-2+3" in cells
    assert not any(cell[:1] in ("=", "+", "@") for cell in cells)
    # The import takes its own guard off again: the same people, the same export.
    result = import_people(operator, exported.encode(), "export.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert export_people_csv(operator) == exported
    with app.uow() as uow:
        person = uow.people.by_email(rows[1]["email"])
        assert person is not None
        assert person.bio.startswith("=HYPERLINK") and person.interests == ["@SUM(1)", "chess"]
