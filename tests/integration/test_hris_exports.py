"""HRIS exports as they come, on SQLite and PostgreSQL: each preset's file, every encoding and
delimiter, Excel, managers by name, the saved mapping, and dry runs that write nothing."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from growpath.adapters.orm import AuditEventRow, PersonRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import InvalidInput, PermissionDenied
from growpath.services.context import Context
from growpath.services.import_mappings import save_mapping, saved_mapping
from growpath.services.people_import import ImportResult, export_people_csv, import_people
from growpath.services.personal_data import erase_person
from tests.conftest import make_account
from tests.factories import csv_bytes, org_rows

BAMBOOHR = """\
Employee #,First Name,Last Name,Preferred Name,Work Email,Job Title,Department,Division,\
Location,Reports To,Hire Date,Termination Date,Employment Status
1001,Grace,Hopper,,grace.hopper@example.com,VP Engineering,Engineering,R&D,Berlin,,\
2015-03-01,,Full-Time
1002,Ada,Lovelace,,ada@example.com,Staff Engineer,Engineering,R&D,Berlin,"Hopper, Grace",\
2018-06-15,,Full-Time
1003,Alan,Turing,Al,alan@example.com,Engineer,Engineering,R&D,London,"Lovelace, Ada",\
03/15/2020,,Full-Time
1004,Katherine,Johnson,,katherine@example.com,Engineer,Engineering,R&D,Remote,"Lovelace, Ada",\
2021-01-04,2024-06-30,Terminated
"""
# Personio as German Excel saves it: semicolons, Windows-1252, day-first dates.
PERSONIO = """\
ID;First name;Last name;Email;Position;Department;Supervisor;Hire date;Employment type;Office;\
Status
1;Jürgen;Müller;juergen@example.com;CTO;Technik;;01.04.2016;internal;München;active
2;Zoë;Schäfer;zoe@example.com;Entwicklerin;Technik;Jürgen Müller;15.08.2019;external;München;\
active
3;René;Weiß;rene@example.com;Entwickler;Technik;Zoë Schäfer;02.01.2022;internal;Köln;active
"""
# HiBob opened in Excel and saved as "Unicode text": UTF-16 LE with a BOM, tab-separated.
HIBOB = """\
Employee ID\tDisplay name\tFirst name\tLast name\tEmail\tJob title\tDepartment\tReports to\t\
Start date\tSite
E-1\tLinus T.\tLinus\tTorvalds\tlinus@example.com\tFellow\tKernel\t\t2010-01-01\tPortland
E-2\tMargaret H.\tMargaret\tHamilton\tmargaret@example.com\tLead\tKernel\tLinus T.\t2012-05-01\t\
Boston
"""
RIPPLING = """\
Employee ID,Legal first name,Legal last name,Work email,Title,Department,\
Manager - Work email,Start date,Employment type,Work location
R1,Barbara,Liskov,barbara@example.com,Principal,Research,,2019-02-01,"Salaried, full-time",SF
R2,Edsger,Dijkstra,edsger@example.com,Researcher,Research,barbara@example.com,2019-03-01,\
"Salaried, full-time",Austin
"""


def _workday_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        [
            "Employee ID",
            "Worker",
            "Business Title",
            "Email - Primary Work",
            "Manager",
            "Supervisory Organization",
            "Time Zone",
            "Hire Date",
            "Worker Type",
            "Management Level",
        ]
    )
    sheet.append(
        [
            21001,
            "Frances Allen",
            "Director",
            "frances@example.com",
            None,
            "Compilers",
            "GMT-05:00 Eastern Time (New York)",
            date(2011, 9, 1),
            "Employee",
            "3 Director",
        ]
    )
    sheet.append(
        [
            21002,
            "John Backus",
            "Engineer",
            "john@example.com",
            "Frances Allen",
            "Compilers",
            "GMT+01:00 Central European Time (Berlin)",
            date(2016, 2, 1),
            "Contingent Worker",
            "6 Individual Contributor",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _person(app: Growpath, email: str) -> SimpleNamespace:
    """Return the person's columns as read now (the row itself expires with its session)."""
    with app.uow() as uow:
        person = uow.people.by_email(email)
        assert person is not None
        columns = PersonRow.__table__.columns.keys()
        return SimpleNamespace(**{name: getattr(person, name) for name in columns})


