"""Benchmark: how fast `growpath` starts, and a 10,000-row people import end to end.

Every figure is a fresh process, timed from outside by GNU time (/usr/bin/time: wall time, the
CPU time of the process, user + system, and its peak resident memory; a child of this Python
process would carry this process's own memory as its peak), the median of --runs runs, beside
baselines measured in the same run: the bare interpreter, Typer alone (the floor of any Typer
command line) and the app's own stack (SQLAlchemy, the ORM and the settings, which every
command that opens the database loads). The machine is shared: CPU time is the figure to
trust, wall time says as much about the neighbours. With --before REV the same commands run
on the code of an older commit too (`git archive`, same virtualenv), for a before/after in one
run.

growpath's modules run byte-compiled, as pip installs them (a copy of the source tree, put
through compileall first): a checkout run with PYTHONDONTWRITEBYTECODE=1 would compile every
growpath module it imports on every start.

The imports run on SQLite and, unless --no-postgres, on the PostgreSQL at 127.0.0.1:5432
(user postgres; its own databases, dropped at the end); there the database server's own CPU
is not in the CPU column but is in the wall time.

Run with `make bench-cli` (or `python -m bench.cli`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from tests.factories import csv_bytes, org_rows

from bench.databases import copy_database, create_database, drop_database
from growpath.adapters import migrate
from growpath.adapters.database import create_database_engine

HELP_TARGET = 0.3  # seconds: `growpath --help`
IMPORT_TARGET = 3.0  # seconds: 10,000 rows, end to end
SECRET = "bench-" + "0123456789abcdef" * 3  # a private one: the published one is refused
TEMPLATE = "growpath_bench_cli_template"
DATABASE = "growpath_bench_cli"
SOURCE = Path(__file__).resolve().parent.parent / "src"
TIME = "/usr/bin/time"  # GNU time (Debian's `time` package)
# The entry point as `growpath` runs it, for this code and for an older commit's alike.
GROWPATH = (
    "import sys; sys.argv[0] = 'growpath'; from growpath.entrypoints.cli_main import main; main()"
)
# What each `growpath serve` worker does before its first request.
WEB_WORKER = "from growpath.entrypoints.app import create_app; create_app()"
# The same and its first request (GET /healthz, straight to the ASGI app): a worker's routing
# is set up there, and a test's app pays it too.
WEB_FIRST_REQUEST = """
import asyncio
from growpath.entrypoints.app import create_app
app = create_app()
scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
         "scheme": "http", "path": "/healthz", "raw_path": b"/healthz", "root_path": "",
         "query_string": b"", "headers": [(b"host", b"localhost")],
         "client": ("127.0.0.1", 1), "server": ("localhost", 80)}
async def receive():
    return {"type": "http.request", "body": b"", "more_body": False}
async def send(message):
    pass
