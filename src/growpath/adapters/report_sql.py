"""SQL pieces shared by the report facts and the report queries, on SQLite and PostgreSQL alike.

Day numbers are dates and timestamps as fractional days: julianday on SQLite, the epoch in days
on PostgreSQL. The origins differ, so day numbers are only compared and subtracted within one
database, where differences are days on both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Date, Float, case
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class day_number(FunctionElement[float]):  # noqa: N801 - reads as the SQL function it is
    """A date or timestamp as a fractional day number, comparable across both databases."""

    type = Float()
    inherit_cache = True
    name = "day_number"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    return f"julianday({compiler.process(element.clauses, **kw)})"


@compiles(day_number, "postgresql")
def _day_number_postgresql(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    # date_part gives double precision where EXTRACT gives numeric, whose arithmetic is much
    # slower. A date is cast to a timestamp without zone, so it reads as midnight UTC whatever
    # the session's time zone.
    (argument,) = element.clauses
    value = compiler.process(argument, **kw)
    if isinstance(argument.type, Date):
        value = f"CAST({value} AS TIMESTAMP WITHOUT TIME ZONE)"
    return f"(date_part('epoch', {value}) / 86400.0)"


def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """1 where the condition holds, else 0: a count when summed."""
    return case((condition, 1), else_=0)