def _manager_of(app: Growpath, email: str) -> str | None:
    with app.uow() as uow:
        person = uow.people.by_email(email)
        assert person is not None
        return person.manager.email if person.manager else None


def _people(app: Growpath) -> int:
    with app.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(PersonRow)) or 0


def test_a_bamboohr_export_imports_with_reports_to_as_last_comma_first(
    app: Growpath, operator: Context
) -> None:
    result = import_people(operator, BAMBOOHR.encode(), "employees.csv", preset="bamboohr")
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert result.read_as == "CSV, UTF-8, comma-separated"
    assert result.warnings == (
        "ignored 4 columns that no growpath field reads: "
        "Preferred Name, Division, Location, Employment Status",
    )
    ada = _person(app, "ada@example.com")
    assert (ada.name, ada.title, ada.employee_id) == ("Ada Lovelace", "Staff Engineer", "1002")
    assert _manager_of(app, "ada@example.com") == "grace.hopper@example.com"
    assert _manager_of(app, "alan@example.com") == "ada@example.com"
    assert _person(app, "alan@example.com").hire_date == date(2020, 3, 15)
    assert _person(app, "katherine@example.com").leave_date == date(2024, 6, 30)


def test_a_personio_export_in_windows_1252_with_semicolons_imports(
    app: Growpath, operator: Context
) -> None:
    result = import_people(operator, PERSONIO.encode("cp1252"), "export.csv", preset="personio")
    assert result.created == 3
    assert result.read_as == "CSV, Windows-1252, semicolon-separated"
    zoe = _person(app, "zoe@example.com")
    assert (zoe.name, zoe.is_external, zoe.hire_date) == ("Zoë Schäfer", True, date(2019, 8, 15))
    assert _manager_of(app, "rene@example.com") == "zoe@example.com"


def test_a_workday_xlsx_imports_with_managers_by_name_and_workday_time_zones(
    app: Growpath, operator: Context
) -> None:
    result = import_people(operator, _workday_xlsx(), "Workers.xlsx", preset="workday")
    assert (result.created, result.read_as) == (2, "Excel .xlsx")
    assert result.warnings == ("ignored 1 column that no growpath field reads: Management Level",)
    john = _person(app, "john@example.com")
    assert (john.timezone, john.employee_id, john.is_external) == ("Europe/Berlin", "21002", True)
    assert john.department == "Compilers"
    assert _person(app, "frances@example.com").timezone == "America/New_York"
    assert _manager_of(app, "john@example.com") == "frances@example.com"


def test_a_hibob_export_saved_as_utf16_tab_separated_text_imports(
    app: Growpath, operator: Context
) -> None:
    content = b"\xff\xfe" + HIBOB.encode("utf-16-le")
    result = import_people(operator, content, "bob.txt", preset="hibob")
    assert (result.created, result.read_as) == (2, "CSV, UTF-16 LE, tab-separated")
    assert _manager_of(app, "margaret@example.com") == "linus@example.com"
    assert _person(app, "margaret@example.com").name == "Margaret H."


def test_a_rippling_export_with_a_bom_imports_with_managers_by_work_email(
    app: Growpath, operator: Context
) -> None:
    result = import_people(operator, RIPPLING.encode("utf-8-sig"), "report.csv", preset="rippling")
    assert (result.created, result.read_as) == (2, "CSV, UTF-8 with BOM, comma-separated")
    assert _person(app, "edsger@example.com").name == "Edsger Dijkstra"
    assert _manager_of(app, "edsger@example.com") == "barbara@example.com"


def test_utf16_big_endian_is_read_too(app: Growpath, operator: Context) -> None:
    content = b"\xfe\xff" + csv_bytes(org_rows(3)).decode().encode("utf-16-be")
    assert import_people(operator, content, "people.csv").read_as == (
        "CSV, UTF-16 BE, comma-separated"
    )


def test_utf16_without_a_bom_is_recognised_by_its_zero_bytes(operator: Context) -> None:
    content = csv_bytes(org_rows(3)).decode().encode("utf-16-le")
    assert import_people(operator, content, "people.csv").read_as == (
        "CSV, UTF-16 LE without BOM, comma-separated"
    )


