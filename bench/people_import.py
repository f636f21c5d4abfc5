"""Benchmark: import 10,000 HRIS rows through the `growpath` command, end to end, on SQLite.

Each step runs `growpath people import` in a fresh process (start-up, reading, validation,
writing and commit, as an operator runs it), beside a baseline measured in the same run: the
same validated people written with plain ORM objects in one transaction, in this process.
CPU time (user + system) stands beside wall time, since a shared machine stretches the wall.

Run with `make bench-import` (or `python -m bench.people_import --rows 10000`).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine
from tests.factories import csv_bytes, org_rows

from bench.databases import SECRET
from growpath.adapters import migrate
from growpath.adapters.database import create_database_engine
from growpath.adapters.orm import PersonRow, PersonSkillRow
from growpath.bootstrap import bootstrap
from growpath.services.hris_records import read_records
from growpath.services.people_import import validate_records
from growpath.settings import Settings

Measure = tuple[float, float]  # wall seconds, CPU seconds
_RUN_CLI = "from growpath.entrypoints.cli import app; app(prog_name='growpath')"


def bamboohr_bytes(rows: int) -> bytes:
    """Return a BambooHR-shaped export: names split, managers as "Last, First", extra columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "Employee #",
            "First Name",
            "Last Name",
            "Work Email",
            "Job Title",
            "Department",
            "Division",
            "Location",
            "Reports To",
            "Hire Date",
        ]
    )
    for n in range(rows):
        manager = (n - 1) // 3
        writer.writerow(
            [
                1000 + n,
                f"Given{n}",
                f"Family{n}",
                f"person{n}@example.com",
                "Engineer",
                ["Platform", "Data", "Web"][n % 3],
                "R&D",
                "Berlin",
                f"Family{manager}, Given{manager}" if n else "",
                "2020-01-15",
            ]
        )
    return buffer.getvalue().encode()


def _fresh_database(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}"
    engine = create_database_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


def _cli(url: str, folder: Path, *args: str) -> Measure:
    """Run `growpath people import …` in its own process; return its wall and CPU time."""
    env = {
        **os.environ,
        "GROWPATH_DATABASE_URL": url,
        "GROWPATH_ENVIRONMENT": "development",
        "GROWPATH_SECRET_KEY": SECRET,
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own command, with arguments we build
        [sys.executable, "-c", _RUN_CLI, "people", "import", *args],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _in_process(work: Callable[[], object]) -> Measure:
    started, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - started, time.process_time() - cpu


def _orm_baseline(engine: Engine, content: bytes) -> None:
    """Validate the same way, then write with plain ORM objects in one transaction."""
    app = bootstrap(Settings(environment="development", secret_key=SECRET), engine=engine)
    with app.uow() as uow:
        profiles = validate_records(read_records(content, "people.csv").records, [])
        rows = {}
        for _, profile in profiles.values():
            row = PersonRow(
                email=profile.email,
                name=profile.name,
                title=profile.title,
                department=profile.department,
                seniority_level=profile.seniority_level,
                job_family=profile.job_family,
                timezone=profile.timezone,
                languages=list(profile.languages),
                interests=list(profile.interests),
                bio=profile.bio,
                created_at=app.clock.now(),
                updated_at=app.clock.now(),
                skills=[PersonSkillRow(name=n, level=lvl) for n, lvl in profile.skills.items()],
            )
            rows[profile.email] = row
            uow.session.add(row)
        for _, profile in profiles.values():
            if profile.manager_email:
                rows[profile.email].manager = rows[profile.manager_email]
        uow.commit()


def main() -> None:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "people.csv").write_bytes(csv_bytes(org_rows(args.rows)))
        (folder / "bamboohr.csv").write_bytes(bamboohr_bytes(args.rows))
        empty = _fresh_database(folder, "empty.db")
        steps: list[tuple[str, Measure]] = [
            ("CLI start-up only (a header-only file, dry run)", (0.0, 0.0)),
        ]
        (folder / "header.csv").write_text("email,name\nnobody@example.com,Nobody\n")
        steps[0] = (steps[0][0], _cli(empty, folder, "header.csv", "--dry-run"))
        steps.append(
            ("CLI dry run, growpath columns", _cli(empty, folder, "people.csv", "--dry-run"))
        )
        first = _fresh_database(folder, "first.db")
        steps.append(("CLI import, growpath columns (new)", _cli(first, folder, "people.csv")))
        steps.append(("CLI re-import, nothing changed", _cli(first, folder, "people.csv")))
        preset = _fresh_database(folder, "preset.db")
        steps.append(
            (
                "CLI import, BambooHR preset, managers by name",
                _cli(preset, folder, "bamboohr.csv", "--preset", "bamboohr"),
            )
        )
        engine = create_database_engine(_fresh_database(folder, "baseline.db"))
        content = (folder / "people.csv").read_bytes()
        baseline = _in_process(lambda: _orm_baseline(engine, content))
        engine.dispose()
    table = Table(title=f"People import, {args.rows:,} rows, SQLite")
    for column in (
        "step",
        "wall s",
        "CPU s",
        "rows/s (wall)",
        "wall vs baseline",
        "CPU vs baseline",
    ):
        table.add_column(column, justify="right")
    for step, (wall, cpu) in [*steps, ("baseline: validate + ORM add_all, in process", baseline)]:
        table.add_row(
            step,
            f"{wall:.2f}",
            f"{cpu:.2f}",
            f"{args.rows / wall:,.0f}",
            f"{wall / baseline[0]:.2f}×",
            f"{cpu / baseline[1]:.2f}×",
        )
    Console().print(table)


if __name__ == "__main__":
    main()
