"""Rules every piece of text obeys: a single-line field holds no control characters.

A line break in a name or a title reaches mail headers, CSV rows, calendar files and logs;
there it splits a header (or stops the job that builds it), forges a row or a log line. The
fields meant to hold one line refuse every control character at the point they come in.
"""

from __future__ import annotations

import re

from growpath.domain.errors import Problem, Term
from growpath.i18n import N_

# C0 controls (NUL…US, including TAB, LF and CR), DEL, the C1 controls (including NEL), and the
# Unicode line and paragraph separators, which str.splitlines and some mail readers break on.
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMES = {
    "\t": Term(N_("a tab")),
    "\n": Term(N_("a line feed")),
    "\r": Term(N_("a carriage return")),
    "\x00": Term(N_("a NUL")),
    "\x7f": Term(N_("a DEL")),
    "\x85": Term(N_("a next-line")),
    "\u2028": Term(N_("a line separator")),
    "\u2029": Term(N_("a paragraph separator")),
}
_OTHER = Term(N_("a control character"))


def control_found(value: str) -> Term | None:
    """Name the first control character in value (e.g. 'a line feed, U+000A'), or None."""
    found = _NOT_ONE_LINE.search(value)
    if found is None:
        return None
    char = found.group()
    # Only the character's name is words; the pattern around it is the same in every language.
    return Term(
        "%(character)s, %(code)s", character=_NAMES.get(char, _OTHER), code=f"U+{ord(char):04X}"
    )


def control_character(value: str) -> str | None:
    """Describe the first control character in value (e.g. 'a line feed, U+000A'), or None."""
    found = control_found(value)
    return None if found is None else str(found)


def single_line(value: str, field: str, problems: list[Problem], line: int | None = None) -> str:
    """Return value; note a problem naming the field when it holds a control character."""
    found = control_found(value)
    if found is not None:
        problems.append(
            Problem.of(
                N_("must be a single line of text without control characters (found %(found)s)"),
                field,
                line,
                found=found,
            )
        )
    return value


def paragraphs(value: str, field: str, problems: list[Problem], line: int | None = None) -> str:
    """Return value; note a problem naming the field when it holds a NUL character."""
    # Text of several lines keeps its breaks, but a NUL is never text: PostgreSQL refuses it
    # in a text column, and it cuts strings short in C libraries and terminals.
    if "\x00" in value:
        problems.append(Problem(N_("must not contain a NUL character (U+0000)"), field, line))
    return value


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
# A cell already starting with quotes before one of them is guarded too, so that the guard is
# undone exactly on import (see unguarded_cell).
_FORMULA = re.compile("'*[=+\\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_cell(value: str) -> str:
    """Return value safe to open in a spreadsheet: a formula-looking cell gets a leading '."""
    if _FORMULA.match(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def unguarded_cell(value: str) -> str:
    """Undo spreadsheet_cell: drop the ' that guards a formula-looking cell, keep the rest."""
    if value.startswith("'") and _FORMULA.match(value[1:]) and not _NUMBER.fullmatch(value[1:]):
        return value[1:]
    return value