def test_erasing_a_person_frees_their_employee_id(app: Growpath, operator: Context) -> None:
    import_people(operator, BAMBOOHR.encode(), "employees.csv", preset="bamboohr")
    erase_person(operator, _person(app, "katherine@example.com").id)
    again = "Employee #,First Name,Last Name,Work Email\n1004,Kay,Newhire,kay@example.com\n"
    import_people(operator, again.encode(), "new.csv", preset="bamboohr")
    assert _person(app, "kay@example.com").employee_id == "1004"


def test_extra_columns_are_one_warning_not_an_error_on_every_row(operator: Context) -> None:
    rows = [{**row, "salary": "1", "badge": "x", "desk": "4"} for row in org_rows(300)]
    header = [*rows[0]]
    result = import_people(operator, csv_bytes(rows, header), "people.csv")
    assert result.created == 300
    assert result.warnings == (
        "ignored 3 columns that no growpath field reads: salary, badge, desk",
    )


def test_an_ambiguous_manager_name_is_refused_naming_both_candidates(
    app: Growpath, operator: Context
) -> None:
    content = (
        "Email,Worker,Manager\n"
        "a1@example.com,Ada Lovelace,\n"
        "a2@example.com,Ada Lovelace,\n"
        'b@example.com,Bob Byte,"Lovelace, Ada"\n'
        "c@example.com,Cy Cell,Nobody Known\n"
    )
    with pytest.raises(InvalidInput) as refused:
        import_people(operator, content.encode(), "w.csv", preset="workday")
    problems = [(p.line, p.field, p.reason) for p in refused.value.problems]
    assert problems[0][:2] == (4, "manager_email")
    assert "ambiguous" in problems[0][2]
    assert "a1@example.com" in problems[0][2] and "a2@example.com" in problems[0][2]
    assert problems[1][:2] == (5, "manager_email") and "matches no one" in problems[1][2]
    assert _people(app) == 0


def test_a_manager_may_be_named_by_an_employee_id_already_known(
    app: Growpath, operator: Context
) -> None:
    import_people(operator, BAMBOOHR.encode(), "employees.csv", preset="bamboohr")
    newcomer = (
        "Employee #,First Name,Last Name,Work Email,Reports To\n"
        "2001,New,Person,n@example.com,1002\n"
    )
    import_people(operator, newcomer.encode(), "new.csv", preset="bamboohr")
    assert _manager_of(app, "n@example.com") == "ada@example.com"


def test_a_file_cannot_move_an_employee_id_to_another_email(
    app: Growpath, operator: Context
) -> None:
    import_people(operator, BAMBOOHR.encode(), "employees.csv", preset="bamboohr")
    takeover = "Employee #,First Name,Last Name,Work Email\n1001,Grace,Hopper,evil@example.com\n"
    with pytest.raises(InvalidInput, match="already belongs to grace.hopper@example.com"):
        import_people(operator, takeover.encode(), "takeover.csv", preset="bamboohr")
    assert _person(app, "grace.hopper@example.com").employee_id == "1001"


def test_a_dry_run_counts_every_change_and_writes_nothing(app: Growpath, operator: Context) -> None:
    import_people(operator, csv_bytes(org_rows(10)), "people.csv")
    rows = org_rows(12)
    rows[3]["title"] = "Principal Engineer"
    preview = import_people(operator, csv_bytes(rows), "people.csv", dry_run=True)
    assert preview == ImportResult(
        created=2,
        updated=1,
        unchanged=9,
        dry_run=True,
        read_as="CSV, UTF-8, comma-separated",
    )
    assert _people(app) == 10
    assert _person(app, "person3@example.com").title != "Principal Engineer"
    with app.uow() as uow:
        imports = uow.session.scalar(
            select(func.count()).where(AuditEventRow.action == "people.import")
        )
    assert imports == 1


def test_a_dry_run_reports_every_problem_in_one_pass(operator: Context) -> None:
    rows = org_rows(20)
    rows[2]["seniority_level"] = "3.5"
    rows[5]["timezone"] = "Nowhere/City"
    rows[9]["manager_email"] = "Somebody Unknown"
    with pytest.raises(InvalidInput) as refused:
        import_people(operator, csv_bytes(rows), "people.csv", dry_run=True)
    assert [(p.line, p.field) for p in refused.value.problems] == [
        (4, "seniority_level"),
        (7, "timezone"),
        (11, "manager_email"),
    ]