asyncio.run(app(scope, receive, send))
"""
console = Console(width=150)


@dataclass(frozen=True)
class Run:
    """One finished process: wall and CPU seconds, peak resident memory in MB."""

    wall: float
    cpu: float
    rss_mb: float


@dataclass(frozen=True)
class Row:
    """A line of the table: what ran, its runs, and the target it is held to (if any)."""

    what: str
    runs: list[Run]
    target: float | None = None


def measure(command: Sequence[str], env: dict[str, str], folder: Path) -> Run:
    """Run command once to its end; return its own wall time, CPU time and peak memory."""
    figures = folder / "time.txt"
    with open(folder / "output.txt", "wb") as output:
        finished = subprocess.run(  # noqa: S603 - GNU time and our interpreter
            [TIME, "--format", "%e %U %S %M", "--output", str(figures), *command],
            env=env,
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if finished.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{(folder / 'output.txt').read_text()}")
    wall, user, system, rss_kb = figures.read_text().split()[-4:]
    return Run(float(wall), float(user) + float(system), int(rss_kb) / 1024)


class Bench:
    """Runs commands against a copy of one source tree of growpath."""

    def __init__(self, source: Path, folder: Path, name: str) -> None:
        self.folder = folder
        self.name = name
        copy = folder / name
        shutil.copytree(
            source / "growpath", copy / "growpath", ignore=shutil.ignore_patterns("__pycache__")
        )
        self.env = {
            **os.environ,
            "PYTHONPATH": str(copy),
            "GROWPATH_ENVIRONMENT": "development",
            "GROWPATH_SECRET_KEY": SECRET,
            "COLUMNS": "100",
        }
        # Into the copy's __pycache__ folders, where Python looks for them (a
        # PYTHONPYCACHEPREFIX would hide the installed libraries' own bytecode).
        subprocess.run(  # noqa: S603 - compileall on our own source
            [sys.executable, "-m", "compileall", "-q", str(copy / "growpath")],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def python(self, code: str, *args: str, runs: int) -> list[Run]:
        """Time `python -c code args` runs times (after one run not counted)."""
        command = [sys.executable, "-c", code, *args]
        measure(command, self.env, self.folder)
        return [measure(command, self.env, self.folder) for _ in range(runs)]

    def imports(self, runs: int, fresh: Path | str, into: Path | str) -> tuple[list[Run], Run]:
        """Time runs imports into a fresh database each, then a re-import of the same file."""
        timed = []
        for run in range(runs):
            url = _fresh(fresh, into, run)
            env = {**self.env, "GROWPATH_DATABASE_URL": url}
            command = [sys.executable, "-c", GROWPATH, "people", "import", "people.csv"]
            timed.append(measure(command, env, self.folder))
        again = measure(command, env, self.folder)
        return timed, again


def _fresh(template: Path | str, into: Path | str, run: int) -> str:
    # A migrated, empty database for one import: a copied file (a new name each time, so no
    # write-ahead log of an earlier run applies to it), or a PostgreSQL copy.
    if isinstance(template, Path) and isinstance(into, Path):
        copy = into.with_name(f"{into.stem}-{run}{into.suffix}")
        shutil.copyfile(template, copy)
        return f"sqlite:///{copy}"
    return copy_database(str(template), str(into))


def _migrated_sqlite(path: Path) -> Path:
    engine = create_database_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


def _migrated_postgres() -> str:
    engine = create_database_engine(create_database(TEMPLATE))
    migrate.upgrade(engine)
    engine.dispose()
    return TEMPLATE


def _archive(revision: str, folder: Path) -> Path:
    """Unpack src/ of an older commit; return its source folder."""
    archive = subprocess.run(  # noqa: S603 - git, with a revision the operator names
        ["git", "archive", revision, "src"],  # noqa: S607 - git from PATH
        cwd=SOURCE.parent,
        check=True,
        capture_output=True,
    ).stdout
    (folder / "before.tar").write_bytes(archive)
    shutil.unpack_archive(folder / "before.tar", folder / "archive")
    return folder / "archive" / "src"


def rows_of(bench: Bench, label: str, args: argparse.Namespace) -> list[Row]:
    """Time `growpath --help` and the imports with one source tree."""
    rows = [
        Row(
            f"{label}: growpath --help",
            bench.python(GROWPATH, "--help", runs=args.runs),
            HELP_TARGET,
        ),
        Row(
            f"{label}: growpath people import --help",
            bench.python(GROWPATH, "people", "import", "--help", runs=args.runs),
            HELP_TARGET,
        ),
    ]
    folder = bench.folder
    bench.env["GROWPATH_DATABASE_URL"] = f"sqlite:///{folder / 'web.db'}"
    rows.append(
        Row(
            f"{label}: a web worker's start (create_app)",
            bench.python(WEB_WORKER, runs=args.runs),
        )
    )
    rows.append(
        Row(
            f"{label}: a web worker's start and first request",
            bench.python(WEB_FIRST_REQUEST, runs=args.runs),
        )
    )
    new, again = bench.imports(
        args.import_runs, _migrated_sqlite(folder / "empty.db"), folder / f"{bench.name}.db"
    )
    rows.append(Row(f"{label}: import {args.rows:,} new people, SQLite", new, IMPORT_TARGET))
    rows.append(Row(f"{label}: re-import, nothing changed, SQLite", [again], IMPORT_TARGET))
    if args.postgres:
        try:
            new, again = bench.imports(args.import_runs, _migrated_postgres(), DATABASE)
        finally:
            drop_database(DATABASE)
            drop_database(TEMPLATE)
        rows.append(Row(f"{label}: import {args.rows:,} new, PostgreSQL", new, IMPORT_TARGET))
        rows.append(Row(f"{label}: re-import, nothing changed, PostgreSQL", [again], IMPORT_TARGET))
    return rows


def baselines(bench: Bench, runs: int) -> list[Row]:
    """The floors measured in the same run."""
    return [
        Row("baseline: python -c pass", bench.python("pass", runs=runs)),
        Row("baseline: python -c 'import typer'", bench.python("import typer", runs=runs)),
        Row(
            "baseline: the app's stack (import growpath.bootstrap)",
            bench.python("import growpath.bootstrap", runs=runs),
        ),
    ]


COLUMNS = ("what", "runs", "wall s", "CPU s", "peak MB", "target s", "CPU meets it")


def cells(row: Row) -> list[str]:
    """Return a row's medians beside its target."""
    cpu = statistics.median(r.cpu for r in row.runs)
    return [
        row.what,
        str(len(row.runs)),
        f"{statistics.median(r.wall for r in row.runs):.2f}",
        f"{cpu:.2f}",
        f"{statistics.median(r.rss_mb for r in row.runs):.0f}",
        "" if row.target is None else f"≤ {row.target:g}",
        "" if row.target is None else ("yes" if cpu <= row.target else "NO"),
    ]


def table(rows: list[Row], people: int) -> Table:
    """Return the rows as a table of medians beside their targets."""
    result = Table(title=f"growpath start-up and a {people:,}-row people import (medians)")
    for column in COLUMNS:
        result.add_column(column, justify="left" if column == "what" else "right")
    for row in rows:
        result.add_row(*cells(row))
    return result


def markdown(rows: list[Row]) -> str:
    """Return the rows as a Markdown table, for docs/performance.md."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|---" + "|---:" * (len(COLUMNS) - 1) + "|"]
    lines += ["| " + " | ".join(cells(row)) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000, help="people in the imported file")
    parser.add_argument("--runs", type=int, default=5, help="runs of each start-up figure")
    parser.add_argument("--import-runs", type=int, default=3, help="runs of each import")
    parser.add_argument("--before", metavar="REV", help="also time this older commit's code")
    parser.add_argument(
        "--no-postgres", dest="postgres", action="store_false", help="SQLite imports only"
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="growpath-bench-cli-") as tmp:
        folder = Path(tmp)
        (folder / "people.csv").write_bytes(csv_bytes(org_rows(args.rows)))
        load = os.getloadavg()[0]
        bench = Bench(SOURCE, folder, "this")
        rows = baselines(bench, args.runs) + rows_of(bench, "this code", args)
        if args.before:
            before = Bench(_archive(args.before, folder), folder, "before")
            rows += rows_of(before, f"before ({args.before})", args)
    if args.markdown:
        console.print(markdown(rows), markup=False, highlight=False, soft_wrap=True)
    else:
        console.print(table(rows, args.rows))
    console.print(
        f"Load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, on "
        f"{os.cpu_count()} cores: wall times grow with it, CPU times much less."
    )


if __name__ == "__main__":
    main()
