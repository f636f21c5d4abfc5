"""Column reads run on the driver's cursor: compiled once per database, not set up per run.

A page's reads are statements built once with bound parameters (`@cache`), returning columns.
Run through `Connection.execute`, each one again computes its cache key, looks its compiled
form up, builds an execution context and a result with the driver's column descriptions:
about as much CPU as the driver spends sending it and reading its rows. Here a statement is
compiled once per database (dialect) and its result rows' factory is taken from its first run
through SQLAlchemy; later runs send the compiled SQL with the parameters converted by the same
bind processors and build the rows with that factory, so they are the rows SQLAlchemy gives.
An INSERT that returns nothing (`write`: the audit trail's events) runs the same way from its
first run.

The run goes through `Connection._cursor_execute`, SQLAlchemy's own way to run SQL on a
cursor: the cursor events (`read_only_end`'s write tracking, the tests' statement counts), the
echo log and the wrapping of driver errors (a lost connection invalidates it) are as for any
statement. Statements this cannot run as compiled (escaped bind names, execution options, a
driver that binds with input sizes) go through `execute`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Connection,
    CursorResult,
    Executable,
    Insert,
    Row,
    Select,
    Table,
    Update,
    bindparam,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.interfaces import BindTyping, DBAPICursor
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import ReturningInsert

# A statement whose rows are columns: a select, or an INSERT returning what it gave the row.
ColumnSelect = (
    Select[*tuple[Any, ...]] | CompoundSelect[*tuple[Any, ...]] | ReturningInsert[*tuple[Any, ...]]
)


class _Plan(NamedTuple):
    """How one statement runs on one database's cursor."""

    compiled: SQLCompiler
    sql: str
    bind_processors: Mapping[str, Callable[[Any], Any]]
    # The parameters' order for a driver that takes them by position (SQLite), else None.
    positions: Sequence[str] | None
    # Whether the SQL is finished per run: a list's values are parameters of their own.
    expanding: bool
    # None for a write, which returns no rows.
    make_rows: Callable[[Sequence[Any]], Sequence[Row[Any]]] | None


class _Unseen:
    """A statement not yet run on this database."""


_UNSEEN = _Unseen()


# Kept on the dialect, which belongs to one engine: a plan's compiled form refers to its dialect,
# so plans kept anywhere else would keep every engine a test built alive. A statement is held
# as long as its dialect, which suits statements built once; a caller building its own anew
# for each run would fill the table, so past this many the others run through `execute`.
_PLANS = "_growpath_column_plans"
MOST_PLANS = 1000


def rows_of(
    connection: Connection, statement: ColumnSelect, parameters: Mapping[str, Any]
) -> Sequence[Row[Any]]:
    """Run a select of columns (or an INSERT returning columns) on the connection and return
    its rows."""
    dialect = connection.dialect
    plans = _plans(dialect)
    plan = plans.get(statement, _UNSEEN)
    if isinstance(plan, _Unseen):
        result = connection.execute(statement, parameters)
        if len(plans) < MOST_PLANS:
            plans[statement] = _plan_of(dialect, statement, result)
        return result.all()
    if plan is None:
        return connection.execute(statement, parameters).all()
    return _run(connection, plan, parameters)


def write(connection: Connection, statement: Insert | Update, parameters: Mapping[str, Any]) -> int:
    """Run an INSERT or UPDATE that returns nothing on the connection, compiled once per
    database; return how many rows it wrote."""
    # As reads are: a multi-row INSERT built once per row count has a parameter per value, and
    # `execute` computed its cache key over all of them at every run.
    plans = _plans(connection.dialect)
    plan = plans.get(statement, _UNSEEN)
    if isinstance(plan, _Unseen):
        plan = _compiled_plan(connection.dialect, statement, None)
        if len(plans) < MOST_PLANS:
            plans[statement] = plan
    if plan is None:
        return connection.execute(statement, parameters).rowcount
    cursor = _send(connection, plan, parameters)[0]
    written: int = cursor.rowcount
    cursor.close()
    return written


# Rows per INSERT of `write_rows`: thousands stay far below PostgreSQL's 65,535 parameters a
# statement, and there are at most this many statements of a table to compile.
ROWS_PER_INSERT = 100


def row_values(
    table: Table, fields: Sequence[str], count: int
) -> list[dict[str, BindParameter[Any]]]:
    """Return the VALUES of an INSERT of `count` rows: a bound parameter per field and row,
    named as `write_rows` fills them."""
    return [
        {name: bindparam(f"{name}_{row}", type_=table.c[name].type) for name in fields}
        for row in range(count)
    ]