def test_lenient_values_are_read_exactly(app: Growpath, operator: Context) -> None:
    rows = org_rows(3)
    rows[1].update(seniority_level="3.0", timezone="europe/berlin", skills="python:4.0")
    import_people(operator, csv_bytes(rows), "people.csv")
    person = _person(app, "person1@example.com")
    assert (person.seniority_level, person.timezone) == (3, "Europe/Berlin")


def test_a_preset_file_leaves_the_fields_it_does_not_carry_as_they_were(
    app: Growpath, operator: Context
) -> None:
    own = (
        "email,name,timezone,skills,languages\n"
        "ada@example.com,Ada,Europe/London,python:5,en;fr\n"
        "grace.hopper@example.com,Grace,UTC,cobol:5,en\n"
    )
    import_people(operator, own.encode(), "people.csv")
    result = import_people(operator, BAMBOOHR.encode(), "employees.csv", preset="bamboohr")
    assert (result.created, result.updated) == (2, 2)
    ada = _person(app, "ada@example.com")
    assert (ada.name, ada.timezone, ada.languages) == (
        "Ada Lovelace",
        "Europe/London",
        ["en", "fr"],
    )
    with app.uow() as uow:
        person = uow.people.by_email("ada@example.com")
        assert person is not None and [(s.name, s.level) for s in person.skills] == [("python", 5)]
    again = import_people(operator, BAMBOOHR.encode(), "employees.csv", preset="bamboohr")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_a_saved_mapping_reads_a_file_no_preset_fits(app: Growpath, operator: Context) -> None:
    save_mapping(
        operator,
        {"Mail": "email", "Given": "first_name", "Family": "last_name", "Boss": "manager_email"},
    )
    assert saved_mapping(operator) == {
        "Mail": "email",
        "Given": "first_name",
        "Family": "last_name",
        "Boss": "manager_email",
    }
    content = (
        "Given,Family,Mail,Boss,Shoe size\n"
        "Mary,Major,m@example.com,\n"
        "Mo,Minor,n@example.com,Mary Major,44\n"
    )
    result = import_people(operator, content.encode(), "x.csv", saved_mapping=True)
    assert result.created == 2
    assert _manager_of(app, "n@example.com") == "m@example.com"


def test_a_mapping_with_problems_is_refused_and_nothing_is_saved(operator: Context) -> None:
    with pytest.raises(InvalidInput) as refused:
        save_mapping(operator, {"A": "email", "B": "email", "C": "wage"})
    assert {p.field for p in refused.value.problems} == {"B", "C", "name"}
    assert saved_mapping(operator) is None
    with pytest.raises(InvalidInput, match="no column mapping is saved yet"):
        import_people(operator, csv_bytes(org_rows(2)), "p.csv", saved_mapping=True)


def test_a_program_admin_may_not_change_the_saved_mapping(app: Growpath) -> None:
    admin = make_account(app, "padmin@example.com", Role.PROGRAM_ADMIN)
    with pytest.raises(PermissionDenied):
        save_mapping(admin, {"Mail": "email", "Name": "name"})


def test_an_unknown_preset_is_refused_naming_the_presets(operator: Context) -> None:
    with pytest.raises(InvalidInput, match="expected one of bamboohr, workday, hibob"):
        import_people(operator, BAMBOOHR.encode(), "e.csv", preset="sap")


def test_a_formula_in_an_xlsx_cell_is_imported_as_its_value_never_as_a_formula(
    app: Growpath, operator: Context
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["email", "name", "title"])
    sheet.append(["f@example.com", "Fay", '=HYPERLINK("http://evil.example","x")'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_people(operator, buffer.getvalue(), "people.xlsx")
    # openpyxl saved no cached value, so the formula cell reads as empty, never as its text
    # or its result.
    assert _person(app, "f@example.com").title == ""
    assert "HYPERLINK" not in export_people_csv(operator)


def test_a_broken_xlsx_is_refused_with_a_reason(operator: Context) -> None:
    with pytest.raises(InvalidInput, match="cannot be read"):
        import_people(operator, b"PK\x03\x04 not really a zip", "people.xlsx")


def test_the_new_fields_round_trip_through_the_export(app: Growpath, operator: Context) -> None:
    import_people(operator, BAMBOOHR.encode(), "employees.csv", preset="bamboohr")
    exported = export_people_csv(operator)
    assert exported.splitlines()[0].endswith("employee_id,hire_date,leave_date,is_external")
    result = import_people(operator, exported.encode(), "export.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert export_people_csv(operator) == exported
