"""Attack 9: formula cells in CSV exports are guarded, and the guard comes off on import."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from growpath.adapters.csv_files import csv_text
from growpath.domain.text import spreadsheet_cell, unguarded_cell

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1",
    "\r=1",
    "'=1",
]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_cell_is_exported_with_a_leading_quote(value: str) -> None:
    assert spreadsheet_cell(value) == "'" + value
    [row] = csv.reader(io.StringIO(csv_text([["x", value]]), newline=""))
    assert row == ["x", "'" + value]


@pytest.mark.parametrize(
    "value", ["Ada Lovelace", "-0.5", "+3", "12", "1e-5", "", "a=b", "chess;@go", "O'Brien"]
)
def test_numbers_and_ordinary_text_are_exported_as_they_are(value: str) -> None:
    assert spreadsheet_cell(value) == value
    assert unguarded_cell(value) == value


def test_none_is_an_empty_cell_and_numbers_are_written_plainly() -> None:
    assert csv_text([[None, -2, 1.5, "=1"]]) == ",-2,1.5,'=1\r\n"


@given(st.text())
def test_the_import_undoes_exactly_what_the_export_added(value: str) -> None:
    guarded = spreadsheet_cell(value)
    assert unguarded_cell(guarded) == value
    assert guarded[:1] not in ("=", "+", "-", "@", "\t", "\r") or guarded.lstrip("+-")[:1] in (
        "0123456789."
    )


def test_a_line_break_inside_a_cell_stays_inside_its_row() -> None:
    text = csv_text([["a", "line\rbreak", "x\ny"], ["b", "", ""]])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["a", "line\rbreak", "x\ny"],
        ["b", "", ""],
    ]