def row_parameters(fields: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Return the parameters of an INSERT of these rows built with `row_values`."""
    return {f"{name}_{row}": line[name] for row, line in enumerate(rows) for name in fields}


def write_rows(
    connection: Connection,
    statement: Callable[[int], Insert],
    fields: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
) -> None:
    """Insert rows by INSERTs of many rows each, `statement(count)` built once per count (with
    `row_values`), each run as compiled (`write`)."""
    # One statement of six rows cost half the CPU of six statements in a pipeline
    # (`executemany`), and `execute` would compute its cache key over all its parameters.
    for start in range(0, len(rows), ROWS_PER_INSERT):
        batch = rows[start : start + ROWS_PER_INSERT]
        write(connection, statement(len(batch)), row_parameters(fields, batch))


def _plans(dialect: Dialect) -> dict[Executable, _Plan | None]:
    plans: dict[Executable, _Plan | None] | None = getattr(dialect, _PLANS, None)
    if plans is None:
        plans = {}
        setattr(dialect, _PLANS, plans)
    return plans


def _plan_of(dialect: Dialect, statement: ColumnSelect, first: CursorResult[Any]) -> _Plan | None:
    make_rows = first._row_getter[1]  # noqa: SLF001
    if make_rows is None:
        return None
    # The factory SQLAlchemy built for this statement's result: its columns' result
    # processors (dates on SQLite, sealed text) applied the same way.
    return _compiled_plan(dialect, statement, make_rows)


def _compiled_plan(
    dialect: Dialect,
    statement: ColumnSelect | Insert | Update,
    make_rows: Callable[[Sequence[Any]], Sequence[Row[Any]]] | None,
) -> _Plan | None:
    # Compiled here from this very statement, not taken from SQLAlchemy's cache: a cached
    # compiled form may come from another statement of the same shape whose literal values
    # (a status compared with a constant) differ, which SQLAlchemy supplies at each run.
    compiled = statement.compile(dialect=dialect)
    if (
        not isinstance(compiled, SQLCompiler)
        or compiled.escaped_bind_names
        or compiled.schema_translate_map
        or statement.get_execution_options()
        or dialect.bind_typing is BindTyping.SETINPUTSIZES
        # A column default computed in Python is supplied by `execute`'s set-up, not here.
        or compiled.insert_prefetch
        or compiled.update_prefetch
    ):
        return None
    return _Plan(
        compiled,
        compiled.string,
        # Each a function, but a tuple-typed list's (one per element), which is only ever
        # looked up under the list's expanded names, never its own.
        cast(Mapping[str, Callable[[Any], Any]], compiled._bind_processors),  # noqa: SLF001
        compiled.positiontup if compiled.positional else None,
        bool(compiled.post_compile_params or compiled.literal_execute_params),
        make_rows,
    )


def _run(connection: Connection, plan: _Plan, given: Mapping[str, Any]) -> Sequence[Row[Any]]:
    if plan.make_rows is None:
        raise TypeError("a write's plan returns no rows")
    cursor, sql, parameters = _send(connection, plan, given)
    try:
        fetched = cursor.fetchall()
    except BaseException as error:
        connection._handle_dbapi_exception(error, sql, parameters, cursor, None)  # noqa: SLF001
    cursor.close()
    return plan.make_rows(fetched)


def _send(
    connection: Connection, plan: _Plan, given: Mapping[str, Any]
) -> tuple[DBAPICursor, str, Any]:
    sql, positions, processors = plan.sql, plan.positions, plan.bind_processors
    if plan.expanding:
        # SQLAlchemy's own expansion, as each of its runs does: the list's values become
        # parameters of their own and the SQL names each.
        state = plan.compiled.construct_expanded_state(given, escape_names=False)
        sql, values, positions = state.statement, state.parameters, state.positiontup
        processors = {**processors, **state.processors}
    else:
        values = plan.compiled.construct_params(given, escape_names=False)
    parameters: Any
    if positions is None:
        parameters = {
            key: processors[key](value) if key in processors else value
            for key, value in values.items()
        }
    else:
        parameters = connection.dialect.execute_sequence_format(
            [
                processors[key](values[key]) if key in processors else values[key]
                for key in positions
            ]
        )
    cursor = connection.connection.cursor()
    connection._cursor_execute(cursor, sql, parameters)  # noqa: SLF001
    return cursor, sql, parameters
